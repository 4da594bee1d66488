# Two commands on a fresh machine: `make deck` builds every output into dist/, `make test` runs the
# whole suite. Each installs what is missing first: Python packages into .venv (from
# requirements.lock, hash-checked), reveal.js and fonts with `npm ci` (from package-lock.json),
# and Chromium.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip

.PHONY: deck pdf pptx test check stats serve bench schema setup clean chromium libreoffice new site lock wheel

deck: setup
	$(PY) build.py

# The suite in worker processes, a test file to each at a time (module fixtures build once), the
# longest files first (tests/conftest.py); TEST_WORKERS=0 runs it in this one process. One worker
# more than the machine's cores: the time a worker waits on LibreOffice, a server or a build is
# another's to use.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))

test: setup libreoffice
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# `make pdf` is `build.py pdf`, and so on for each command that takes no arguments.
pdf pptx check stats serve schema: setup
	$(PY) build.py $@

# The talk's page to share after the talk, with its deck and downloads: dist/site/ (OUT=DIR elsewhere)
site: setup
	$(PY) build.py site $(if $(OUT),--out "$(OUT)")

# A new talk folder to fill in: make new DIR=../my-next-talk [LANGUAGE=de]
new: setup
	@test -n "$(DIR)" || { echo "usage: make new DIR=../my-next-talk [LANGUAGE=de]"; exit 2; }
	$(PY) build.py new "$(DIR)" --language "$(or $(LANGUAGE),en)"

bench: setup
	$(PY) bench/run.py

setup: $(VENV)/.installed node_modules/.installed chromium

# Every Python package (the engine's, the tests', the bench's, the lock's own tool) at the exact
# version and hashes requirements.lock names, so two fresh machines a month apart get the same
# ones; pyproject.toml keeps the ranges. The project itself goes in last, editable and without
# dependencies (the lock has them all), built by the locked setuptools, not a downloaded one.
# PIP_CONSTRAINT is emptied: a machine-wide constraints file may not hold back a locked version.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT= $(PIP) install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Refresh requirements.lock within pyproject.toml's ranges (newest releases that fit), then run
# `make test`: a new release is taken on purpose, with the whole suite behind it.
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --generate-hashes --universal \
	  --python-version 3.11 --upgrade --quiet --custom-compile-command "make lock" -o requirements.lock

# The engine as a wheel for pipx (`deck`), with its templates, theme and reveal.js inside; built by
# the locked setuptools. build/lib goes first: a module removed since must not ship from it.
wheel: setup
	rm -rf build/lib build/wheels
	$(PIP) wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w build/wheels .

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
