# The commands the README names. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
FLASK := CRM_ENV=development $(BIN)/flask --app wsgi
PYTEST := $(BIN)/pytest
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup lint typecheck test-sqlite test-postgres test-e2e check-postgres frontend clean bench

run: setup ## Migrate, load demo data (once) and serve on http://127.0.0.1:5000
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo ""
	@echo "Serving the Partnership CRM at http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

test: setup lint typecheck test-sqlite test-postgres test-e2e ## Lint, types, the suite on SQLite and PostgreSQL, browser journeys

setup: $(VENV)/.installed static/css/app.css

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend static/css/app.css: node_modules/.installed static/build.mjs static/app.scss static/_components.scss
	npm run --silent build

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r crm -ll  # no medium or high finding

typecheck: $(VENV)/.installed
	$(BIN)/mypy

test-sqlite: setup
	@echo "== Test suite on SQLite =="
	CRM_TEST_DATABASE=sqlite $(PYTEST) -q --ignore=tests/e2e

test-postgres: setup check-postgres
	@echo "== Test suite on PostgreSQL =="
	CRM_TEST_DATABASE=postgresql $(PYTEST) -q --ignore=tests/e2e

test-e2e: setup ## Browser journeys in Chromium (installs Debian's chromium when missing and run as root)
	@echo "== Browser journeys (Chromium) =="
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(PYTEST) -q tests/e2e

check-postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432: start it (see README, Tests)."; exit 1; }

clean:
	rm -rf $(VENV) node_modules static/css static/vendor .pytest_cache .mypy_cache .ruff_cache

bench: setup check-postgres ## Benchmark the key pages against their floors on SQLite and PostgreSQL at medium size (not part of make test; see bench/RESULTS.md)
	$(BIN)/python bench/run.py --database both --size medium
