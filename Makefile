# Two commands do everything on a fresh Debian machine with python3 and make:
#   make build   set up .venv, build every table, validate the package
#   make test    set up .venv (and R and Chromium for the R and browser tests), test the committed package
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)

.PHONY: build check test test-fast bench diff release text-free hydrate site serve screenshots r-deps browser-deps clean

$(STAMP): requirements.txt
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed (above); installing Debian's python3-venv" >&2; \
	  rm -rf $(VENV); apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv \
	    && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

build: $(STAMP)
	$(PY) -m pipeline.build
	@$(MAKE) --no-print-directory docs/timeline.png docs/questions.md

# The build leaves unchanged tables untouched, so the figure and the answers
# page are made again only when a table or their script changed.
docs/timeline.png: $(wildcard data/*.csv) scripts/plot_timeline.py
	$(PY) scripts/plot_timeline.py

docs/questions.md: $(wildcard data/*.csv) examples/questions.py
	$(PY) examples/questions.py --markdown $@

check: $(STAMP)
	$(PY) -m pipeline.build --check

test: $(STAMP) r-deps browser-deps
	$(PY) -m pytest

# The fast tier: the package's own checks, without rebuilds, fault injection, fuzzing or external clients.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not client"

# The R recipes are tested with Debian's R, readr and jsonlite (no CRAN access needed).
r-deps:
	@Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1 || { \
	  echo "installing R, readr and jsonlite from Debian's packages" >&2; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    r-base-core r-cran-readr r-cran-jsonlite >/dev/null; }

# The site's browser tests and the screenshots drive Debian's Chromium (Playwright's own browser download is not used).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests" >&2; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium fonts-dejavu-core >/dev/null; }

# Time each stage on the package replicated 1, 4, 16 and 64 times, beside a bare frictionless validate.
bench: $(STAMP)
	$(PY) scripts/scaling_benchmark.py

# Every table compared with the last commit by primary key: added, removed and changed cells.
diff: $(STAMP)
	$(PY) -m pipeline.diff

# Single-file editions in dist/: zip, SQLite (+ Datasette metadata), xlsx, the text-free zip, SHA256SUMS.
release: $(STAMP)
	$(PY) -m pipeline.release

text-free: $(STAMP)
	$(PY) -m pipeline.text_free dist/text-free

# The full edition from the text-free one and your copies of the pages: make hydrate PAGES=folder
hydrate: $(STAMP)
	$(PY) -m pipeline.hydrate dist/text-free $(PAGES) dist/hydrated

# A static site to browse the package without code: open dist/site/index.html.
site: $(STAMP)
	$(PY) -m pipeline.site

# Datasette on http://127.0.0.1:8001/ with canned queries; builds the SQLite edition first when missing or stale.
serve: $(STAMP)
	$(PY) -m pipeline.serve

# docs/screenshots/: an article page and the promises page, on a desktop and a phone.
screenshots: $(STAMP) browser-deps
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) dist .pytest_cache .cache
