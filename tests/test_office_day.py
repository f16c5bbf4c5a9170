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
