# Two commands do everything on a fresh Debian machine with python3 and make:
#   make build   set up .venv, build every table, validate the package
#   make test    set up .venv, build-free checks of the committed package
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)

.PHONY: build check test bench text-free clean

$(STAMP): requirements.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv" >&2; \
	  rm -rf $(VENV); apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

build: $(STAMP)
	$(PY) -m pipeline.build
	$(VENV)/bin/frictionless validate datapackage.json

check: $(STAMP)
	$(PY) -m pipeline.build --check

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) scripts/benchmark.py

text-free: $(STAMP)
	$(PY) -m pipeline.text_free dist/text-free

clean:
	rm -rf $(VENV) dist .pytest_cache
