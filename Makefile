# iwerk: `make demo` starts the demo, `make test` runs every test, `make check` lints.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export IWERK_PORT ?= 8000

.PHONY: demo test check serve bench multinode-test replica-test online-migration-test slow-clients-test clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

demo: $(STAMP)
	IWERK_DEMO=true $(BIN)/iwerk migrate --noinput
	IWERK_DEMO=true $(BIN)/iwerk collectstatic --noinput --verbosity 0
	IWERK_DEMO=true $(BIN)/iwerk load_demo
	@echo "iwerk draait op http://127.0.0.1:$(IWERK_PORT)/ (stoppen met Ctrl-C)"
	IWERK_DEMO=true $(BIN)/iwerk worker & trap 'kill $$! 2>/dev/null' EXIT; IWERK_DEMO=true IWERK_WEB_THREADS=$${IWERK_WEB_THREADS:-4} $(BIN)/iwerk serve

test: $(STAMP)
	IWERK_CONFORMANCE_COVERAGE=$(if $(PYTEST_ARGS),0,1) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check iwerk bench ops
	$(BIN)/ruff format --check iwerk bench ops
	IWERK_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

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
