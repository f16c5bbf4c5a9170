# Queue Hall: `make demo` runs the whole office on this machine, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench screenshots system venv clean

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3-venv is missing: sudo apt-get install -y python3-venv"; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server,apps,test]'
	@touch $(STAMP)

venv: $(STAMP)

system:
	@scripts/system-deps.sh

demo: system venv
	$(VENV)/bin/queue-demo

# One test process per core (pytest-xdist; `make test WORKERS=0`: all in one process); an idle worker
# takes tests from a busy one's end (worksteal), so a long test does not hold the others up.
WORKERS ?= auto
test: system venv
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -n $(WORKERS) --dist worksteal

bench: system venv
	$(PY) bench/service.py
	$(PY) bench/service.py --db pg
	QT_QPA_PLATFORM=offscreen $(PY) bench/printing.py
	$(PY) bench/office_day.py --seeds 1

# The README's pictures: the scripted morning of `queue-demo --headless`, offscreen.
screenshots: system venv
	rm -rf build/morning
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/queue-demo --headless --out build/morning
	mkdir -p docs/demo
	cp build/morning/*.png docs/demo/
	cp build/morning/tickets/A001-*.png docs/demo/ticket-A001.png
	cp build/morning/tickets/C001-*.png docs/demo/ticket-C001.png

clean:
	rm -rf $(VENV) demo-data
