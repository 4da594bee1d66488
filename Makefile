# Two commands on a fresh machine: `make deck` builds every output into dist/, `make test` runs the
# whole suite. Each installs what is missing first: Python packages into .venv (from
# pyproject.toml), reveal.js and fonts with `npm ci` (from package-lock.json), and Chromium.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip

.PHONY: deck pdf pptx test check stats serve bench schema setup clean chromium libreoffice new site

deck: setup
	$(PY) build.py

test: setup $(VENV)/.test-installed libreoffice
	$(PY) -m pytest

pdf: setup
	$(PY) build.py pdf

pptx: setup
	$(PY) build.py pptx

# The talk's page to share after the talk, with its deck and downloads: dist/site/ (OUT=DIR elsewhere)
site: setup
	$(PY) build.py site $(if $(OUT),--out "$(OUT)")

check: setup
	$(PY) build.py check

stats: setup
	$(PY) build.py stats

serve: setup
	$(PY) build.py serve

schema: setup
	$(PY) build.py schema

# A new talk folder to fill in: make new DIR=../my-next-talk [LANGUAGE=de]
new: setup
	@test -n "$(DIR)" || { echo "usage: make new DIR=../my-next-talk [LANGUAGE=de]"; exit 2; }
	$(PY) build.py new "$(DIR)" --language "$(or $(LANGUAGE),en)"

bench: setup $(VENV)/.bench-installed
	$(PY) bench/run.py

setup: $(VENV)/.installed node_modules/.installed chromium

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Chromium renders the PDFs and runs the browser tests; Debian's package where none is found.
chromium:
	@sh .ci/ensure-chromium

# The tests open the PowerPoint file in LibreOffice Impress (headless): Debian's package where none is found.
libreoffice:
	@sh .ci/ensure-libreoffice

clean:
	rm -rf dist .dist.building-* $(VENV) node_modules
