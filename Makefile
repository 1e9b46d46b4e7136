# kcc-mock: `make mock` serves the mock, `make test` runs every check. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
TOKEN  ?= kcc-mock-development-token
HOST   ?= 127.0.0.1
# The certification suite needs none of the installed pytest plugins; not loading them saves seconds.
CERTIFY = PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/pytest contracts/test_rules.py -p no:cacheprovider
PROPERTIES = HYPOTHESIS_PROFILE=$(or $(PROFILE),dev) $(BIN)/pytest contracts/properties -p no:cacheprovider
TARGET_OPTIONS = $(if $(PROVIDER_URL),--provider-url $(PROVIDER_URL) --token $(TOKEN)) $(if $(ACTOR_UUID),--actor-uuid $(ACTOR_UUID))

.PHONY: help setup mock test lint format clean properties certify schemathesis bench

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
	$(CERTIFY) --seed 2173
	$(PROPERTIES)

certify: $(STAMP) ## Certify a provider (PROVIDER_URL=, TOKEN=, ACTOR_UUID=, SEED=, MOCK_ADMIN=1; default: the in-process mock)
	$(CERTIFY) $(TARGET_OPTIONS) $(if $(SEED),--seed $(SEED)) $(if $(MOCK_ADMIN),--mock-admin)

properties: $(STAMP) ## Property-based tests of a provider (PROVIDER_URL=, TOKEN=, ACTOR_UUID=, PROFILE=dev|ci; default: the in-process mock)
	$(PROPERTIES) $(TARGET_OPTIONS)

schemathesis: $(STAMP) ## schemathesis, every check, on the mock or PROVIDER_URL= (TOKEN=, EXAMPLES=, SEED=, LIMITS=, STRICT=1)
	@$(BIN)/python tests/schemathesis_support.py --token $(TOKEN) --examples $(or $(EXAMPLES),50) --seed $(or $(SEED),20261129) $(if $(PROVIDER_URL),--provider-url $(PROVIDER_URL)) $(if $(LIMITS),--limits $(LIMITS)) $(if $(STRICT),--strict)

bench: $(STAMP) ## Benchmark the mock against a bare-Starlette ceiling; writes bench/results.json (BENCH_SECONDS=)
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run --seconds $(or $(BENCH_SECONDS),5)

lint: $(STAMP) ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove .venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
