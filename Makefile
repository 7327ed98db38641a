# Two commands on a fresh machine: `make demo` (pipeline on the sample data) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo check test bench lint format clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "pip>=24"
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## create .venv with the pinned versions

demo: $(STAMP) ## run the whole pipeline on the sample data, then show the county's population
	$(BIN)/asfetl run --sample
	$(BIN)/asfetl indicators --indicator population --area 18

lint: $(STAMP) ## ruff, the formatting and the packages' layers (DESIGN.md, Layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

check: lint ## the inner loop, under 90 s: lint and the fast tests (those not marked slow)
	$(BIN)/pytest -n 2 -m "not slow and not live" -q

test: lint ## lint, then every test, three workers on both cores (what CI runs; tests/conftest.py says why)
	$(BIN)/pytest -n 3 --dist loadscope --no-loadscope-reorder

bench: $(STAMP) ## measure run cost and growth (benchmarks/RESULTS.md); not part of test
	$(BIN)/python -m benchmarks.run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
