# kcc-mock: `make mock` serves the mock, `make test` runs every check. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
TOKEN  ?= kcc-mock-development-token
HOST   ?= 127.0.0.1

.PHONY: help setup mock test lint format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the project with its test tools

mock: $(STAMP) ## Serve the mock on $(HOST):$(PORT) (PORT=, TOKEN=, FIXTURES=, FAULTS= optional)
	$(BIN)/kcc-mock serve --host $(HOST) --port $(PORT) --token $(TOKEN) $(if $(FIXTURES),--fixtures $(FIXTURES)) $(if $(FAULTS),--faults $(FAULTS))

test: lint ## Lint, type-check and run every test
	$(BIN)/pytest

lint: $(STAMP) ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove .venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
