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
	$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

test: install
	$(VENV)/bin/ruff check boilerlab tests benchmarks app.py
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/bench_evaluate.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
