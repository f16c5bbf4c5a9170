"""The client's view of the state (shared/projection.py) equals the service's own.

A property test: random sequences of counter, kiosk and alert commands against the real
service, while a WebSocket listener starts from the snapshot and applies every event with
`apply_event`; after each sequence its state equals `GET /state` (apart from `now`).
The office keeps 3 recent calls, so the limit is exercised too.
"""

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from websockets.sync.client import connect

from shared import contract as C
from shared.office import default_office_text, parse_office
from shared.projection import apply_event
from shared.protocol import API
from tests.servers import FakeClock, LiveServer

COUNTERS = (1, 2, 3)
SERVICES = ("transcript", "birth", "seal")
EVENT = TypeAdapter(C.Event)
NUMBERS = ("A001", "A002", "A003", "C001", "C002")

counter = st.sampled_from(COUNTERS)
command = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.sampled_from([None, None, "elderly"])),
    st.tuples(st.sampled_from(["next", "next", "recall", "no-show", "complete", "resume"]), counter),
    st.tuples(st.just("call"), counter, st.sampled_from(NUMBERS)),
    st.tuples(st.just("transfer"), counter, st.one_of(st.sampled_from(SERVICES).map(lambda s: {"service": s}),
                                                      counter.map(lambda c: {"counter": c}))),
    st.tuples(st.just("pause"), counter, st.sampled_from(["", "休息 Break"])),
    st.tuples(st.sampled_from(["alert", "clear"]), st.sampled_from(["kiosk-1", "kiosk-2"]),
              st.sampled_from(["printer", "paper"])),
)


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    office = parse_office(default_office_text().replace("recent_calls = 8", "recent_calls = 3"))
    clock = FakeClock()
    s = LiveServer(tmp_path_factory.mktemp("projection") / "queue.db", office=office, clock=clock).start()
    s.fake_clock = clock
    with s.client() as http:
        yield s, http
    s.stop()


def send(http, clock, cmd) -> None:
    kind = cmd[0]
    clock.advance(seconds=17)
    if kind == "issue":
        r = http.post("/tickets", json={"service": cmd[1], "category": cmd[2]})
    elif kind == "call":
        r = http.post(f"/counters/{cmd[1]}/call", json={"number": cmd[2]})
    elif kind == "transfer":
        r = http.post(f"/counters/{cmd[1]}/transfer", json=cmd[2])
    elif kind == "pause":
        r = http.post(f"/counters/{cmd[1]}/pause", json={"reason": cmd[2]})
    elif kind == "alert":
        r = http.post("/alerts", json={"source": cmd[1], "kind": cmd[2], "code": "x",
                                       "message": {"zh-TW": "缺紙", "en": "Out of paper"}})
    elif kind == "clear":
        r = http.post("/alerts/clear", json={"source": cmd[1], "kind": cmd[2]})
    else:
        r = http.post(f"/counters/{cmd[1]}/{kind}")
    assert r.status_code < 500, r.text


def without_now(state: dict) -> dict:
    """Without the readings of the service's clock: `now` and the estimated waits."""
    return {k: v for k, v in state.items() if k not in ("now", "upcoming")}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(commands=st.lists(command, min_size=1, max_size=15))
def test_projected_state_equals_the_services(hall, commands):
    server, http = hall
    with connect(server.url.replace("http", "ws") + API + f"/events?token={server.token('display')}") as ws:
        snapshot = json.loads(ws.recv(timeout=5))
        C.Snapshot.model_validate(snapshot)
        projected = snapshot["state"]
        for cmd in commands:
            send(http, server.fake_clock, cmd)
        expected = C.State.model_validate(http.get("/state").json()).model_dump(mode="json")
        deadline = time.monotonic() + 10
        while projected["seq"] < expected["seq"]:
            assert time.monotonic() < deadline, "events did not arrive"
            event = json.loads(ws.recv(timeout=5))
            assert event["seq"] == projected["seq"] + 1
            EVENT.validate_python(event)  # every event is one the contract describes
            projected = apply_event(projected, event)
    assert without_now(projected) == without_now(expected)
    assert len(projected["recent_calls"]) <= 3
