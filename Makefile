# kcc-mock: `make mock` serves the mock, `make test` runs every check. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
TOKEN  ?= kcc-mock-development-token
HOST   ?= 127.0.0.1
# The certification suite needs none of the installed pytest plugins; not loading them saves seconds.
CERTIFY = PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/pytest contracts/certification/test_rules.py -p no:cacheprovider
PROPERTIES = HYPOTHESIS_PROFILE=$(or $(PROFILE),dev) $(BIN)/pytest contracts/properties -p no:cacheprovider
TARGET_OPTIONS = $(if $(PROVIDER_URL),--provider-url $(PROVIDER_URL) --token $(TOKEN)) $(if $(ACTOR_UUID),--actor-uuid $(ACTOR_UUID))

.PHONY: help setup mock test lint format clean properties certify schemathesis bench soak record-openklant reference-check screenshots

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -e 's/$$(HOST)/$(HOST)/g' -e 's/$$(PORT)/$(PORT)/g' \
		| awk -F':.*## ' '{n[NR] = $$1; d[NR] = $$2; if (length($$1) > w) w = length($$1)} \
			END {for (i = 1; i <= NR; i++) printf "  %-" w "s  %s\n", n[i], d[i]}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the project with its test tools

mock: $(STAMP) ## Serve the mock on $(HOST):$(PORT) (PORT=, TOKEN=, FIXTURES=, FAULTS=, ACCESS_LOG=1, API_VERSION= optional)
	$(BIN)/kcc-mock serve --host $(HOST) --port $(PORT) --token $(TOKEN) $(if $(FIXTURES),--fixtures $(FIXTURES)) $(if $(FAULTS),--faults $(FAULTS)) $(if $(ACCESS_LOG),--access-log) $(if $(API_VERSION),--api-version $(API_VERSION))

test: lint ## Lint, type-check and run every test
	$(BIN)/pytest
	$(CERTIFY) --seed 2173
	$(PROPERTIES)

certify: $(STAMP) ## Certify a provider (PROVIDER_URL= with TOKEN=, ACTOR_UUID=, WAIVE=, SEED=, MOCK_ADMIN=1, API_VERSION=; default: the in-process mock)
	$(if $(PROVIDER_URL),$(if $(filter file default,$(origin TOKEN)),$(error make certify: PROVIDER_URL needs TOKEN=... (the provider's API token; the mock's development token is not sent to a provider))))
	$(CERTIFY) $(TARGET_OPTIONS) $(if $(SEED),--seed $(SEED)) $(if $(MOCK_ADMIN),--mock-admin) $(if $(WAIVE),--waive $(WAIVE)) $(if $(API_VERSION),--api-version $(API_VERSION))

properties: $(STAMP) ## Property-based tests of a provider (PROVIDER_URL=, TOKEN=, ACTOR_UUID=, PROFILE=dev|ci, API_VERSION=; default: the in-process mock)
	$(PROPERTIES) $(TARGET_OPTIONS) $(if $(API_VERSION),--api-version $(API_VERSION))

schemathesis: $(STAMP) ## schemathesis, every check, on the mock or PROVIDER_URL= (TOKEN=, EXAMPLES=, SEED=, LIMITS=, STRICT=1, API_VERSION=)
	@$(BIN)/python tests/schemathesis_support.py --token $(TOKEN) --examples $(or $(EXAMPLES),50) --seed $(or $(SEED),20261129) $(if $(PROVIDER_URL),--provider-url $(PROVIDER_URL)) $(if $(LIMITS),--limits $(LIMITS)) $(if $(STRICT),--strict) $(if $(API_VERSION),--api-version $(API_VERSION))

reference-check: $(STAMP) ## certify, properties (PROFILE=ci) and schemathesis against OPENKLANT_URL= (OPENKLANT_TOKEN=, EXAMPLES=20, LIMITS=); one summary
	@test -n "$(OPENKLANT_URL)" -a -n "$(OPENKLANT_TOKEN)" || { echo "usage: make reference-check OPENKLANT_URL=... OPENKLANT_TOKEN=..."; exit 2; }
	$(BIN)/python -m contracts.reference_check --url $(OPENKLANT_URL) --token $(OPENKLANT_TOKEN) --profile $(or $(PROFILE),ci) --examples $(or $(EXAMPLES),20) --limits '$(LIMITS)'

bench: $(STAMP) ## Benchmark the mock against a bare-Starlette ceiling; writes bench/results.json (BENCH_SECONDS=)
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run --seconds $(or $(BENCH_SECONDS),5)

record-openklant: $(STAMP) ## Record tests/data/recordings from an empty Open Klant (OPENKLANT_URL=, OPENKLANT_TOKEN=, OPENKLANT_RELEASE=2.18.0)
	$(BIN)/python -m tests.recording.record --url $(OPENKLANT_URL) --token $(OPENKLANT_TOKEN) --release $(or $(OPENKLANT_RELEASE),2.18.0)

soak: $(STAMP) ## Soak the served mock: 32 consumers under faults and junk; writes bench/soak-results.json (SOAK_SECONDS=)
	$(BIN)/python -m bench.soak --seconds $(or $(SOAK_SECONDS),300)

screenshots: $(STAMP) ## Take the README's screenshots of the page (docs/*.png) again: the browser tests, in Debian's chromium
	KCC_SCREENSHOTS=docs $(BIN)/pytest tests/test_page_browser.py -p no:cacheprovider

lint: $(STAMP) ## ruff (lint and format check), mypy and vulture (unused code)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/vulture

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove .venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
