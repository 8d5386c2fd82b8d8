# Two commands set everything up on a fresh machine with Python 3.11 and pip:
#   make demo   - install into .venv and analyse the bundled sample articles (summary + HTML report)
#   make test   - install into .venv, then lint, type-check and run the tests (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup demo test lint bench bench-stages gazetteer ner

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

demo: setup
	$(BIN)/tabayyun demo --out-dir tabayyun-demo

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python scripts/bench.py

bench-stages: setup
	$(BIN)/python scripts/bench_stages.py

gazetteer: setup
	$(BIN)/python scripts/build_gazetteer.py

ner: setup
	$(BIN)/tabayyun train-ner
