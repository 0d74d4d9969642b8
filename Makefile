# boilerlab — two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.install-stamp
PORT ?= 8501

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install system-packages run test bench clean

# The pinned requirements, then boilerlab itself in editable mode (the `boilerlab` command; imports from any directory).
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian packages: chromium (browser tests; kaleido renders report charts with it, never downloading one),
# fonts-noto-cjk (Chinese in charts and PDFs), poppler-utils (the PDF checks). Without them those tests skip,
# saying so; with CI=true they fail instead.
SYSTEM_PACKAGES := chromium fonts-noto-cjk poppler-utils
system-packages:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 || \
	    [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then \
	  echo "installing Debian packages: $(SYSTEM_PACKAGES)"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; } || \
	  echo "could not install $(SYSTEM_PACKAGES): the tests that need them will be skipped"; \
	fi

run: install system-packages
	$(VENV)/bin/boilerlab demo --if-empty
	$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

# With CI=true a throwaway PostgreSQL server (the machine's own packages) runs for the database tests.
# The suite runs on two processes (pytest-xdist); its temporary files (SQLite databases that commit thousands of
# times) go to memory when /dev/shm exists, where a commit's fsync costs nothing.
PYTEST_ARGS := -n 2 --dist worksteal $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo --basetemp=/dev/shm/boilerlab-tests)
test: install system-packages
	$(VENV)/bin/ruff check boilerlab tests benchmarks app.py ui.py pages migrations
	$(VENV)/bin/lint-imports
	@if [ "$$CI" = "true" ] && [ -z "$$BOILERLAB_TEST_POSTGRES_URL" ]; then \
	  url=$$(bash scripts/postgres.sh start) || exit 1; \
	  BOILERLAB_TEST_POSTGRES_URL=$$url $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	  bash scripts/postgres.sh stop; rm -rf /dev/shm/boilerlab-tests; exit $$status; \
	else \
	  $(PY) -m pytest $(PYTEST_ARGS); status=$$?; rm -rf /dev/shm/boilerlab-tests; exit $$status; \
	fi

bench: install
	$(PY) benchmarks/bench_evaluate.py
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_monitoring.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
