# The two set-up commands of the README: `make serve` and `make test`.
# Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint fuzz makemigrations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/python server.py serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test: lint
	$(BIN)/pytest

# A long fuzzing run with a fresh seed (the suite runs a short seeded one).
fuzz: $(STAMP)
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} FUZZ_SEED= $(BIN)/pytest -q tests/test_fuzz.py

# After a model change: write the next migration into migrations/.
makemigrations: $(STAMP)
	TORTOISE_CLI=1 DATABASE_URL=sqlite://$(CURDIR)/.makemigrations.sqlite3 \
		$(BIN)/tortoise -c settings.TORTOISE_ORM makemigrations models
	rm -f .makemigrations.sqlite3*

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
