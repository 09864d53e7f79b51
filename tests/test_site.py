"""The static site, opened in a real browser: Debian's Chromium, headless, every page by file:// URL.

Expected values come from the published CSVs, read here with pandas, so a
mistake in pipeline/site.py or its templates cannot hide in both places. A
missing /usr/bin/chromium fails these tests: `make browser-deps` installs it.
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from pipeline.site import CHROMIUM, VIEWPORTS, build_site, launch_chromium
from pipeline.site_marks import Mark, tokens

pytestmark = pytest.mark.client

DESKTOP, PHONE = VIEWPORTS["desktop"], VIEWPORTS["phone"]
MINIMUM_CONTRAST = 4.5

# The text of a span as the reader sees it, without the attribution labels the page adds, pieces joined.
SPAN_TEXT = """id => {
  const pieces = [document.getElementById(id), ...document.querySelectorAll(`[data-span="${id}"]`)];
  return pieces.map(piece => {
    const copy = piece.cloneNode(true);
    copy.querySelectorAll('.badge').forEach(badge => badge.remove());
    return copy.textContent;
  }).join('');
}"""
# The colour of an element's text and the first opaque background behind it, as [r, g, b] lists.
COLOURS = """element => {
  const parse = value => value.match(/[\\d.]+/g).map(Number);
  let node = element, background = null;
  while (node && node.nodeType === 1) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour.length === 3 || colour[3] > 0) { background = colour.slice(0, 3); break; }
    node = node.parentElement;
  }
  return [parse(getComputedStyle(element).color).slice(0, 3), background || [255, 255, 255]];
}"""
IN_VIEWPORT = """element => {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && box.width > 0 && box.height > 0;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, root) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(root, out)
    return out


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium package)"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, site):
    """Open a site page by file:// URL, one browser page per viewport and test.

    The page records its console errors and uncaught exceptions in page.errors.
    """
    pages = {}

    def opener(name: str, viewport: dict = DESKTOP):
        key = (viewport["width"], viewport["height"])
        if key not in pages:
            page = browser.new_page(viewport=viewport)
            page.errors = []
            page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            pages[key] = page
        page = pages[key]
        path, _, fragment = name.partition("#")
        page.goto((site / path).as_uri() + (f"#{fragment}" if fragment else ""))
        return page

    yield opener
    for page in pages.values():
        page.close()


def article_page(article_id: str) -> str:
    return f"article-{article_id}.html"


def luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground, background) -> float:
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


class Ids(HTMLParser):
    """Every id in a page, and every link's href."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])


def parse(path: Path) -> Ids:
    parser = Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ---------------------------------------------------------------- the build


def test_crossing_spans_are_cut_into_well_nested_pieces():
    text = "Kata Jack Ma di Bali"
    claim, mention = Mark("claim", "claim-a", 0, 12, {}), Mark("mention", "m-b", 10, 20, {})
    quantity = Mark("quantity", "q-c", 5, 9, {})
    stream = tokens(text, [mention, quantity, claim])
    assert "".join(token.text for token in stream) == text
    depth, opened = 0, []
    for token in stream:
        depth += {"open": 1, "close": -1, "text": 0}[token.kind]
        assert depth >= 0
        if token.kind == "open":
            opened.append((token.mark.anchor, token.continued))
    assert depth == 0
    # The mention crosses the claim's end: it is closed there and reopened as a continuation without an id.
    assert opened == [("claim-a", False), ("q-c", False), ("m-b", False), ("m-b", True)]


def test_building_twice_gives_the_same_bytes(site, root):
    # A sibling folder, so that the links into the repository are the same relative paths.
    again = site.with_name(f"{site.name}-again")
    build_site(root, again)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_pages_load_nothing_from_the_network(site):
    for path in site.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        for attribute in ("src=", 'rel="stylesheet" href='):
            for value in html.split(attribute)[1:]:
                assert not value.lstrip("\"'").startswith(("http:", "https:", "//")), path.name
        assert "fetch(" not in html, path.name
    assert "fetch(" not in (site / "static" / "article.js").read_text(encoding="utf-8")


def test_every_internal_link_lands_on_an_element(site):
    pages = {path.name: parse(path) for path in site.glob("*.html")}
    for name, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme:
                continue  # the sources and the licences, on the web
            target = parts.path or name
            if target in pages:
                assert not parts.fragment or parts.fragment in pages[target].ids, f"{name}: {href}"
            else:
                # A download: a file of the repository or of dist/, by a relative path.
                assert (site / target).exists(), f"{name}: {href}"


# ---------------------------------------------------------------- article pages


def test_article_pages_mark_every_claim_and_keep_the_text(open_page, tables):
    for article in tables["articles"].itertuples():
        page = open_page(article_page(article.article_id))
        claims = tables["claims"].query("article_id == @article.article_id")
        marked = page.eval_on_selector_all("#text .claim[id]", "elements => elements.map(e => e.id)")
        assert len(marked) == len(claims), article.article_id
        assert set(marked) == {f"claim-{claim_id}" for claim_id in claims.claim_id}
        texts = page.evaluate(f"ids => ids.map({SPAN_TEXT})", [f"claim-{claim_id}" for claim_id in claims.claim_id])
        assert texts == claims.quote.tolist(), article.article_id
        assert page.evaluate(SPAN_TEXT, "text") == article.text, article.article_id
        assert page.get_attribute("#text", "lang") == "id"
        # Direct, indirect and narration differ by more than colour: each has its own border style and a label.
        styles = page.evaluate(
            """() => Object.fromEntries(['direct', 'indirect', 'narration'].map(value => {
                 const claim = document.querySelector('#text .claim.mk-' + value);
                 return [value, claim && [getComputedStyle(claim).borderBottomStyle,
                                          claim.querySelector('.badge').textContent]];
               }))"""
        )
        present = {value: style for value, style in styles.items() if style}
        assert len({style for style, _ in present.values()}) == len(present), styles
        assert all(label == value for value, (_, label) in present.items()), styles
        # Excluded text and the removed page lines are listed, folded away until asked for.
        for table, section in (("exclusions", "#exclusions"), ("page_furniture", "#furniture")):
            expected = len(tables[table].query("article_id == @article.article_id"))
            assert page.locator(f"{section} tbody tr").count() == expected, (article.article_id, table)
            if expected:
                assert not page.locator(f"{section} tbody").is_visible()
                page.click(f"{section} > summary")
                assert page.locator(f"{section} tbody").is_visible()
        assert page.errors == [], article.article_id


def test_selecting_a_claim_shows_its_rendering_and_its_discrepancies(open_page, tables):
    links = tables["discrepancy_links"].dropna(subset=["claim_id"])
    discrepancies = tables["discrepancies"].set_index("discrepancy_id")
    shown_detail = """() => {
      const details = [...document.querySelectorAll('.detail')].filter(d => d.checkVisibility());
      const detail = details[0], statement = detail && detail.querySelector('.statement');
      return detail && {
        ids: details.map(d => d.id), text: detail.innerText,
        statement: statement.innerText, lang: statement.lang,
        discrepancies: [...detail.querySelectorAll('.discrepancy-list a')].map(a => a.getAttribute('href')),
      };
    }"""
    for article in tables["articles"].itertuples():
        page = open_page(article_page(article.article_id))
        for claim in tables["claims"].query("article_id == @article.article_id").itertuples():
            # A real mouse click on the label at the claim's start (the middle of a claim that wraps could be its
            # neighbour); force skips the waits for animation frames, and the detail shown proves what was hit.
            page.click(f"#claim-{claim.claim_id} > .badge", force=True)
            shown = page.evaluate(shown_detail)
            assert shown and shown["ids"] == [f"detail-{claim.claim_id}"], claim.claim_id
            assert (shown["statement"], shown["lang"]) == (claim.statement_en, "en")
            expected = set(links.query("claim_id == @claim.claim_id").discrepancy_id)
            assert set(shown["discrepancies"]) == {f"discrepancies.html#d-{d}" for d in expected}, claim.claim_id
            for discrepancy_id in expected:
                assert discrepancies.loc[discrepancy_id, "description_en"] in shown["text"]
        assert page.errors == []


def test_keyboard_reaches_and_selects_claims(open_page, tables):
    article_id = tables["articles"].article_id.iloc[0]
    first, second = tables["claims"].query("article_id == @article_id").sort_values("char_start").claim_id[:2]
    page = open_page(article_page(article_id))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('claim')"):
            break
    assert page.evaluate("document.activeElement.id") == f"claim-{first}"
    page.keyboard.press("Enter")
    assert page.locator(f"#detail-{first}").is_visible()
    assert page.get_attribute(f"#claim-{first}", "aria-pressed") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"claim-{second}"
    # A listener on window runs after the page's own: it sees whether Space's default (scrolling) was stopped.
    page.evaluate("window.addEventListener('keydown', event => { window.spaceScrolls = !event.defaultPrevented; })")
    page.keyboard.press(" ")
    assert page.locator(f"#detail-{second}").is_visible()
    assert not page.locator(f"#detail-{first}").is_visible()
    assert page.evaluate("window.spaceScrolls") is False, "Space scrolls the page as well as selecting"
    page.keyboard.press("Escape")
    assert page.locator(".detail.current").count() == 0
    assert page.evaluate("document.activeElement.id") == f"claim-{second}"
    assert page.errors == []


def test_layers_switch_on_and_off(open_page, tables):
    article_id = tables["exclusions"].article_id.iloc[0]
    page = open_page(article_page(article_id))
    checks = {
        "mention": ("#text .m", "textDecorationLine", "underline"),
        "quantity": ("#text .q", "borderTopStyle", "solid"),
        "time": ("#text .t", "borderTopStyle", "dashed"),
        "exclusion": ("#text .x", "fontStyle", "italic"),
    }
    for layer, (selector, prop, drawn) in checks.items():
        if not page.locator(selector).count():
            continue
        style = f"document.querySelector('{selector}') && getComputedStyle(document.querySelector('{selector}')).{prop}"
        page.set_checked(f"#layer-{layer}", True)
        assert page.evaluate(style) == drawn, layer
        page.set_checked(f"#layer-{layer}", False)
        assert page.evaluate(style) != drawn, layer
    assert page.errors == []


# ---------------------------------------------------------------- following links


def link_targets(tables) -> list:
    """One discrepancy link of each target table, and the element id each must land on."""
    prefixes = {"claims": "claim-", "quantities": "q-", "time_expressions": "t-"}

    def anchor(row) -> str:
        # A link to an article as a whole lands on the page's own facts.
        return prefixes[row.target_table] + row.target_id if row.target_table in prefixes else "about"

    chosen = tables["discrepancy_links"].drop_duplicates("target_table")
    return [(row.discrepancy_id, row.article_id, anchor(row)) for row in chosen.itertuples()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_discrepancy_link_lands_on_the_span_it_names(open_page, tables, viewport):
    for discrepancy_id, article_id, anchor in link_targets(tables):
        page = open_page("discrepancies.html", viewport)
        link = page.locator(f"#d-{discrepancy_id} a.span-link[href='{article_page(article_id)}#{anchor}']")
        assert link.count() == 1, (discrepancy_id, anchor)
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"{article_page(article_id)}#{anchor}")
        target = page.locator(f"[id='{anchor}']")
        assert target.is_visible(), anchor
        assert target.evaluate(IN_VIEWPORT), f"{anchor} is scrolled out of view"
        assert "hl" in target.get_attribute("class").split(), f"{anchor} is not highlighted"
        colours = target.evaluate(COLOURS)
        assert colours[1] != [255, 255, 255], f"{anchor} has no highlight background"
        if anchor.startswith("claim-"):
            assert page.locator(f"#detail-{anchor.removeprefix('claim-')}").is_visible()
        if viewport is PHONE and page.locator(".panel").is_visible():
            # On a phone the claim panel covers the bottom of the window: the target must stay above it.
            panel_top = page.locator(".panel").evaluate("p => p.getBoundingClientRect().top")
            assert target.evaluate("t => t.getBoundingClientRect().top") < panel_top, anchor
        assert page.errors == []


# ---------------------------------------------------------------- promises


def test_promises_page_lists_every_promise_with_the_outlets_that_state_it(open_page, tables):
    page = open_page("promises.html")
    assert "not a verdict" in page.locator(".disclaimer").inner_text()
    links = tables["claim_propositions"].merge(tables["articles"][["article_id", "outlet"]], on="article_id")
    promises = tables["propositions"].query("proposition_type == 'promise'")
    for promise in promises.itertuples():
        section = page.locator(f"#p-{promise.proposition_id}")
        assert section.count() == 1, promise.proposition_id
        stating = links.query("proposition_id == @promise.proposition_id and relation != 'reports_on'")
        shown = section.locator(".wording[data-relation^='states']").evaluate_all(
            "items => items.map(item => item.closest('.card').querySelector('.outlet').textContent)"
        )
        assert set(shown) == set(stating.outlet), promise.proposition_id
        assert len(shown) == len(stating)
        every = links.query("proposition_id == @promise.proposition_id")
        assert section.locator(".wording").count() == len(every)
        assert section.locator("blockquote[lang='id']").count() == len(every)
        assert section.locator(".card .en[lang='en']").count() == len(every)
        statuses = tables["promise_statuses"].query("proposition_id == @promise.proposition_id")
        assert section.locator("table tbody tr").count() == len(statuses)
        stated_by = f"stated by {promise.independent_article_count} independent"
        assert stated_by in section.locator(".meta-line").inner_text()
    assert page.errors == []


# ---------------------------------------------------------------- readability


def test_text_contrast_is_at_least_4_5(open_page, tables):
    claim = tables["claims"].query("attribution == 'direct'").iloc[0]
    page = open_page(f"{article_page(claim.article_id)}#claim-{claim.claim_id}")
    samples = {"body text": "#text", "hint": ".hint", "link": ".site-header a:not([aria-current])"}
    for value in ("direct", "indirect", "narration"):
        samples[f"{value} claim"] = f"#text .claim.mk-{value}:not(.selected)"
        samples[f"{value} label"] = f"#text .claim.mk-{value} .badge"
    samples["selected, highlighted claim"] = f"#claim-{claim.claim_id}"
    for name, selector in samples.items():
        element = page.locator(selector).first
        if not element.count():
            continue
        foreground, background = element.evaluate(COLOURS)
        ratio = contrast(foreground, background)
        assert ratio >= MINIMUM_CONTRAST, f"{name}: {foreground} on {background} is {ratio:.2f}:1"
    page.hover("#text .claim.mk-narration:not(.selected) > .badge")
    hovered = page.locator("#text .claim.mk-narration:hover").first
    assert contrast(*hovered.evaluate(COLOURS)) >= MINIMUM_CONTRAST
    assert page.errors == []


def test_no_page_scrolls_sideways_on_a_phone(open_page, site):
    for path in sorted(site.glob("*.html")):
        page = open_page(path.name, PHONE)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path.name, overflow)
