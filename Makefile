# Two commands matter: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PORT   ?= 8000

.PHONY: serve test vendor bench site clean

vendor:
	$(PYTHON) scripts/vendor.py

serve: vendor
	$(PYTHON) scripts/serve.py --port $(PORT)

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# axe-core (a pinned dev dependency) for the accessibility tests; npm ci writes this file.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: $(VENV)/.installed vendor node_modules/.package-lock.json
	$(VENV)/bin/python -m pytest

bench: $(VENV)/.installed vendor
	$(VENV)/bin/python bench/run.py

# The deployable site: exactly what a static host needs (used by the GitHub Pages workflow).
site: vendor
	rm -rf _site
	mkdir -p _site
	cp -r index.html pyscript.toml .nojekyll py assets _site/
	rm -rf _site/py/__pycache__
	@echo "site: _site/ is ready to publish"

clean:
	rm -rf assets/vendor node_modules $(VENV) tests/artifacts bench/results.json _site
