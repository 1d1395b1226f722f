# Two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench bench-idle bench-detect bench-imap example-config clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/followthrough demo

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/scan_large.py

bench-idle: $(VENV)/.installed
	$(BIN)/python bench/idle.py

bench-detect: $(VENV)/.installed
	$(BIN)/python bench/detect.py

bench-imap: $(VENV)/.installed
	$(BIN)/python bench/imap_caldav_idle.py

example-config: $(VENV)/.installed
	$(BIN)/python -m daemon.config > config.example.toml

clean:
	rm -rf $(VENV) build dist *.egg-info
