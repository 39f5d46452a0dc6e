# The documented interface of the project. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help setup build test lint chromium ui bench clean

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

chromium: ## Install Debian's chromium and a CJK font for the browser tests (needs root or sudo)
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh-tw 2>/dev/null | grep -q .; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk; }

test: $(STAMP) chromium lint ## Lint, then run the test suite (installs chromium and a CJK font if missing)
	$(PY) -m pytest -q

lint: $(STAMP) ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

ui: $(STAMP) ## Start the Dagster UI and daemon on http://127.0.0.1:3000
	$(PY) -m pipeline ui --port 3000

bench: $(STAMP) ## Measure time and memory against a floor; writes bench/results.md
	$(PY) bench/run.py

clean: ## Remove the environment, the Dagster instance and the built warehouse
	rm -rf $(VENV) .dagster_home warehouse/*.duckdb
