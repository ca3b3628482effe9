# One verb per target. Every target installs what it needs on first use, so a
# fresh machine needs only `make serve` or `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := serve

# pyenv resolves `python3` to the version in .python-version (3.13.0).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint dist bench

## Build the site with the tool and serve it (gzip, as a web server would) at http://127.0.0.1:8000
serve: build
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) -m sitebuild.serve --bind $(HOST) --directory site $(PORT)

## Build the static site, Pyodide runtime and toolkit wheels into site/ (UCB_FAST_START=false: a plain-Pyodide tool)
build: $(VENV)/.deps node_modules/.deps
	SITE_URL=http://$(HOST):$(PORT)/ $(PY) -m mkdocs build --strict

## Install everything the tests need and run them all, browser tests included (after the linters)
test: lint node_modules/.deps browser servers
	$(PY) -m pytest --benchmark-skip

## Check the Python (ruff: lint and format) and the JavaScript modules (oxlint)
lint: $(VENV)/.deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/oxlint --deny-warnings docs sitebuild tests

## Build the site for any host and sub-path and zip it into dist/
dist: $(VENV)/.deps node_modules/.deps
	rm -rf build/dist-site dist && mkdir -p dist
	SITE_URL= $(PY) -m mkdocs build --strict --site-dir build/dist-site
	cd build/dist-site && ../../$(PY) -m zipfile -c ../../dist/portsmouth-ucb-site-$(VERSION).zip *
	@echo "Wrote dist/portsmouth-ucb-site-$(VERSION).zip"

## Measure start-up, round-trips, a 10,000-contact assessment, page weights and the register over 1,000 files (not a test)
bench: $(VENV)/.deps node_modules/.deps browser
	$(PY) -m pytest tests/toolkit/test_benchmark.py --benchmark-only -q
	$(PY) tests/bench.py
	$(PY) tests/bench_register.py

# --- set-up -----------------------------------------------------------------

$(VENV)/.deps: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "Python 3.12 or later is needed (found $$($(PYTHON) --version)); see .python-version"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium where Playwright cannot download its own browser.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -d "$$HOME/.cache/ms-playwright" ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
.PHONY: browser

# Debian's nginx and Apache, which the hosting page's server recipes are tested on (the tests start
# their own copies on 127.0.0.1; the system services are not used). openssl makes their certificate.
servers:
	@{ [ -x /usr/sbin/nginx ] && [ -x /usr/sbin/apache2 ] && command -v openssl >/dev/null 2>&1; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx apache2 openssl; }
.PHONY: servers
