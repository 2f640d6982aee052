# Salford Social Value portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in mail follow the port `make run` serves on, unless SITE_URL is set.
SITE_URL ?= http://127.0.0.1:$(PORT)
TOOLS_STAMP := $(VENV)/.installed-tools
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
VENDOR := static/vendor
# Every lock is compiled the same way: exact versions with the hashes of every file PyPI
# holds for them, for any platform, on Python 3.11. `make upgrade` adds --upgrade.
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: help install install-test static var migrate reference run test deploy-check lock upgrade \
	lint format bench wrk chromium pdf-libs clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# pip and uv themselves come pinned, with hashes, from requirements/tools.txt.
$(TOOLS_STAMP): requirements/tools.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/tools.txt
	@touch $@

# Only what the locks name is installed, each file checked against its hash.
$(STAMP): requirements/app.txt | $(TOOLS_STAMP)
	$(BIN)/pip install --quiet --require-hashes -r requirements/app.txt
	@touch $@

$(TEST_STAMP): requirements/test.txt | $(TOOLS_STAMP)
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@ $(STAMP)

install: $(STAMP) ## Create .venv and install the portal's dependencies

install-test: $(TEST_STAMP) ## Install the test dependencies too

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Rebuilt when the Makefile changes too, so a new file in this list reaches old checkouts.
$(VENDOR)/.built: node_modules/.package-lock.json Makefile
	mkdir -p $(VENDOR)/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	mkdir -p $(VENDOR)/chartjs
	cp node_modules/chart.js/dist/chart.umd.js $(VENDOR)/chartjs/
	cp node_modules/chart.js/dist/chart.umd.js.map $(VENDOR)/chartjs/
	@touch $@

static: $(VENDOR)/.built ## Build front-end assets from npm into static/vendor

.env:
	cp .env.example .env

# Phony: a var/ left by an earlier run may lack the broker's folder.
var:
	mkdir -p var/celery/queue

migrate: install static pdf-libs .env var ## Apply migrations and load reference data
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data

run: migrate ## Set everything up and serve on http://127.0.0.1:$(PORT) with a worker and beat
	PORT=$(PORT) SITE_URL=$(SITE_URL) $(BIN)/honcho start -f Procfile

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

pdf-libs: ## Install Debian's Pango for WeasyPrint's PDF reports if it is missing
	@if ! ldconfig -p | grep -q libpango-1.0; then \
		echo "Installing Debian's Pango for the PDF reports"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	fi

test: install-test static chromium pdf-libs var deploy-check ## Run the whole suite, browser tests included
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=salford_sv.settings.test
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

# The README's deploy steps, with a throwaway secret and static folder.
deploy-check: install static ## collectstatic and check --deploy under production settings
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	export DJANGO_SETTINGS_MODULE=salford_sv.settings.production DJANGO_STATIC_ROOT="$$tmp" \
		DJANGO_ALLOWED_HOSTS=socialvalue.example.org REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
		DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

lock: $(TOOLS_STAMP) ## Compile requirements/*.txt from pyproject.toml, and package-lock.json
	$(LOCK) requirements/tools.in --output-file requirements/tools.txt
	$(LOCK) pyproject.toml --extra test --output-file requirements/test.txt
	$(LOCK) pyproject.toml --constraint requirements/test.txt --output-file requirements/app.txt
	npm install --package-lock-only --no-audit --no-fund --loglevel=error

upgrade: ## Refresh every lock to the newest releases the ranges allow, then run the suite
	$(MAKE) lock LOCK_ARGS=--upgrade
	npm update --package-lock-only --no-audit --no-fund --loglevel=error
	$(MAKE) test

lint: install-test ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

wrk: ## Install Debian's wrk for the benchmark if it is missing
	@if ! command -v wrk >/dev/null 2>&1; then \
		echo "Installing Debian's wrk for the benchmark"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

# PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL to change them).
bench: install-test static var wrk ## Load test at city scale: gunicorn + wrk, figures per page (BENCH_ARGS=--quick: small city)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean: ## Remove the virtualenv, node_modules, built assets and local data
	rm -rf $(VENV) node_modules $(VENDOR) var
