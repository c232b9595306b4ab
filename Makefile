# Quickstart: `make demo` (build a graph and answer a question) and `make test` (the whole suite).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
INPUT := $(if $(wildcard $(SHARED)/seeds),$(SHARED)/seeds,examples)
OUT ?= out

.PHONY: demo test install install-dev system-deps lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

# Chromium for the browser tests (Debian package; Playwright drives it, no browser download)
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; \
	fi

demo: install
	$(BIN)/kehoach build $(INPUT) --out $(OUT)
	$(BIN)/kehoach ask agencies-by-tasks-led --graph $(OUT)

test: install-dev system-deps
	$(BIN)/python -m pytest -q

lint: install-dev
	$(BIN)/ruff check kehoach tests benchmarks notebooks

bench: install-dev
	$(BIN)/python benchmarks/run.py --plans 1000

clean:
	rm -rf $(OUT) .pytest_cache
