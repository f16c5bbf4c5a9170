"""Appointments at the real service (127.0.0.1, a real SQLite file, a settable clock): the
issue's cases, and the API's refusals."""

import json
from datetime import datetime

import pytest
from websockets.sync.client import connect

from shared.office import default_office_text, parse_office
from tests.pg import db_url  # noqa: F401  (on SQLite and PostgreSQL)
from tests.servers import FakeClock, LiveServer

OFFICE = parse_office(default_office_text() + "\n[appointments]\n")
TAIPEI = OFFICE.tz


def taipei(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


@pytest.fixture
def hall(db_url):
    clock = FakeClock(taipei("2026-11-26 09:00"))
    server = LiveServer(db_url, office=OFFICE, clock=clock).start()
    yield server, clock
    server.stop()


def book(server, time="10:00", service="transcript", **more):
    r = server.client("admin").post("/appointments", json={"day": "2026-11-26", "time": time, "service": service,
                                                            **more})
    assert r.status_code == 201, r.text
    return r.json()["appointment"]


def check_in(server, code):
    return server.client("kiosk").post(f"/appointments/{code}/check-in")


def listed(server, day="2026-11-26"):
    return {a["code"]: a for a in server.client("admin").get("/appointments", params={"day": day}).json()["appointments"]}


def test_checked_in_early_it_is_called_at_its_slot_before_the_general_tickets(hall):
    server, clock = hall
    code = book(server)["code"]
    assert len(code) == 6 and code.isdigit()
    clock.now = taipei("2026-11-26 09:30")
    kiosk = server.client("kiosk")
    general = [kiosk.post("/tickets", json={"service": "transcript"}).json()["ticket"]["number"] for _ in range(3)]
    assert general == ["A001", "A002", "A003"]

    clock.now = taipei("2026-11-26 09:50")
    r = check_in(server, code)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["ticket"]["number"] == "R001" and answer["ticket"]["queue"] == "appointment"
    assert answer["ordinary"] is False and answer["reason"] is None
    assert answer["appointment"]["status"] == "checked_in" and answer["appointment"]["slot"] == "10:00"
    counter = server.client("admin")
    clock.now = taipei("2026-11-26 09:55")  # before its slot it waits
    assert counter.post("/counters/2/next").json()["ticket"]["number"] == "A001"

    clock.now = taipei("2026-11-26 10:00")
    assert counter.post("/counters/3/next").json()["ticket"]["number"] == "R001"
    assert counter.post("/counters/2/next").json()["ticket"]["number"] == "A002"
    calls = server.client("display").get("/state").json()["recent_calls"]
    assert [c["number"] for c in calls[:2]] == ["A002", "R001"]  # on the display like any call
    counter.post("/counters/3/complete")
    assert listed(server)[code]["status"] == "served"


def test_checked_in_late_it_becomes_a_general_ticket(hall):
    server, clock = hall
    code = book(server)["code"]
    clock.now = taipei("2026-11-26 10:20")
    answer = check_in(server, code).json()
    assert answer["ordinary"] is True and answer["ticket"]["number"] == "A001"
    assert answer["ticket"]["queue"] == "general" and answer["appointment"]["status"] == "late"
    assert "15 分鐘" in answer["reason"]["zh-TW"] and "15 min late" in answer["reason"]["en"]


def test_on_time_at_fifteen_minutes_late_after(hall):
    server, clock = hall
    on_time, late = book(server)["code"], book(server)["code"]
    clock.now = taipei("2026-11-26 10:15")
    assert check_in(server, on_time).json()["ordinary"] is False
    clock.advance(seconds=1)
    assert check_in(server, late).json()["ordinary"] is True


def test_an_unknown_code_is_a_clear_404_and_a_used_one_a_409(hall):
    server, clock = hall
    r = check_in(server, "123456")
    assert r.status_code == 404 and r.json()["error"] == {"code": "not_found",
                                                          "message": "no booking with code 123456"}
    code = book(server)["code"]
    assert check_in(server, code).status_code == 200
    again = check_in(server, code)
    assert again.status_code == 409 and "already checked in (ticket R001)" in again.json()["error"]["message"]
    other = book(server)["code"]
    assert server.client("admin").post(f"/appointments/{other}/cancel").json()["appointment"]["status"] == "cancelled"
    r = check_in(server, other)
    assert r.status_code == 409 and "cancelled" in r.json()["error"]["message"]
    assert check_in(server, "12ab").status_code == 422


def test_unchecked_at_ten_sixteen_it_is_a_no_show(hall):
    server, clock = hall
    code = book(server)["code"]
    clock.now = taipei("2026-11-26 10:15")
    assert listed(server)[code]["status"] == "booked"
    url = server.url.replace("http", "ws") + f"/api/v1/events?token={server.token('display')}"
    with connect(url) as ws:
        json.loads(ws.recv(timeout=5))
        clock.now = taipei("2026-11-26 10:16")
        server.client("admin").get("/state")  # any request ticks; the service also ticks every 30 s
        event = json.loads(ws.recv(timeout=5))
    assert event["type"] == "appointment.no_show"
    assert event["appointment"]["status"] == "no_show" and "code" not in event["appointment"]
    assert listed(server)[code]["status"] == "no_show"
    # A citizen who still comes that day gets an ordinary ticket.
    assert check_in(server, code).json()["ordinary"] is True


def test_check_in_by_the_phone_digits_when_only_one_booking_has_them(hall):
    server, clock = hall
    first = book(server, phone_last4="5678")["code"]
    kiosk = server.client("kiosk")
    r = kiosk.post("/appointments/check-in", json={"phone_last4": "5678"})
    assert r.status_code == 200 and r.json()["appointment"]["code"] == first
    book(server, time="11:00", phone_last4="1234")
    book(server, time="11:30", phone_last4="1234")
    r = kiosk.post("/appointments/check-in", json={"phone_last4": "1234"})
    assert r.status_code == 409 and "type the booking code" in r.json()["error"]["message"]
    assert kiosk.post("/appointments/check-in", json={"phone_last4": "0000"}).status_code == 404


@pytest.mark.parametrize("note, why", [
    ("王小明", "Chinese characters"), ("Wang Xiaoming", "looks like a name"), ("0912345678", "phone or ID"),
    ("A123456789", "national ID"), ("W.X.M. 5678", None), ("WXM", None)])
def test_a_note_holds_at_most_initials_and_last_digits(hall, note, why):
    server, _ = hall
    r = server.client("admin").post("/appointments", json={"day": "2026-11-26", "time": "10:00",
                                                           "service": "transcript", "note": note})
    if why is None:
        assert r.status_code == 201 and r.json()["appointment"]["note"] == note
    else:
        assert r.status_code == 422 and why in r.json()["error"]["message"]


def test_booking_refusals(hall):
    server, _ = hall
    admin = server.client("admin")
    assert admin.post("/appointments", json={"day": "2026-11-25", "time": "10:00",
                                             "service": "transcript"}).status_code == 422
    assert admin.post("/appointments", json={"day": "2026-11-26", "time": "25:00",
                                             "service": "transcript"}).status_code == 422
    assert admin.post("/appointments", json={"day": "2026-11-26", "time": "10:00",
                                             "service": "nothing"}).status_code == 422
    code = book(server)["code"]
    r = admin.post("/appointments", json={"day": "2026-11-26", "time": "10:00", "service": "transcript", "code": code})
    assert r.status_code == 409
    assert server.client("kiosk").post("/appointments", json={"day": "2026-11-26", "time": "10:00",
                                                              "service": "transcript"}).status_code == 403


def test_appointments_survive_a_restart(hall):
    server, clock = hall
    code = book(server)["code"]
    clock.now = taipei("2026-11-26 09:50")
    check_in(server, code)
    server.stop()
    server.start()
    clock.now = taipei("2026-11-26 10:00")
    server.client("admin").post("/counters/2/next")  # nobody else waits; R001 is due
    assert server.client("admin").get("/state").json()["counters"][1]["ticket"]["number"] == "R001"
    assert server.client("counter", 2).get("/appointments", params={"ticket": 1}).json()["appointments"][0]["code"] == code


def test_the_console_lists_the_days_appointments_with_their_status_and_figures(hall):
    from tests.console_login import logged_in

    server, clock = hall
    kept = book(server, "10:00", note="W.X.M. 5678")
    missed = book(server, "09:30", service="birth")
    clock.now = taipei("2026-11-26 09:50")  # 20 minutes after 09:30: that one is a no-show
    assert check_in(server, kept["code"]).status_code == 200
    assert listed(server)[missed["code"]]["status"] == "no_show"
    client, _ = logged_in(server, "clerk-lin", role="clerk")   # clerks see the day's bookings too
    page = client.get("/console/appointments", params={"day": "2026-11-26"})
    assert page.status_code == 200
    html = page.text
    assert f'data-code="{kept["code"]}" data-status="checked_in"' in html and "W.X.M. 5678" in html and "R001" in html
    assert f'data-code="{missed["code"]}" data-status="no_show"' in html
    assert 'data-service="transcript"' in html and 'data-service="birth"' in html
    bad = client.get("/console/appointments", params={"day": "26/11"})
    assert bad.status_code == 422 and "2026-11-26" in bad.text
    client.close()


def test_an_appointment_ticket_has_its_wait_on_every_path_and_general_tickets_count_it(hall):
    server, clock = hall
    code = book(server, service="id_card")["code"]
    admin, kiosk = server.client("admin"), server.client("kiosk")
    clock.now = taipei("2026-11-26 09:45")
    first = kiosk.post("/tickets", json={"service": "transcript"}).json()
    admin.post("/counters/1/next")  # A001 at the care counter: 5 minutes
    before = kiosk.post("/tickets", json={"service": "id_card"}).json()  # 10 minutes, from 09:50
    assert first["ticket"]["number"] == "A001" and before["ticket"]["number"] == "A002"

    clock.now = taipei("2026-11-26 09:50")
    for n in (2, 3):  # back in half an hour, as the estimate takes it
        admin.post(f"/counters/{n}/pause", json={"reason": "break"})
    answer = check_in(server, code).json()
    assert answer["ticket"]["number"] == "R001"
    # Called from 10:00 at the earliest: 10 minutes from now, in its printed range.
    low, high = answer["estimated_wait_range"]
    assert low <= 10 <= high and high - low <= 10
    assert answer["estimated_wait_minutes"] >= 10
    after = kiosk.post("/tickets", json={"service": "transcript"}).json()
    state = server.client("display").get("/state").json()
    upcoming = {t["number"]: t for t in state["upcoming"]}
    assert upcoming["R001"]["queue"] == "appointment" and upcoming["R001"]["range"] == [low, high]
    # A003 waits for A002 (until 10:00) and then the appointment's 10 minutes of id_card.
    assert 15 <= after["estimated_wait_minutes"] <= 25
    assert upcoming["A003"]["range"][1] >= 20


def test_the_phone_page_of_an_appointment_ticket_shows_its_wait(tmp_path):
    import httpx
    clock = FakeClock(taipei("2026-11-26 09:00"))
    server = LiveServer(tmp_path / "queue.db", office=OFFICE, clock=clock, public=True).start()
    try:
        code = book(server)["code"]
        clock.now = taipei("2026-11-26 09:50")
        answer = check_in(server, code).json()
        page = httpx.get(f"{server.public_url}/t/{answer['public_code']}", timeout=10)
        assert page.status_code == 200 and "R001" in page.text
        # Nobody ahead, but called from 10:00: the range says so.
        assert "約 10–15 分鐘" in page.text and "about 10–15 minutes" in page.text
    finally:
        server.stop()
