"""The Qt client against the real service: commands, events, resync after a restart."""

from shared.client import ServiceClient


def make_client(qtbot, server, role="counter", counter=2):
    client = ServiceClient(server.url, server.token(role, counter))
    client.start()
    qtbot.waitUntil(lambda: client.connected and client.office is not None, timeout=5000)
    return client


def test_loads_office_and_snapshot(qtbot, server):
    client = make_client(qtbot, server)
    assert client.office["counters"][0]["kind"] == "care"
    assert client.state["waiting"] == {"general": 0, "care": 0}
    client.stop()


def test_command_and_event_update_state(qtbot, server):
    client = make_client(qtbot, server)
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    qtbot.waitUntil(lambda: client.state["waiting"]["general"] == 1, timeout=3000)
    results = []
    with qtbot.waitSignal(client.event, timeout=3000, check_params_cb=lambda e: e["type"] == "ticket.called"):
        client.post("/counters/2/next", callback=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert results[0].ok and results[0].body["ticket"]["number"] == "A001"
    assert client.state["counters"][1]["ticket"]["number"] == "A001"
    assert client.state["recent_calls"][0]["number"] == "A001"
    client.stop()


def test_error_reply_has_message(qtbot, server):
    client = make_client(qtbot, server)
    results = []
    client.post("/counters/2/recall", callback=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert results[0].status == 409 and results[0].error_code == "conflict"
    assert "no current ticket" in results[0].message
    client.stop()


def test_follows_a_restart_without_missing_events(qtbot, server):
    client = make_client(qtbot, server, role="display", counter=None)
    seen = []
    client.event.connect(lambda e: seen.append((e["type"], e.get("missed", False))))
    server.stop()
    qtbot.waitUntil(lambda: not client.connected, timeout=5000)
    # While the client is away, things happen.
    server.start()
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    server.client("counter", 2).post("/counters/2/next")
    qtbot.waitUntil(lambda: client.connected, timeout=10000)
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=3000)
    assert seen[:2] == [("ticket.issued", True), ("ticket.called", True)]
    assert client.state["counters"][1]["ticket"]["number"] == "A001"
    client.stop()


def test_retried_command_keeps_its_key(qtbot, server):
    """A command sent while the service is down is retried with the same key once it is back."""
    client = make_client(qtbot, server)
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    server.stop()
    results = []
    client.post("/counters/2/next", callback=results.append, retry_ms=15000)
    qtbot.wait(700)
    server.start()
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results[0].ok and results[0].body["ticket"]["number"] == "A001"
    state = server.client().get("/state").json()
    assert state["waiting"]["general"] == 1
    client.stop()
