# iwerk: `make demo` starts the demo, `make test` runs every test, `make check` lints and
# type-checks (mypy), `make lock` renews the pinned dependencies.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export IWERK_PORT ?= 8000

.PHONY: demo test check lock serve bench multinode-test replica-test online-migration-test slow-clients-test clean

# Every dependency comes from requirements.lock, pinned with hashes (`make lock` renews it after a
# change in pyproject.toml; `make lock UPGRADE=1` takes the newest versions the ranges allow).
# iwerk itself is installed editable without build isolation, with the locked setuptools, and
# without setuptools' notice about editable installs in the console.
$(STAMP): pyproject.toml requirements.lock
	@echo "Virtualenv $(VENV) installeren uit requirements.lock…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==0.13.8"
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal \
		--python-version 3.11 --quiet $(if $(UPGRADE),--upgrade) -o requirements.lock

# The test doubles of the BRP, BAG and KvK (port IWERK_PORT + 1, ADR 0050), the worker and the web
# server run in the background; once the doubles listen (at most 20 s), `iwerk demo_gereed` waits
# for /health and prints the one block a newcomer needs (addresses, accounts, API secret) as the
# last output.
demo: $(STAMP)
	@echo "Database bijwerken en demo laden…"
	@IWERK_DEMO=true $(BIN)/iwerk migrate --noinput --verbosity 0
	@IWERK_DEMO=true $(BIN)/iwerk collectstatic --noinput --verbosity 0
	@IWERK_DEMO=true $(BIN)/iwerk load_demo
	@export IWERK_DEMO=true; $(BIN)/iwerk registerdubbels & dubbels=$$!; \
	$(BIN)/iwerk worker & worker=$$!; \
	IWERK_WEB_THREADS=$${IWERK_WEB_THREADS:-4} $(BIN)/iwerk serve & server=$$!; \
	trap 'kill $$worker $$dubbels $$server 2>/dev/null; wait' EXIT INT TERM; \
	poort=$${IWERK_REGISTERDUBBELS_PORT:-$$((IWERK_PORT + 1))}; \
	for i in $$(seq 100); do (: </dev/tcp/127.0.0.1/$$poort) 2>/dev/null && break; sleep 0.2; done; \
	$(BIN)/iwerk demo_gereed && wait $$server

test: $(STAMP)
	IWERK_CONFORMANCE_COVERAGE=$(if $(PYTEST_ARGS),0,1) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check iwerk bench ops
	$(BIN)/ruff format --check iwerk bench ops
	IWERK_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache --no-logo
	IWERK_DEBUG=true $(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/catalogi_load.py --write

# Three web nodes behind nginx, two workers, PostgreSQL (DATABASE_URL's server, default the local
# one): crashes and restarts under traffic; see ops/multinode.py.
multinode-test: $(STAMP)
	$(BIN)/python ops/multinode.py

# A PostgreSQL primary and streaming standby of its own (initdb, pg_basebackup): list reads from
# the standby, read-your-writes, the standby stopped; see ops/replica.py.
replica-test: $(STAMP)
	$(BIN)/python ops/replica.py

# The migrations since zaken 0015 on 300,000 zaken while a probe writes (PostgreSQL at DATABASE_URL's
# server); no write may wait longer than a second. See ops/online_migration.py.
online-migration-test: $(STAMP)
	$(BIN)/python ops/online_migration.py

# One `iwerk serve` (demo, SQLite) while 50 connections trickle in a byte a second: a probe stays
# fast and the server ends every slow connection itself (ADR 0033). See ops/slow_clients.py.
slow-clients-test: $(STAMP)
	$(BIN)/python ops/slow_clients.py

clean:
	rm -rf $(VENV) var
