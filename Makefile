# The documented interface of the project. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: help setup build test chromium ui bench clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the project (done by every target that needs it)

build: $(STAMP) ## Run the whole pipeline: raw tables, checks, marts, warehouse
	$(PY) -m pipeline build

chromium: ## Install Debian's chromium for the browser tests (needs root or sudo)
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends chromium; }

test: $(STAMP) chromium ## Run the test suite (installs chromium if missing)
	$(PY) -m pytest -q

ui: $(STAMP) ## Start the Dagster UI and daemon on http://127.0.0.1:3000
	@mkdir -p $(DAGSTER_HOME)
	@test -f $(DAGSTER_HOME)/dagster.yaml || cp pipeline/dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/dagster dev -h 127.0.0.1 -p 3000 -m pipeline.definitions

bench: $(STAMP) ## Measure time and memory against a floor; writes bench/results.md
	$(PY) bench/run.py

clean: ## Remove the environment, the Dagster instance and the built warehouse
	rm -rf $(VENV) $(DAGSTER_HOME) warehouse/*.duckdb
