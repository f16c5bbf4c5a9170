"""Schemathesis against the running service: every check, the coverage, fuzzing and
stateful phases, bounded to about a minute. It must find nothing, and nothing may answer 5xx.

The service runs in this process (tests.servers.LiveServer), so its log is checked too:
no traceback. Schemathesis authenticates through the OpenAPI page's bearer scheme (so its
"missing Authorization" probes really go without a token); tests/schemathesis_hooks.py
gives each generated request a fresh Idempotency-Key (see there why).
"""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("schemathesis")

MAX_SECONDS = 55


def test_schemathesis_finds_nothing(server, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="queue.server")
    config = tmp_path / "schemathesis.toml"
    config.write_text('[auth.openapi.deviceToken]\nbearer = "${QUEUE_HALL_TOKEN}"\n')
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QUEUE_HALL_TOKEN": server.token("admin"), "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "schemathesis.cli", "--no-color", "--config-file", str(config), "run",
           f"{server.url}/openapi.json", "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
           "--max-examples", "20", "--max-time", str(MAX_SECONDS), "--seed", "20261126",
           # On a busy machine: hypothesis' generator health checks and a slow answer are no finding.
           "--suppress-health-check", "all", "--request-timeout", "20"]
    run = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=MAX_SECONDS + 120)
    summary = run.stdout[run.stdout.find("SUMMARY"):]
    print(run.stdout[run.stdout.find("Examples ("):])  # shown with pytest -s
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    # Warnings (e.g. "an operation returned only 401/403" when the time ran out before
    # fuzzing reached it) are no finding; failures and errors are.
    assert "Failures:" not in summary and "Errors:" not in summary, summary
    counted = re.search(r"(\d+) generated, (\d+) passed", summary)
    assert counted and counted[1] == counted[2], summary
    refused = [r for r in caplog.records if r.msg.startswith("refused")]
    assert refused, "schemathesis sent no bad request?"
    assert not [r.getMessage() for r in refused if r.args[2] >= 500]
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
