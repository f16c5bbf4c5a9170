#!/usr/bin/env bash
# A throw-away PostgreSQL for tests and benchmarks (tests/pg.py): initdb and pg_ctl in a
# temporary folder, on a free port of 127.0.0.1, as `nobody` when run as root.
#   eval "$(scripts/pg-temp.sh start)"   # exports QUEUE_TEST_PG_URL; the tests then use it
#   scripts/pg-temp.sh stop              # stops it and removes the folder
# Without it the tests start their own for the run (tests/conftest.py `postgres`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" -m tests.pg "$@"
