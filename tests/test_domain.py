"""The domain on its own: office files, numbering, routing, estimates, ROC dates."""

from datetime import date, datetime, timedelta, timezone

import pytest

from shared.estimate import estimated_wait, expected_minutes
from shared.office import ConfigError, default_office_text, load_office, parse_office
from shared.routing import Waiting, choose_next
from shared.tickets import business_day, format_number, next_free_number, roc_date

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)


def test_default_office_models_the_brief():
    office = load_office()
    assert [c.number for c in office.counters] == [1, 2, 3]
    assert office.counter(1).is_care and office.counter(1).serves == ("care", "general")
    assert {q.prefix for q in office.queues} == {"A", "C"}
    assert {c.id for c in office.categories} == {"elderly", "disabled", "infant", "pregnant"}
    assert all(s.documents and s.name.zh and s.name.en and s.minutes > 0 for s in office.services)
    assert office.queue_for("transcript", None).id == "general"
    assert office.queue_for("transcript", "elderly").id == "care"


@pytest.mark.parametrize("change, message", [
    (("prefix = \"A\"", "prefix = \"AA\""), "one capital letter"),
    (("queue = \"general\"", "queue = \"nowhere\"", 1), "queue 'nowhere'"),
    (("serves = [\"general\"]", "serves = [\"vip\"]", 1), "unknown queue 'vip'"),
    (("timezone = \"Asia/Taipei\"", "timezone = \"Mars/Base\""), "unknown timezone"),
    (("minutes = 5", "minutes = \"five\""), "'minutes' must be a number"),
    (("[office]", "[office\n"), "not valid TOML"),
])
def test_config_mistakes_are_named(change, message):
    old, new, *count = change
    text = default_office_text().replace(old, new, *(count or [1]))
    with pytest.raises(ConfigError, match=message):
        parse_office(text, "office.toml")


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_office(tmp_path / "nope.toml")


def test_numbers():
    assert format_number("A", 7) == "A007"
    assert next_free_number(0, set()) == 1
    assert next_free_number(5, {6, 7}) == 8
    assert next_free_number(999, {1}) == 2  # wraps, skipping a number still waiting
    with pytest.raises(OverflowError):
        next_free_number(3, set(range(1, 1000)))


def test_business_day_follows_taipei():
    tz = load_office().tz
    assert business_day(datetime(2026, 11, 26, 15, 59, tzinfo=timezone.utc), tz) == date(2026, 11, 26)
    assert business_day(datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc), tz) == date(2026, 11, 27)


def test_roc_date():
    assert roc_date(date(2026, 11, 26)) == "民國115年11月26日"
    assert roc_date(date(2026, 11, 26), with_weekday=True) == "民國115年11月26日（四）"


def w(id_, queue, minutes_ago):
    return Waiting(id_, queue, T0 - timedelta(minutes=minutes_ago))


def test_care_counter_calls_care_first_then_general():
    office = load_office()
    care = office.counter(1)
    assert choose_next(office, care, {"general": w(1, "general", 20), "care": w(2, "care", 1)}, T0, True).id == 2
    assert choose_next(office, care, {"general": w(1, "general", 20)}, T0, True).id == 1


def test_general_counter_takes_care_ticket_after_the_limit():
    office = load_office()
    general = office.counter(2)
    heads = {"general": w(1, "general", 30), "care": w(2, "care", 9)}
    assert choose_next(office, general, heads, T0, True).id == 1
    heads["care"] = w(2, "care", 10)
    assert choose_next(office, general, heads, T0, True).id == 2


def test_general_counter_takes_care_when_no_care_counter_is_open():
    office = load_office()
    heads = {"general": w(1, "general", 30), "care": w(2, "care", 0)}
    assert choose_next(office, office.counter(2), heads, T0, care_counter_open=False).id == 2


def test_transfer_to_a_counter_goes_first():
    office = load_office()
    heads = {"general": w(1, "general", 30)}
    assert choose_next(office, office.counter(3), heads, T0, True, transferred_here=w(5, "general", 1)).id == 5


def test_nobody_waiting():
    office = load_office()
    assert choose_next(office, office.counter(2), {}, T0, True) is None


def test_estimate():
    assert expected_minutes(10, 4.0, 2) == 10
    assert expected_minutes(10, 4.0, 3) == 4.0
    assert estimated_wait(25, 2) == 13
    assert estimated_wait(20, 2) == 10
    assert estimated_wait(20, 0) is None


def test_cli_config_token_and_backup(tmp_path, capsys):
    import sqlite3

    from server.cli import main

    assert main(["config"]) == 0
    assert "[[counters]]" in capsys.readouterr().out
    db_path = tmp_path / "q.db"
    assert main(["token", "create", "--db", str(db_path), "--role", "counter", "--counter", "2"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) >= 30
    assert main(["token", "create", "--db", str(db_path), "--role", "counter"]) == 2
    assert "--counter" in capsys.readouterr().err
    assert main(["backup", "--db", str(db_path), "--out", str(tmp_path / "copy.db")]) == 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("select role, counter from tokens").fetchall() == [("counter", 2)]
    assert main(["serve", "--db", str(db_path), "--config", str(tmp_path / "missing.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["report", "--db", str(db_path), "--day", "2026-11-26"]) == 0
    assert "2026-11-26: 0 tickets issued" in capsys.readouterr().out
    assert main(["report", "--db", str(db_path), "--day", "yesterday"]) == 2


def test_care_in_a_row_lets_a_general_ticket_through():
    office = parse_office(default_office_text().replace(
        'serves = ["care", "general"]', 'serves = ["care", "general"]\ncare_in_a_row = 2'))
    care = office.counter(1)
    heads = {"general": w(1, "general", 30), "care": w(2, "care", 1)}
    assert choose_next(office, care, heads, T0, True, care_streak=1).id == 2
    assert choose_next(office, care, heads, T0, True, care_streak=2).id == 1
    assert choose_next(office, care, {"care": w(2, "care", 1)}, T0, True, care_streak=5).id == 2
