# Neurons to Networks: the few verbs.  `make book` and `make test` are all a newcomer needs;
# both create the virtual environment (.venv) from requirements.txt when it is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: help book pdf test browser execute bench audit serve lab clean

help:
	@echo "make book     build the static site into _build/html (warnings are errors)"
	@echo "make pdf      the whole book as one PDF, _build/html/neurons-to-networks.pdf (after make book)"
	@echo "make test     unit tests + nbval (strict) on every chapter + strict book build + the PDF"
	@echo "make execute  re-execute every chapter in place (outputs + widget state)"
	@echo "make bench    measure explorers, chapters, build and training; write bench/results.json"
	@echo "make audit    Lighthouse desktop + mobile on every page vs bench/budgets.json; fails on a miss"
	@echo "              (AUDIT=\"--pages intro.html --presets desktop\" to audit fewer)"
	@echo "make serve    serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make lab      open JupyterLab in the environment"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	# build Matplotlib's font cache now, so no chapter logs it to stderr later
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

# Fetches the site assets (KaTeX's style sheet and fonts) once, then builds strictly (the flags:
# scripts/build_book.py); node renders the formulas during the build.
book: $(STAMP)
	$(BIN)/python scripts/build_book.py

# The browser tests drive Debian's chromium (never a browser downloaded by playwright).
browser:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "the browser tests need chromium: sudo apt-get install chromium"; exit 1; fi; }

# The whole book on one page (the strict flags, builder singlehtml, in _build/pdf/), printed
# by Debian's chromium into the built site, which links to it (scripts/build_pdf.py).
pdf: book browser
	$(BIN)/python scripts/build_pdf.py

test: book pdf browser
	$(BIN)/python -m pytest tests chapters --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

# Each chapter in a fresh kernel of .venv's own Python (as nbval's --nbval-current-env).
execute: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py chapters/*.ipynb

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# Lighthouse on the freshly built site, one run at a time (≈ 30 s a run, 22 runs); exits non-zero
# naming each page that misses its budget.  Options go in AUDIT (scripts/audit.py --help).
audit: book browser
	$(BIN)/python scripts/audit.py $(AUDIT)

serve:
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

clean:
	rm -rf _build .site-assets
