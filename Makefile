# Two commands matter: `make serve` and `make test` (see README.md).
#   make check        lint + every CPython test (no browser), well under a minute
#   make test         check + the browser tests (Chromium); what CI runs
#   make screenshots  the 1280×800 / 390×844 / embed / dark screenshots, into tests/artifacts/
#   make bench-smoke  a quick run of the benchmark harness, checked (make bench is the real run)
#   make page         regenerate index.html's generated regions and assets/palette.css from py/
PYTHON ?= python3
VENV   := .venv
PORT   ?= 8000
PYTEST := $(VENV)/bin/python -m pytest

.PHONY: serve check test screenshots bench-smoke vendor snapshot bench site clean page

vendor:
	$(PYTHON) scripts/vendor.py

# What the page shows before Python starts, generated from py/: index.html's marked regions and the
# colour classes' stylesheet (tests/test_render_page.py and tests/test_csp.py fail while either is stale).
page:
	$(PYTHON) scripts/render_page.py

# The start-up memory snapshot (scripts/snapshot.py): made in headless Chromium when Playwright and a
# Chromium are there (the .venv's Python if it exists), else skipped: the page then boots normally.
SNAPSHOT_PYTHON = $(if $(wildcard $(VENV)/bin/python),$(VENV)/bin/python,$(PYTHON))
snapshot: vendor
	$(SNAPSHOT_PYTHON) scripts/snapshot.py

serve: vendor snapshot
	$(PYTHON) scripts/serve.py --port $(PORT)

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

check: $(VENV)/.installed vendor
	$(VENV)/bin/ruff check .
	$(PYTEST) -m "not browser"

test: check snapshot node_modules/.package-lock.json
	$(PYTEST) -m "browser and not screenshot and not bench"

screenshots: $(VENV)/.installed vendor snapshot
	$(PYTEST) -m screenshot

bench-smoke: $(VENV)/.installed vendor snapshot
	$(PYTEST) -m bench

# axe-core (a pinned dev dependency) for the accessibility tests; npm ci writes this file.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

bench: $(VENV)/.installed vendor snapshot
	$(VENV)/bin/python bench/run.py

# The deployable site: exactly what a static host needs (used by the GitHub Pages workflow).
site: $(VENV)/.installed vendor snapshot
	rm -rf _site
	mkdir -p _site
	cp -r index.html pyscript.toml .nojekyll py assets _site/
	rm -rf _site/py/__pycache__
	$(PYTHON) scripts/modules_zip.py _site/py/modules.zip
	@echo "site: _site/ is ready to publish"

clean:
	rm -rf assets/vendor node_modules $(VENV) tests/artifacts bench/results.json _site
