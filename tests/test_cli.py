"""queue-server's faults at start-up and on the command line: one line each, naming the file
and what to do, exit code not 0, no traceback; one service per database file; device
tokens listed and revoked, a revoked token refused at once by a running service."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server import auth
from tests.pg import db_url, run_sql  # noqa: F401  (the service's parts run on SQLite and PostgreSQL)
from tests.servers import ServerProcess, db_args, make_token, run_cli

FIXTURE = Path(__file__).parent / "data" / "queue-0.1.0.db"


def one_line_fault(code: int, err: str, *words: str) -> None:
    assert code != 0, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], (word, err)


def good_db(tmp_path: Path, name: str = "queue.db") -> Path:
    path = tmp_path / name
    make_token(path, "admin")
    return path


# ----- damaged and unusable files --------------------------------------------------

def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path) -> None:
    path.write_bytes(FIXTURE.read_bytes()[:40_000])


def text_file(path: Path) -> None:
    path.write_text("queue hall\n" * 100)


@pytest.mark.parametrize("damage", [random_bytes, truncated, text_file])
def test_a_damaged_database_is_refused_by_every_command(tmp_path, damage):
    path = tmp_path / "queue.db"
    damage(path)
    before = path.read_bytes()
    code, err = ServerProcess(path).refused()
    one_line_fault(code, err, str(path), "damaged", "backup")
    for args in (["token", "create", "--db", str(path), "--role", "kiosk"],
                 ["report", "--db", str(path)], ["migrate", "--db", str(path)],
                 ["token", "list", "--db", str(path)]):
        done = run_cli(*args)
        one_line_fault(done.returncode, done.stderr, str(path), "damaged")
    assert path.read_bytes() == before


@pytest.fixture
def read_only(tmp_path):
    """Makes a path read-only even for root (chattr +i), and writable again afterwards."""
    made = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
                pytest.skip("running as root, and chattr +i is not possible here")
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_database_file_is_refused(tmp_path, read_only):
    path = good_db(tmp_path)
    read_only(path)
    code, err = ServerProcess(path).refused()
    one_line_fault(code, err, str(path), "read-only")
    done = run_cli("token", "create", "--db", str(path), "--role", "kiosk")
    one_line_fault(done.returncode, done.stderr, str(path), "read-only")


def test_a_read_only_folder_is_refused(tmp_path, read_only):
    folder = tmp_path / "office"
    folder.mkdir()
    path = good_db(folder)
    read_only(folder)
    code, err = ServerProcess(path).refused()
    one_line_fault(code, err, str(folder), "read-only")
    code, err = ServerProcess(folder / "new.db").refused()
    one_line_fault(code, err, str(folder), "read-only")


def test_a_folder_as_the_database_is_refused(tmp_path):
    code, err = ServerProcess(tmp_path).refused()
    one_line_fault(code, err, str(tmp_path), "folder", "queue.db")
    done = run_cli("report", "--db", str(tmp_path))
    one_line_fault(done.returncode, done.stderr, str(tmp_path), "folder")


def test_a_missing_folder_or_file_is_named(tmp_path):
    code, err = ServerProcess(tmp_path / "nowhere" / "queue.db").refused()
    one_line_fault(code, err, str(tmp_path / "nowhere"), "mkdir")
    done = run_cli("report", "--db", str(tmp_path / "queue.db"))
    one_line_fault(done.returncode, done.stderr, str(tmp_path / "queue.db"), "not found")


@pytest.mark.parametrize("port", ["70000", "0", "-1", "http"])
def test_a_port_out_of_range_is_refused(tmp_path, port):
    done = run_cli("serve", "--db", str(tmp_path / "queue.db"), "--port", port)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"{port} is not a port" in done.stderr and "1 to 65535" in done.stderr
    assert not (tmp_path / "queue.db").exists()


def test_a_counter_the_office_does_not_have_is_refused(tmp_path):
    path = tmp_path / "queue.db"
    done = run_cli("token", "create", "--db", str(path), "--role", "counter", "--counter", "99")
    one_line_fault(done.returncode, done.stderr, "no counter 99", "1, 2, 3")
    done = run_cli("token", "create", "--db", str(path), "--role", "kiosk", "--counter", "1")
    one_line_fault(done.returncode, done.stderr, "--counter")
    assert not path.exists()
    done = run_cli("token", "create", "--db", str(path), "--role", "counter", "--counter", "3")
    assert done.returncode == 0, done.stderr


# ----- one service per database ----------------------------------------------------

def test_a_second_service_on_one_file_is_refused_until_the_first_dies(tmp_path):
    path = tmp_path / "queue.db"
    first = ServerProcess(path).start()
    try:
        code, err = ServerProcess(path).refused()
        one_line_fault(code, err, str(path), f"PID {first.proc.pid}", "since")
        assert httpx.get(first.url + "/api/v1/health").status_code == 200
        first.kill()  # SIGKILL: the kernel releases the lock
        second = ServerProcess(path).start()
        second.stop()
    finally:
        first.stop()


# ----- device tokens ---------------------------------------------------------------

def test_token_list_shows_every_token_and_revoke_takes_a_short_id(db_url):
    where = db_args(db_url)
    for args in (["--role", "kiosk", "--label", "by the door"], ["--role", "counter", "--counter", "2"]):
        assert run_cli("token", "create", *where, *args).returncode == 0
    listing = run_cli("token", "list", *where)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["ID", "ROLE", "COUNTER", "LABEL", "CREATED", "REVOKED"]
    hashes = {role: h for h, role in run_sql(db_url, "SELECT hash, role FROM tokens")}
    kiosk = next(line for line in lines if "kiosk" in line)
    assert kiosk.startswith(hashes["kiosk"][:8]) and "by the door" in kiosk and kiosk.rstrip().endswith("-")

    revoked = run_cli("token", "revoke", *where, hashes["kiosk"][:8])
    assert revoked.returncode == 0, revoked.stderr
    kiosk = next(line for line in run_cli("token", "list", *where).stdout.splitlines() if "kiosk" in line)
    assert not kiosk.rstrip().endswith("-")  # the REVOKED column has a time

    for wrong, words in (("ffffffffff", ["no token"]), ("xyz", ["not a token id"]), ("", ["not a token id"])):
        done = run_cli("token", "revoke", *where, wrong)
        one_line_fault(done.returncode, done.stderr, where[1].split("@")[-1], *words)


def test_an_ambiguous_short_id_is_refused(tmp_path):
    path = tmp_path / "queue.db"
    for _ in range(40):  # 40 tokens: two of them share a first hex character
        make_token(path, "display")
    conn = sqlite3.connect(path)
    firsts = [h[0] for (h,) in conn.execute("SELECT hash FROM tokens")]
    conn.close()
    shared = next(c for c in firsts if firsts.count(c) > 1)
    done = run_cli("token", "revoke", "--db", str(path), shared)
    one_line_fault(done.returncode, done.stderr, "fits", "give more")


def test_a_revoked_token_is_refused_at_once_and_its_websocket_closed(db_url, tmp_path):
    display, other = make_token(db_url, "display"), make_token(db_url, "display")
    server = ServerProcess(db_url, log_dir=tmp_path).start()
    try:
        headers = {"Authorization": f"Bearer {display}"}
        assert httpx.get(server.url + "/api/v1/whoami", headers=headers).status_code == 200
        ws_url = server.url.replace("http", "ws") + "/api/v1/events?token="
        with connect(ws_url + display) as revoked_ws, connect(ws_url + other) as kept_ws:
            assert json.loads(revoked_ws.recv(timeout=10))["type"] == "snapshot"
            assert json.loads(kept_ws.recv(timeout=10))["type"] == "snapshot"
            done = run_cli("token", "revoke", *db_args(db_url), auth.hash_token(display)[:8])
            assert done.returncode == 0, done.stderr
            refused = httpx.get(server.url + "/api/v1/whoami", headers=headers)
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
            error = json.loads(revoked_ws.recv(timeout=10))
            assert error["type"] == "error" and "revoked" in error["error"]["message"]
            with pytest.raises(ConnectionClosed) as closed:
                revoked_ws.recv(timeout=10)
            assert closed.value.rcvd.code == 4401
            kept_ws.ping().wait(5)  # the other device stays connected
        with connect(ws_url + display) as again:
            assert json.loads(again.recv(timeout=10))["type"] == "error"
        assert httpx.get(server.url + "/api/v1/whoami",
                         headers={"Authorization": f"Bearer {other}"}).status_code == 200
    finally:
        server.stop()


def test_a_revoked_websocket_is_closed_without_any_request(db_url, tmp_path):
    """No HTTP request comes after the revoke: the service's watcher closes the WebSocket."""
    display = make_token(db_url, "display")
    server = ServerProcess(db_url, log_dir=tmp_path).start()
    try:
        with connect(server.url.replace("http", "ws") + "/api/v1/events?token=" + display) as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
            run_sql(db_url, "DELETE FROM tokens")  # deleted by hand: the same as revoked
            assert json.loads(ws.recv(timeout=10))["type"] == "error"
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=10)
            assert closed.value.rcvd.code == 4401
    finally:
        server.stop()


def test_the_token_cache_holds_valid_tokens_only_and_is_bounded(tmp_path):
    path = tmp_path / "queue.db"
    tokens = [make_token(path, "kiosk") for _ in range(5)]
    conn = sqlite3.connect(path, isolation_level=None)
    checker = auth.Authenticator(lambda: conn, size=3)
    for wrong in ("nope", "x" * 100_000, ""):
        assert checker.principal(wrong) is None
    assert len(checker.cache) == 0
    for token in tokens:
        assert checker.principal(token).role == "kiosk"
    assert list(checker.cache) == [auth.hash_token(t) for t in tokens[2:]]  # the least recent went first
    assert checker.principal(tokens[0]).role == "kiosk"  # looked up again
    other = sqlite3.connect(path)
    with other:
        other.execute("UPDATE tokens SET revoked_at = 1 WHERE hash = ?", (auth.hash_token(tokens[4]),))
    other.close()
    assert checker.principal(tokens[4]) is None
    assert auth.hash_token(tokens[4]) not in checker.cache
    conn.close()


# ----- the WAL -----------------------------------------------------------------------

def test_the_wal_is_checkpointed_early_and_kept_small(tmp_path):
    """Measured: after 1,000 tickets and 1,000 calls the WAL is 0.85 MB (4.1 MB in 0.1.0)."""
    from server import db

    engine = db.make_engine(tmp_path / "queue.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == db.WAL_AUTOCHECKPOINT <= 250
        assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar() == db.JOURNAL_SIZE_LIMIT
        conn.rollback()
    engine.dispose()
