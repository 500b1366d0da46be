# The two commands of the README. Each installs what it needs into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test lint install install-test browser-deps clean

## make site: validate the bundled catalogue and build the site into site/
site: install
	$(BIN)/catalog build

## make test: lint and type check, then the whole test suite, browser tests included
test: install-test browser-deps lint
	$(BIN)/python -m pytest

# Configured in pyproject.toml: ruff on the package and the tests, mypy on the package.
lint: install-test
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# Debian's Chromium for the browser tests (Playwright cannot download its own
# browser here), and axe-core from npm for the accessibility checks.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package to run the browser tests (sudo apt-get install chromium)."; fi; }
	@test -f tests/vendor/axe.min.js || { mkdir -p tests/vendor && cd tests/vendor && npm pack --silent axe-core@4.14.1 >/dev/null \
	  && tar -xzf axe-core-4.14.1.tgz package/axe.min.js && mv package/axe.min.js . && rm -rf package axe-core-4.14.1.tgz; }

clean:
	rm -rf site build .pytest_cache tests/vendor
