"""`queue-server appointments import`: a CSV file booked all or nothing, bad rows named by
line; never under a running service."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from server import db
from shared.office import default_office_text
from tests.servers import run_cli

TOMORROW = (date.today() + timedelta(days=2)).isoformat()  # a day ahead in any time zone


@pytest.fixture
def office_file(tmp_path):
    path = tmp_path / "office.toml"
    path.write_text(default_office_text() + "\n[appointments]\n", encoding="utf-8")
    return path


def booked(db_path):
    engine = db.make_engine(db_path)
    with engine.connect() as conn:
        rows = conn.execute(select(db.appointments)).all()
    engine.dispose()
    return rows


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line(tmp_path, office_file):
    csv = tmp_path / "bookings.csv"
    csv.write_text("date,time,service,code,phone_last4,note\n"
                   f"{TOMORROW},09:00,transcript,,5678,W.X.M.\n"
                   f"{TOMORROW},09:30,戶籍謄本,654321,,\n"
                   f"{TOMORROW},10:00,transcript,,,王小明\n", encoding="utf-8")
    db_path = tmp_path / "queue.db"
    out = run_cli("appointments", "import", "--db", str(db_path), "--config", str(office_file), str(csv))
    assert out.returncode == 1, out.stdout
    assert "bookings.csv line 4: note has Chinese characters" in out.stderr
    assert "nothing imported: 1 bad row" in out.stderr
    assert booked(db_path) == []

    csv.write_text(csv.read_text(encoding="utf-8").replace("王小明", "W"), encoding="utf-8")
    out = run_cli("appointments", "import", "--db", str(db_path), "--config", str(office_file), str(csv))
    assert out.returncode == 0, out.stderr
    assert "Imported 3 appointments" in out.stdout and "code 654321" in out.stdout
    rows = booked(db_path)
    assert [(r.slot, r.service, r.status) for r in rows] == [("09:00", "transcript", "booked"),
                                                             ("09:30", "transcript", "booked"),
                                                             ("10:00", "transcript", "booked")]
    assert all(len(r.code) == 6 for r in rows) and rows[0].phone_last4 == "5678"

    report = run_cli("report", "--db", str(db_path), "--config", str(office_file), "--day", TOMORROW)
    assert report.returncode == 0, report.stderr
    line = next(x for x in report.stdout.splitlines() if x.startswith("戶籍謄本"))
    assert line.split()[-5:] == ["3", "0", "0", "0", "0"]

    again = run_cli("appointments", "import", "--db", str(db_path), "--config", str(office_file), str(csv))
    assert again.returncode == 1 and "line 3: booking code 654321" in again.stderr


def test_bad_columns_are_named(tmp_path, office_file):
    csv = tmp_path / "bookings.csv"
    csv.write_text("day,time,service\n", encoding="utf-8")
    out = run_cli("appointments", "import", "--db", str(tmp_path / "q.db"), "--config", str(office_file), str(csv))
    assert out.returncode == 1 and "line 1: missing column date; unknown column day" in out.stderr


def test_the_help_documents_the_columns():
    out = run_cli("appointments", "import", "--help")
    for column in ("date", "time", "service", "code", "phone_last4", "note"):
        assert f"  {column} " in out.stdout


def test_refused_while_a_service_holds_the_database(tmp_path, office_file):
    from server.lock import DatabaseLock

    csv = tmp_path / "bookings.csv"
    csv.write_text(f"date,time,service\n{TOMORROW},09:00,transcript\n", encoding="utf-8")
    lock = DatabaseLock(tmp_path / "queue.db").acquire()  # as `queue-server serve` holds it
    try:
        out = run_cli("appointments", "import", "--db", str(tmp_path / "queue.db"), "--config", str(office_file),
                      str(csv))
    finally:
        lock.release()
    assert out.returncode == 1 and "POST /api/v1/appointments" in out.stderr
