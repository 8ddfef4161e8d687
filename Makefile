# Two commands on a fresh machine: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app quiz
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint chromium wrk bench clean migration initial-migration audit

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

instance/secret_key:
	mkdir -p instance
	$(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@
	chmod 600 $@

run: $(VENV)/.installed instance/secret_key
	$(FLASK) init-db
	$(FLASK) import-questions --new-only
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops it)."
	@echo "Teachers: create an account with '$(FLASK) create-teacher you@school.org', then sign in at http://$(HOST):$(PORT)/teacher/login"
	$(FLASK) run --host $(HOST) --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The HTTP load generator that benchmarks/run.py drives (its smoke test runs with the tests).
wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# An independent GIFT parser (gift-pegjs, pinned by range in its package.json) that reads our GIFT export in the tests.
tests/gift_parser/node_modules: tests/gift_parser/package.json
	cd tests/gift_parser && npm install --no-package-lock --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.installed-test chromium wrk tests/gift_parser/node_modules
	$(BIN)/ruff check quiz tests benchmarks
	$(BIN)/ruff format --check quiz tests benchmarks
	$(BIN)/bandit --quiet --recursive quiz --severity-level high
	$(BIN)/python -m pytest
	@echo "Again on PostgreSQL (every test but the browser ones, which ran above on SQLite):"
	bash .ci/postgres.sh $(BIN)/python -m pytest -m "not browser"

# Known vulnerabilities in the installed dependencies. Needs PyPI's JSON API or OSV, which a
# school network (and this project's CI) may not reach, so it is a separate step, not part of `test`.
audit: $(VENV)/.installed-test
	$(BIN)/pip-audit --skip-editable --strict --progress-spinner off || { echo "pip-audit failed: a dependency above has a known vulnerability, or PyPI's vulnerability data could not be reached (then every package says it 'could not be audited'). Nothing was skipped." >&2; exit 1; }

# A new migration after a change to quiz/models/: a scratch SQLite database is brought to the
# newest revision and compared with the models. Read the file it writes, then commit it.
MIGRATION_ENV = DATABASE_URL=sqlite:///$$scratch/scratch.sqlite SECRET_KEY=scratch-key-that-signs-nothing-0123456789
migration: $(VENV)/.installed
	@test -n "$(MESSAGE)" || { echo 'usage: make migration MESSAGE="what changed"'; exit 2; }
	scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	$(MIGRATION_ENV) $(FLASK) db upgrade && $(MIGRATION_ENV) $(FLASK) db migrate --message "$(MESSAGE)"

# Rewrite the first migration from the models as they are now. Only while no database that must
# be kept was made from it: afterwards every change is a new migration (make migration).
initial-migration: $(VENV)/.installed
	rm -f migrations/versions/*.py
	scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	$(MIGRATION_ENV) $(FLASK) db migrate --message "Initial schema" --rev-id 0001

# The app beside a minimal reference Flask app, under the same server and load (benchmarks/README.md).
bench: $(VENV)/.installed-test chromium wrk
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) dist build
