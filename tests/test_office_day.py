"""The office-day simulator runs a short day against the real service and prints its table."""

from bench import office_day


def test_a_short_day_prints_the_table(capsys):
    summary = office_day.main(["--shapes", "3", "--loads", "busy", "--seeds", "1", "--close-doors", "09:00"])
    out = capsys.readouterr().out
    assert "3 counters, busy" in out
    for method in office_day.METHODS:
        assert method in out
    assert "Replay of 100 waiting tickets" in out
    assert summary["replay"]["n"] > 5
    assert 0 <= summary["replay"]["hit"] <= 1


def test_recorded_days_give_the_same_promises_again(tmp_path, capsys):
    path = tmp_path / "days.pkl"
    live = office_day.main(["--shapes", "3", "--loads", "busy", "--seeds", "1", "--close-doors", "09:00",
                            "--record", str(path)])
    days = office_day.load_recorded(str(path))
    assert [(d.counters, d.load, d.seed) for d in days] == [(3, "busy", 1)]
    again = office_day.main(["--rerun", str(path)])
    assert "3 counters, busy" in capsys.readouterr().out
    assert again["replay"] == live["replay"]
