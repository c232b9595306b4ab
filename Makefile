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

# Debian packages the tests need: Chromium for the browser tests (Playwright drives it, no browser download);
# Tesseract and its Vietnamese data for the OCR of scanned PDFs (optional at run time, as `kehoach` says);
# LibreOffice's Writer without a screen, which the office-format tests compare our readers with (.doc, .odt, .rtf)
system-deps:
	@pkgs=""; [ -x /usr/bin/chromium ] || pkgs="chromium"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || pkgs="$$pkgs tesseract-ocr tesseract-ocr-vie"; \
	lo=""; [ -x /usr/lib/libreoffice/program/soffice.bin ] || lo="libreoffice-writer-nogui"; \
	if [ -n "$$pkgs$$lo" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq; \
	  [ -z "$$pkgs" ] || $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs >/dev/null; \
	  [ -z "$$lo" ] || $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$lo \
	    >/dev/null; \
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
