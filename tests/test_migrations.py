"""A database written by release 0.1.0 upgrades to this release, by `queue-server migrate`
and by `serve` alone, with its tickets, tokens, alerts and report intact and a copy kept."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server import db, schema
from tests.servers import ServerProcess, run_cli

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "queue-0.1.0.db"
TOKENS = json.loads((DATA / "queue-0.1.0.tokens.json").read_text())
DAY = "2026-11-27"
TABLES = ("tickets", "tokens", "alerts", "events", "numbering", "counters", "idempotency", "meta")


def rows(path: Path) -> dict[str, list[dict]]:
    """Every table's rows, with only the columns release 0.1.0 had."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        old = sqlite3.connect(FIXTURE)
        columns = {t: [r[1] for r in old.execute(f"PRAGMA table_info({t})")] for t in TABLES}
        old.close()
        quoted = {t: ", ".join(f'"{c}"' for c in columns[t]) for t in TABLES}
        return {t: [dict(r) for r in conn.execute(f"SELECT {quoted[t]} FROM {t} ORDER BY 1")] for t in TABLES}
    finally:
        conn.close()


def version(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


@pytest.fixture
def old_db(tmp_path) -> Path:
    path = tmp_path / "queue.db"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_release_0_1_0():
    before = rows(FIXTURE)
    assert version(FIXTURE) is None
    assert len(before["tickets"]) == 12 and len(before["tokens"]) == 6 and len(before["alerts"]) == 2


def test_migrate_keeps_every_ticket_token_alert_and_the_report(old_db):
    before = rows(old_db)
    done = run_cli("migrate", "--db", str(old_db))
    assert done.returncode == 0, done.stderr
    assert "upgraded from release 0.1.0" in done.stdout and f"before-{schema.RELEASE}" in done.stdout
    assert version(old_db) == schema.HEAD
    assert rows(old_db) == before
    assert rows(old_db.with_name(f"queue.db.before-{schema.RELEASE}")) == before
    assert version(old_db.with_name(f"queue.db.before-{schema.RELEASE}")) is None

    again = run_cli("migrate", "--db", str(old_db))
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert not old_db.with_name(f"queue.db.before-{schema.RELEASE}.1").exists()

    report = run_cli("report", "--db", str(old_db), "--day", DAY)
    assert report.returncode == 0, report.stderr
    # Every line of 0.1.0's report has its figures in this release's (which may add lines).
    now = [numbers(line) for line in report.stdout.splitlines()]
    for line in (DATA / "queue-0.1.0.report.txt").read_text().splitlines():
        assert not numbers(line) or numbers(line) in now, line

    # Every 0.1.0 token still authenticates, against a running service on the upgraded file.
    server = ServerProcess(old_db).start()
    try:
        for name, token in TOKENS.items():
            who = httpx.get(server.url + "/api/v1/whoami", headers={"Authorization": f"Bearer {token}"}).json()
            assert who["role"] == name.split("-")[0]
            assert who["counter"] == (int(name.split("-")[1]) if name.startswith("counter-") else None)
    finally:
        server.stop()


def test_serve_alone_upgrades_an_old_file_and_keeps_a_copy(old_db):
    before = rows(old_db)
    server = ServerProcess(old_db).start()
    try:
        assert httpx.get(server.url + "/api/v1/whoami",
                         headers={"Authorization": f"Bearer {TOKENS['kiosk']}"}).status_code == 200
        alerts = httpx.get(server.url + "/api/v1/state",
                           headers={"Authorization": f"Bearer {TOKENS['display']}"}).json()["alerts"]
        assert [a["source"] for a in alerts] == ["kiosk-1"]  # kiosk-2's was cleared
    finally:
        server.stop()
    copy = old_db.with_name(f"queue.db.before-{schema.RELEASE}")
    assert rows(copy) == before and version(copy) is None
    assert version(old_db) == schema.HEAD
    after = rows(old_db)
    assert after["tokens"] == before["tokens"] and after["alerts"] == before["alerts"]
    # Every ticket is kept (the service may close yesterday's waiting ones on a new day).
    assert [t["number"] for t in after["tickets"]] == [t["number"] for t in before["tickets"]]

    server = ServerProcess(old_db).start()  # a restart on the upgraded file copies nothing more
    server.stop()
    assert sorted(p.name for p in old_db.parent.glob("queue.db.before*")) == [f"queue.db.before-{schema.RELEASE}"]


def test_an_earlier_copy_is_never_overwritten(old_db):
    first = schema.backup_copy(old_db, "0.2.0")
    second = schema.backup_copy(old_db, "0.2.0")
    assert (first.name, second.name) == ("queue.db.before-0.2.0", "queue.db.before-0.2.0.1")


def test_a_new_file_gets_the_current_schema(tmp_path):
    path = tmp_path / "new.db"
    made = run_cli("token", "create", "--db", str(path), "--role", "kiosk")
    assert made.returncode == 0, made.stderr
    assert "made a new database" in made.stderr
    assert version(path) == schema.HEAD


def test_migrations_and_tables_agree(old_db, tmp_path):
    """The upgraded 0.1.0 file and a new file have exactly the tables of server/db.py."""
    assert schema.script_revisions()["0001"] is None
    assert set(schema.RELEASES) == set(schema.script_revisions()) and schema.HEAD == max(schema.RELEASES)
    new = tmp_path / "new.db"
    for path in (old_db, new):
        engine = db.make_engine(path)
        schema.ensure_current(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
            conn.rollback()
        engine.dispose()


def test_a_file_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "queue.db"
    assert run_cli("token", "create", "--db", str(path), "--role", "kiosk").returncode == 0
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    for args in (["migrate", "--db", str(path)], ["token", "list", "--db", str(path)]):
        refused = run_cli(*args)
        assert refused.returncode != 0
        assert "newer release" in refused.stderr and str(path) in refused.stderr
        assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    code, err = ServerProcess(path).refused()
    assert code != 0 and "newer release" in err and "Traceback" not in err
    assert version(path) == "0099"


def test_token_and_report_upgrade_an_old_file_too_and_backup_copies_it_as_it_is(old_db, tmp_path):
    copy = run_cli("backup", "--db", str(old_db), "--out", str(tmp_path / "copy.db"))
    assert copy.returncode == 0, copy.stderr
    assert version(tmp_path / "copy.db") is None  # a backup is never upgraded
    listing = run_cli("token", "list", "--db", str(old_db))
    assert listing.returncode == 0, listing.stderr
    assert f"before-{schema.RELEASE}" in listing.stderr and "upgraded from release 0.1.0" in listing.stderr
    assert len(listing.stdout.splitlines()) == 1 + len(TOKENS)
    assert version(old_db) == schema.HEAD


def test_migrations_run_on_postgresql_from_an_empty_schema_and_equal_the_tables(postgres):
    """Every revision runs on PostgreSQL from nothing, and its result is server/db.py's
    tables, as is a schema made new (create_all); both stamped with the head."""
    from sqlalchemy import text

    from tests.pg import drop_office, new_office_id

    for made_by in ("revisions", "create_all"):
        where = db.place(postgres.url, new_office_id())
        engine = db.make_engine(where)
        try:
            with engine.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{where.schema}"'))
                if made_by == "revisions":
                    schema._alembic(conn, "upgrade", schema.HEAD)
                conn.commit()
            assert schema.ensure_current(engine) == (None if made_by == "revisions" else
                                                     f"made a new database at schema {schema.HEAD} "
                                                     f"(release {schema.RELEASE})")
            with engine.connect() as conn:
                assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema.HEAD
                conn.rollback()
        finally:
            engine.dispose()
            drop_office(postgres.url, where.office)
