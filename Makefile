# boilerlab — two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.install-stamp
PORT ?= 8501

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser run test bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium and CJK fonts for the browser tests (Playwright uses the system browser, never downloads one).
# Without them the browser tests skip, saying so; with CI=true they fail instead.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium and fonts-noto-cjk for the browser tests"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } || \
	  echo "could not install chromium: the browser tests will be skipped"; }

run: install
	$(PY) -m boilerlab demo --if-empty
	$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

# With CI=true a throwaway PostgreSQL server (the machine's own packages) runs for the database tests.
test: install browser
	$(VENV)/bin/ruff check boilerlab tests benchmarks app.py ui.py pages migrations
	@if [ "$$CI" = "true" ] && [ -z "$$BOILERLAB_TEST_POSTGRES_URL" ]; then \
	  url=$$(bash scripts/postgres.sh start) || exit 1; \
	  BOILERLAB_TEST_POSTGRES_URL=$$url $(PY) -m pytest; status=$$?; \
	  bash scripts/postgres.sh stop; exit $$status; \
	else \
	  $(PY) -m pytest; \
	fi

bench: install
	$(PY) benchmarks/bench_evaluate.py
	$(PY) benchmarks/bench_import.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
