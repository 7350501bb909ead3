# Two commands for a fresh machine with Python 3.11+: `make demo` and `make test`.
# Each creates .venv and installs what it needs from pyproject.toml.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(CURDIR)/.fieldops

.PHONY: demo test lint unit install dev clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "FieldOps needs Python 3.11 or newer on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	@touch $(VENV)/.runtime $@

install: $(VENV)/.runtime
dev: $(VENV)/.dev

demo: $(VENV)/.runtime
	FIELDOPS_DATA_DIR=$(DATA_DIR) $(BIN)/fieldops demo

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy ops scheduler geo workers
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

unit: $(VENV)/.dev
	$(BIN)/pytest tests/unit

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache .mypy_cache .ruff_cache
