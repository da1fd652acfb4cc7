# The two set-up commands of the README: `make serve` and `make test`.
# Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint fuzz bench soak tools browser makemigrations clean

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

test: lint tools browser
	$(BIN)/pytest

# wrk drives the benchmarks (and their smoke test); installed from Debian's packages when we can.
tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)) \
		|| echo "wrk is not installed and cannot be (not root): the benchmark smoke test will skip"; }

# Headless Chromium drives the console's browser tests: Debian's package, never a download.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
			|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)) \
		|| echo "chromium is not installed and cannot be (needs root and apt-get): the console's browser tests will skip"; }

# The benchmark suite (about 5 minutes on 2 cores); writes bench/RESULTS.md.
bench: $(STAMP) tools
	$(BIN)/python -m bench.run

# Five minutes of mixed load against serve --workers 2 plus a worker (RELIABILITY.md).
soak: $(STAMP)
	$(BIN)/python -m bench.soak --seconds $${SOAK_SECONDS:-300}

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
