# Two commands on a fresh machine: `make demo` (pipeline on the sample data) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test check bench lint format clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "pip>=24"
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## create .venv with the pinned versions

demo: $(STAMP) ## run the whole pipeline on the sample data, then show the county's population
	$(BIN)/asfetl run --sample
	$(BIN)/asfetl indicators --indicator population --area 18

test: $(STAMP) ## lint, check formatting, run the tests
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

check: $(STAMP) ## the inner loop: lint and format check (the lead's layering branch adds import layers and fast tests)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP) ## measure run cost and growth (benchmarks/RESULTS.md); not part of test
	$(BIN)/python -m benchmarks.run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
