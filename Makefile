# Queue Hall: `make demo` runs the whole office on this machine, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench system venv clean

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3-venv is missing: sudo apt-get install -y python3-venv"; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

system:
	@scripts/system-deps.sh

demo: system venv
	$(VENV)/bin/queue-demo

test: system venv
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: system venv
	$(PY) bench/service.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/printing.py

clean:
	rm -rf $(VENV) demo-data
