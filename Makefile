# boilerlab — two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.install-stamp
PORT ?= 8501

.PHONY: install run test bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m boilerlab demo --if-empty
	$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

# With CI=true a throwaway PostgreSQL server (the machine's own packages) runs for the database tests.
test: install
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
