# The two set-up commands of the README: `make serve` and `make test`.
# Each creates .venv and installs what it needs on first use, from the lockfiles:
# requirements.txt (what the service runs) and requirements-dev.txt (that and the tools).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
UV_VERSION := 0.13.9
# `make check` runs the SQLite leg only and leaves out processes, browsers, fuzzing,
# benchmarks and the wheel build: those run in `make test`.
FAST_TESTS := -m "not (e2e or browser or fuzz or bench or packaging)"

.PHONY: axe serve test check lint lock fuzz bench bench-costs soak tools browser graphiql apidocs codegen makemigrations clean

# $(1): the lockfile. Its exact versions, each checked against its hashes, then this project
# without dependencies; `pip check` fails when pyproject.toml needs what the lockfile lacks.
define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install --require-hashes -r $(1)
	$(PIP) install --no-deps -e .
	$(BIN)/python -m pip check
endef

$(RUNTIME): pyproject.toml requirements.txt
	$(call install,requirements.txt)
	touch $@

# The dev lockfile holds the runtime one's versions, so it stands for both.
$(DEV): pyproject.toml requirements.txt requirements-dev.txt
	$(call install,requirements-dev.txt)
	touch $@ $(RUNTIME)

serve: $(RUNTIME) graphiql apidocs
	$(BIN)/python server.py serve --port $(PORT)

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

# The fast loop, under a minute: lint, types, layer contracts, the tests on SQLite, on
# two pytest-xdist workers (`python -m` puts the checkout on sys.path for the -p plugin).
check: lint
	APIKEYS_TEST_BACKENDS=sqlite $(BIN)/python -m pytest -q -n 2 --dist loadfile \
		-p tests.xdist_workers $(FAST_TESTS)

# Everything, on SQLite and PostgreSQL; stops loudly when PostgreSQL or Redis is down.
# Three xdist workers, each with its own Redis database and mail folder, whole files each:
# CI has two cores and fifteen minutes, and the process tests spend much of theirs waiting
# (a Redis outage, a grace period, a worker's tick), which a third worker fills.
test: lint tools browser graphiql apidocs codegen axe
	APIKEYS_TEST_BACKENDS=sqlite,postgres $(BIN)/python -m pytest -n 3 --dist loadfile \
		-p tests.xdist_workers

# After a dependency change in pyproject.toml: rewrite both lockfiles. Pins that still fit
# stay; `make lock UPGRADE=1` moves every pin to the newest that pyproject.toml allows.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements.txt $(LOCK_FLAGS) \
		-o requirements-dev.txt

LOCK_FLAGS = --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

# wrk drives the benchmarks (and their smoke test); installed from Debian's packages when we can.
tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)) \
		|| echo "wrk is not installed and cannot be (not root): the benchmark smoke test will skip"; }

# GraphiQL's browser files, served by GET /graphql (schema/ide.py): the npm packages that
# graphiql/package-lock.json pins, with their integrity. No npm or no registry: one line, and
# the API serves on; GET /graphql then says how to install them.
GRAPHIQL := graphiql/node_modules/.package-lock.json
CODEGEN := tests/codegen/node_modules/.installed
graphiql: $(GRAPHIQL)

$(GRAPHIQL): graphiql/package.json graphiql/package-lock.json
	@if ! command -v npm >/dev/null; then \
		echo "npm is not installed: GraphiQL's files are missing (GET /graphql says how to add them)"; \
	elif npm ci --prefix graphiql --ignore-scripts --no-audit --no-fund --loglevel=error; then \
		touch $@; \
	else echo "npm ci failed: GraphiQL's files are missing (GET /graphql says how to add them)"; fi

# Swagger UI's browser files, served by GET /api/v1/docs (rest/docs.py) as GraphiQL's are:
# the npm package that apidocs/package-lock.json pins. No npm: one line, and the API serves on.
APIDOCS := apidocs/node_modules/.package-lock.json
apidocs: $(APIDOCS)

$(APIDOCS): apidocs/package.json apidocs/package-lock.json
	@if ! command -v npm >/dev/null; then \
		echo "npm is not installed: the docs page's files are missing (GET /api/v1/docs says how to add them)"; \
	elif npm ci --prefix apidocs --ignore-scripts --no-audit --no-fund --loglevel=error; then \
		touch $@; \
	else echo "npm ci failed: the docs page's files are missing (GET /api/v1/docs says how to add them)"; fi

# A real code generator (GraphQL Code Generator and TypeScript) for tests/test_codegen.py,
# which checks that a client generated from the SDL compiles and runs.
codegen: $(CODEGEN)

$(CODEGEN): tests/codegen/package.json tests/codegen/package-lock.json
	@if ! command -v npm >/dev/null; then \
		echo "npm is not installed: tests/test_codegen.py will skip, saying why"; \
	elif npm ci --prefix tests/codegen --ignore-scripts --no-audit --no-fund --loglevel=error; then \
		touch $@; \
	else echo "npm ci failed in tests/codegen: tests/test_codegen.py will skip, saying why"; fi

# axe-core for tests/console/test_accessibility.py (WCAG 2.2 AA on every console page):
# the npm package that tests/console/axe/package-lock.json pins. No npm: that test skips.
AXE := tests/console/axe/node_modules/.package-lock.json
axe: $(AXE)

$(AXE): tests/console/axe/package.json tests/console/axe/package-lock.json
	@if ! command -v npm >/dev/null; then \
		echo "npm is not installed: tests/console/test_accessibility.py will skip, saying why"; \
	elif npm ci --prefix tests/console/axe --ignore-scripts --no-audit --no-fund --loglevel=error; then \
		touch $@; \
	else echo "npm ci failed in tests/console/axe: tests/console/test_accessibility.py will skip"; fi

# Headless Chromium drives the console's browser tests: Debian's package, never a download.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
			|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)) \
		|| echo "chromium is not installed and cannot be (needs root and apt-get): the console's browser tests will skip"; }

# The benchmark suite (under 5 minutes on 2 cores): writes bench/RESULTS.md and its plot,
# bench/throughput.png.
bench: $(DEV) tools
	$(BIN)/python -m bench.run

# The cost figures of `make bench` alone (issues 19 and 21, about a minute and a half), in
# the same pairs: each pair's two servers at once on one core, since on a shared machine
# runs back to back differ by more than the costs. Prints; writes nothing.
bench-costs: $(DEV) tools
	$(BIN)/python -m bench.costs

# Five minutes of mixed load against serve --workers 2 plus a worker (RELIABILITY.md).
soak: $(DEV)
	$(BIN)/python -m bench.soak --seconds $${SOAK_SECONDS:-300}

# Long fuzzing runs (GraphQL and /api/v1) with fresh seeds (the suite runs short seeded ones).
fuzz: $(DEV)
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} FUZZ_SEED= $(BIN)/pytest -q tests/test_fuzz.py tests/rest/test_fuzz.py

# After a model change: write the next migration into migrations/.
makemigrations: $(DEV)
	TORTOISE_CLI=1 DATABASE_URL=sqlite://$(CURDIR)/.makemigrations.sqlite3 \
		$(BIN)/tortoise -c settings.TORTOISE_ORM makemigrations models
	rm -f .makemigrations.sqlite3*

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
