# The two commands of the README. Each installs what it needs into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test lint install install-test lock browser-deps admin-deps clean

# The web editor's npm packages, pinned: decap-server and js-yaml by package-lock.json; decap-cms
# with `npm pack` (its dist is a self-contained bundle; installing it would pull 700 build-time
# packages), checked against the sha512 the registry published for this version.
DECAP_CMS_VERSION := 3.16.3
DECAP_CMS_SHA512 := hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==
DECAP_DIR := node_modules/.decap-cms-$(DECAP_CMS_VERSION)

## make site: validate the bundled catalogue and build the site into site/
site: install admin-deps
	$(BIN)/catalog build

## make test: lint and type check, then the whole test suite, browser tests included
test: install-test browser-deps admin-deps lint
	$(BIN)/python -m pytest

# Configured in pyproject.toml: ruff on the package and the tests, mypy on the package.
lint: install-test
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy

# The venv's own pip installs the locks: an unpinned `pip install --upgrade pip` would be the one
# package taken unchecked.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency from the lock, each file checked against its hash; then the project alone.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .

## make lock: after changing a dependency in pyproject.toml, re-pin everything with hashes
# pip-compile copies the machine's pip settings (where packages come from) into the lock as option
# lines starting with "--"; they are dropped, so the locks name packages only.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --all-build-deps --strip-extras --no-header
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools==7.7.0
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file=requirements.lock pyproject.toml
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --extra test --output-file=requirements-test.lock pyproject.toml
	sed -i -e '/^--/d' -e '/./,$$!d' requirements.lock requirements-test.lock

# Debian's Chromium for the browser tests (Playwright cannot download its own
# browser here), axe-core from npm for the accessibility checks, and the Nu HTML
# Checker (vnu.jar, run with Debian's Java 17) for valid HTML.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package to run the browser tests (sudo apt-get install chromium)."; fi; }
	@test -f tests/vendor/axe.min.js || { mkdir -p tests/vendor && cd tests/vendor && npm pack --silent axe-core@4.14.1 >/dev/null \
	  && tar -xzf axe-core-4.14.1.tgz package/axe.min.js && mv package/axe.min.js . && rm -rf package axe-core-4.14.1.tgz; }
	@test -f tests/vendor/vnu.jar || { mkdir -p tests/vendor && cd tests/vendor && npm pack --silent vnu-jar@26.9.27 >/dev/null \
	  && tar -xzf vnu-jar-26.9.27.tgz package/build/dist/vnu.jar package/LICENSE && mv package/build/dist/vnu.jar . \
	  && mv package/LICENSE vnu.LICENSE && rm -rf package vnu-jar-26.9.27.tgz; }

## make admin-deps: the pinned files of the web editor at /admin/ (needs npm)
admin-deps: $(DECAP_DIR)/decap-cms.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(DECAP_DIR)/decap-cms.js: node_modules/.package-lock.json
	rm -rf $(DECAP_DIR) $(DECAP_DIR).tmp && mkdir -p $(DECAP_DIR).tmp
	cd $(DECAP_DIR).tmp && npm pack --silent decap-cms@$(DECAP_CMS_VERSION) >/dev/null
	$(PYTHON) -c "import base64, hashlib, sys; d = base64.b64encode(hashlib.sha512(open(sys.argv[1], 'rb').read()).digest()).decode(); sys.exit(d != sys.argv[2] and 'decap-cms tarball does not match its pinned sha512')" \
	  $(DECAP_DIR).tmp/decap-cms-$(DECAP_CMS_VERSION).tgz '$(DECAP_CMS_SHA512)'
	cd $(DECAP_DIR).tmp && tar -xzf decap-cms-$(DECAP_CMS_VERSION).tgz --wildcards 'package/dist/*decap-cms.js' 'package/dist/decap-cms.js.LICENSE.txt' 'package/dist/*.wasm' 'package/package.json'
	mv $(DECAP_DIR).tmp/package/dist $(DECAP_DIR) && mv $(DECAP_DIR).tmp/package/package.json $(DECAP_DIR)/package.json && rm -rf $(DECAP_DIR).tmp && touch $@

clean:
	rm -rf site build .pytest_cache tests/vendor .venv-lock node_modules
