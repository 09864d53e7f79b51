// Article page: select a claim to show its details, and highlight the span a link targets.
// Every detail is already in the page (rendered by the templates); this script only shows one.
(function () {
  "use strict";

  var text = document.getElementById("text");
  var hint = document.getElementById("panel-hint");
  var closeButton = document.getElementById("panel-close");
  var current = null;

  // A span cut in pieces (where it crosses another span) has its id on the first piece;
  // the others name it in data-span, and a claim is selected through its first piece.
  function mainPiece(element) {
    var claim = element && element.closest(".claim");
    return claim ? document.getElementById("claim-" + claim.dataset.claim) : null;
  }

  function mark(claim, selected) {
    var pieces = text.querySelectorAll('.claim[data-claim="' + CSS.escape(claim.dataset.claim) + '"]');
    for (var i = 0; i < pieces.length; i++) {
      pieces[i].classList.toggle("selected", selected);
    }
    claim.setAttribute("aria-pressed", String(selected));
  }

  function select(claim) {
    if (current) {
      mark(current, false);
      document.getElementById("detail-" + current.dataset.claim).classList.remove("current");
    }
    current = claim;
    document.body.classList.toggle("has-selection", Boolean(claim));
    hint.textContent = claim ? "Selected claim" : "No claim selected.";
    if (!claim) {
      return;
    }
    mark(claim, true);
    var detail = document.getElementById("detail-" + claim.dataset.claim);
    detail.classList.add("current");
    detail.closest(".panel-body").scrollTop = 0;
  }

  text.addEventListener("click", function (event) {
    var claim = mainPiece(event.target);
    if (claim) {
      select(claim);
    }
  });

  text.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") {
      return;
    }
    var claim = mainPiece(event.target);
    if (claim) {
      // Space would otherwise scroll the page.
      event.preventDefault();
      select(claim);
    }
  });

  function close() {
    var claim = current;
    select(null);
    if (claim) {
      claim.focus();
    }
  }

  closeButton.addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      close();
    }
  });

  // Put the target a quarter down the window: clear of the claim panel, which covers the bottom half on a phone.
  function reveal(element) {
    var top = element.getBoundingClientRect().top + window.scrollY - window.innerHeight / 4;
    window.scrollTo(0, Math.max(0, top));
  }

  function highlight() {
    var old = document.querySelectorAll(".hl");
    for (var i = 0; i < old.length; i++) {
      old[i].classList.remove("hl");
    }
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      return;
    }
    target.classList.add("hl");
    var pieces = document.querySelectorAll('[data-span="' + CSS.escape(id) + '"]');
    for (var j = 0; j < pieces.length; j++) {
      pieces[j].classList.add("hl");
    }
    var closed = target.closest("details:not([open])");
    if (closed) {
      closed.open = true;
    }
    var claim = text.contains(target) ? mainPiece(target) : null;
    if (claim) {
      select(claim);
    }
    reveal(target);
  }

  window.addEventListener("hashchange", highlight);
  highlight();
  // The browser scrolls to the fragment itself once the page has loaded; place the target after that.
  window.addEventListener("load", function () {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      reveal(target);
    }
  });
})();
