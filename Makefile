# Two commands on a fresh machine: `make demo` and `make test`. Each does its own set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test demo bench lint schema clean broker

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

broker:
	@scripts/ensure-rabbitmq.sh

test: install broker
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

demo: install broker
	$(BIN)/orderhub demo

bench: install broker
	$(BIN)/orderhub bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schema: install
	$(BIN)/orderhub schema

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
