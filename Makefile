# Salford Social Value portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
VENDOR := static/vendor

.PHONY: help install install-test static migrate reference run test lint format bench chromium clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(STAMP)

install: $(STAMP) ## Create .venv and install the portal's dependencies

install-test: $(TEST_STAMP) ## Install the test dependencies too

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.built: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	mkdir -p $(VENDOR)/chartjs
	cp node_modules/chart.js/dist/chart.umd.js $(VENDOR)/chartjs/
	@touch $@

static: $(VENDOR)/.built ## Build front-end assets from npm into static/vendor

.env:
	cp .env.example .env

var:
	mkdir -p var/celery/queue

migrate: install static .env var ## Apply migrations and load reference data
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data

run: migrate ## Set everything up and serve on http://127.0.0.1:$(PORT) with a worker and beat
	PORT=$(PORT) $(BIN)/honcho start -f Procfile

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

test: install-test static chromium var ## Run the whole suite, browser tests included
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=salford_sv.settings.test
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-test static var ## Measure page performance (figures printed)
	$(BIN)/python -m tests.bench

clean: ## Remove the virtualenv, node_modules, built assets and local data
	rm -rf $(VENV) node_modules $(VENDOR) var
