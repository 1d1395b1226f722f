# Two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

# `make test` checks the product as users install it: the wheel, installed by pipx into its own
# environment under .pipx/ (never the user's), runs every test that starts the CLI or the service.
PIPX_HOME    := $(CURDIR)/.pipx
INSTALLED    := $(PIPX_HOME)/bin/followthrough

.PHONY: demo test lint installed bench bench-idle bench-detect bench-imap example-config clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/followthrough demo

# pipx install ., exactly as the README tells users, into a private PIPX_HOME, from scratch each time.
installed: $(VENV)/.installed
	rm -rf $(PIPX_HOME)
	PIPX_HOME=$(PIPX_HOME) PIPX_BIN_DIR=$(PIPX_HOME)/bin PIPX_MAN_DIR=$(PIPX_HOME)/man \
		$(BIN)/pipx install --quiet --pip-args=--quiet .
	$(INSTALLED) --help >/dev/null

# Lint and types first (ruff: pyflakes and syntax; mypy: daemon and connectors), configured in pyproject.toml.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint installed
	FOLLOWTHROUGH_BIN=$(INSTALLED) $(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/scan_large.py

bench-idle: $(VENV)/.installed
	$(BIN)/python bench/idle.py

bench-detect: $(VENV)/.installed
	$(BIN)/python bench/detect.py

bench-imap: $(VENV)/.installed
	$(BIN)/python bench/imap_caldav_idle.py

example-config: $(VENV)/.installed
	$(BIN)/python -m daemon.service.config > config.example.toml

clean:
	rm -rf $(VENV) $(PIPX_HOME) build dist *.egg-info
