# Two commands on a fresh machine: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app quiz
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint chromium clean

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
	$(FLASK) import-questions
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops it)."
	$(FLASK) run --host $(HOST) --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check quiz tests
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) dist build
