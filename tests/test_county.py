"""A county on one PostgreSQL database (issue 17): offices side by side, never mixed.

Each office has its own schema, service, numbering and ticket ids; routing at one office's
counters never sees another's tickets; the county report puts them side by side with each
office's own figures; the lock of one live service is per office."""

from __future__ import annotations

import time

import httpx
import pytest

from server import db
from server.cli import main as cli
from tests.pg import drop_office, new_office_id, run_sql
from tests.servers import LiveServer, ServerProcess, db_args, run_cli


@pytest.fixture
def two_offices(postgres, clock):
    places = [db.place(postgres.url, new_office_id()) for _ in range(2)]
    servers = [LiveServer(p, clock=clock).start() for p in places]
    yield servers
    for s in servers:
        s.stop()
    for p in places:
        drop_office(postgres.url, p.office)


def issue(server, service="transcript", category=None):
    r = server.client("kiosk").post("/tickets", json={"service": service, "category": category})
    assert r.status_code == 201, r.text
    return r.json()["ticket"]


def test_numbering_routing_and_reports_never_mix_offices(two_offices, clock, capsys):
    a, b = two_offices
    issued_a = [issue(a) for _ in range(3)] + [issue(a, "transcript", "elderly")]
    issued_b = [issue(b) for _ in range(2)]
    # Each office numbers and counts from its own start.
    assert [t["number"] for t in issued_a] == ["A001", "A002", "A003", "C001"]
    assert [t["number"] for t in issued_b] == ["A001", "A002"]
    assert [t["id"] for t in issued_b] == [1, 2]

    # Office B's counter calls B's tickets only, and A's queue is untouched by it.
    clock.advance(minutes=5)
    called = b.client("counter", 2).post("/counters/2/next").json()["ticket"]
    assert (called["number"], called["id"]) == ("A001", 1)
    clock.advance(minutes=3)
    assert b.client("counter", 2).post("/counters/2/complete").status_code == 200
    assert run_sql(a.where, "SELECT count(*) FROM tickets WHERE status = 'waiting'") == [(4,)]
    assert a.client("counter", 2).post("/counters/2/next").json()["ticket"]["number"] == "A001"

    # Each office's record holds its own tickets only.
    assert run_sql(a.where, "SELECT count(*) FROM tickets") == [(4,)]
    assert run_sql(b.where, "SELECT count(*) FROM tickets") == [(2,)]
    stats_a = a.client("admin").get("/stats", params={"day": "2026-11-26"}).json()
    stats_b = b.client("admin").get("/stats", params={"day": "2026-11-26"}).json()
    assert (stats_a["issued"], stats_b["issued"]) == (4, 2)

    # The county report: both offices, side by side, each with its own figures.
    assert cli(["report", "--db", a.where.url, "--all-offices", "--day", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line.split() for line in out.splitlines()[2:] if line.startswith("t")}
    assert lines[a.where.office][1:3] == ["4", "0"]
    assert lines[b.where.office][1:6] == ["2", "1", "5.0", "3.0", "8.0"]  # issued, served, wait, service, total


def test_the_lock_is_per_office_and_a_second_service_waits(postgres, tmp_path):
    one, other = (db.place(postgres.url, new_office_id()) for _ in range(2))
    live = ServerProcess(one, log_dir=tmp_path).start()
    procs = [live]
    try:
        procs.append(ServerProcess(other, log_dir=tmp_path).start())  # another office: at once
        migrate = run_cli("migrate", *db_args(one))
        assert migrate.returncode == 1 and "served by another queue-server" in migrate.stderr
        assert f"pid={live.proc.pid}" in migrate.stderr
        standby = ServerProcess(one, log_dir=tmp_path).launch()
        procs.append(standby)
        deadline = time.monotonic() + 20
        while "standby" not in standby.log():
            assert time.monotonic() < deadline, standby.log()
            assert standby.proc.poll() is None, standby.log()
            time.sleep(0.05)
        with pytest.raises(httpx.TransportError):
            httpx.get(standby.url + "/api/v1/health", timeout=1)
        live.stop()  # a clean stop hands over too
        standby.wait_listening(10)
    finally:
        for p in procs:
            p.stop()
        for p in (one, other):
            drop_office(postgres.url, p.office)


def test_postgresql_command_line_faults_are_one_line(postgres, tmp_path):
    url = postgres.url
    backup = run_cli("backup", "--db", url, "--office", "jinsha", "--out", str(tmp_path / "x"))
    assert backup.returncode == 2 and "pg_dump" in backup.stderr and "Traceback" not in backup.stderr
    bad_office = run_cli("token", "list", "--db", url, "--office", "Jin-Sha")
    assert bad_office.returncode == 2 and "office id" in bad_office.stderr
    no_db = run_cli("token", "list", "--db", url.rsplit("/", 1)[0] + "/nowhere", "--office", "jinsha")
    assert no_db.returncode == 1 and "does not exist" in no_db.stderr and "Traceback" not in no_db.stderr
    unreachable = run_cli("token", "list", "--db", "postgresql+psycopg://x@127.0.0.1:9/county", "--office", "a")
    assert unreachable.returncode == 1 and "cannot reach" in unreachable.stderr
    assert len(unreachable.stderr.strip().splitlines()) == 1
    sqlite_county = run_cli("report", "--db", str(tmp_path / "q.db"), "--all-offices")
    assert sqlite_county.returncode == 2 and "PostgreSQL" in sqlite_county.stderr
    other_engine = run_cli("token", "list", "--db", "mysql://x@h/county")
    assert other_engine.returncode == 2 and "SQLite" in other_engine.stderr
