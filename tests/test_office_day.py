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


def test_appointments_come_from_their_own_random_stream(capsys):
    """Booked citizens replace some walk-ins; the rest of the day's plan is the same as
    without appointments (so the figures without them stay those measured before)."""
    import random
    from datetime import datetime, timezone

    class NoServer:
        def client(self, role):
            return None

    def plan(booking_rng):
        office = office_day.office_of(3, appointments=booking_rng is not None)
        day = office_day.Day(NoServer(), office, datetime(2026, 12, 2, tzinfo=timezone.utc), random.Random("3-busy-1"),
                             1.0, booking_rng=booking_rng)
        day.plan()
        return day, sorted((t, kind, arg) for t, _, kind, arg in day.events if kind != "book")

    plain, without = plan(None)
    booked, with_ = plan(random.Random("appointments-3-busy-1"))
    assert set(with_) < set(without)  # the same walk-ins, the pause too, less those who booked
    gone = [e for e in without if e not in with_]
    assert len(gone) == len(booked.bookings) and 0.05 < len(gone) / len(without) < 0.2
    assert all(e[1] == "arrive" and e[2][1] is None for e in gone)  # no care citizen books
    assert [b.service for b in booked.bookings] == [e[2][0] for e in gone]
    assert all(b.slot in office_day.SLOTS for b in booked.bookings)
    assert office_day.office_of(3).appointments is None
    assert office_day.office_of(3, appointments=True).appointments.prefix == "R"


def test_a_day_with_appointments_has_their_tickets_row(tmp_path, capsys):
    path = tmp_path / "days.pkl"
    live = office_day.main(["--shapes", "3", "--loads", "busy", "--seeds", "2", "--close-doors", "10:00",
                            "--record", str(path)])
    out = capsys.readouterr().out
    assert "appointment tickets" in out and "Appointment tickets alone" in out
    days = office_day.load_recorded(str(path))
    promised = [r for d in days for r in d.records.values() if r.appointment and r.called is not None]
    assert promised and all(r.promised["replay"] is not None and r.printed for r in promised)
    again = office_day.main(["--rerun", str(path)])
    assert again["replay"] == live["replay"]
    assert "Appointment tickets alone" in capsys.readouterr().out
    office_day.main(["--shapes", "3", "--loads", "busy", "--seeds", "1", "--close-doors", "09:00",
                     "--no-appointments"])
    assert "appointment tickets" not in capsys.readouterr().out
