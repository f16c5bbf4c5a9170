"""The Qt client against the real service: commands, events, resync after a restart,
a lost answer."""

import socket
import threading

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
    results, attempts = [], []
    send = client._net.post
    client._net.post = lambda *args: (attempts.append(1), send(*args))[1]
    client.post("/counters/2/next", callback=results.append, retry_ms=15000)
    qtbot.waitUntil(lambda: len(attempts) >= 2, timeout=5000)  # tried, and tried again, while down
    server.start()
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results[0].ok and results[0].body["ticket"]["number"] == "A001"
    state = server.client().get("/state").json()
    assert state["waiting"]["general"] == 1
    client.stop()


class AnswerDroppingProxy:
    """A TCP proxy on 127.0.0.1 in front of the service: the first POST is forwarded, but
    the connection is cut as the service's answer comes back, so the command happened and
    its answer is lost. Everything after goes through."""

    def __init__(self, upstream_port: int, drops: int = 1):
        self.upstream_port = upstream_port
        self.drops = drops
        self.dropped = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self.threads.append(t)
            t.start()

    def _serve(self, client):
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port))

        def to_upstream():
            try:
                while data := client.recv(65536):
                    upstream.sendall(data)
            except OSError:
                pass

        threading.Thread(target=to_upstream, daemon=True).start()
        try:
            while data := upstream.recv(65536):
                if self.drops > 0:  # the answer is here: lose it
                    self.drops -= 1
                    self.dropped.set()
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            for s in (client, upstream):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self):
        self.sock.close()


def test_lost_answer_is_retried_with_its_key_and_the_command_happens_once(qtbot, server):
    """The service handles `next`, but its answer never reaches the client: the client
    sends it again with the same key and gets the first answer; one citizen is called."""
    for _ in range(3):
        server.client("kiosk").post("/tickets", json={"service": "transcript"})
    proxy = AnswerDroppingProxy(server.port)
    client = ServiceClient(proxy.url, server.token("counter", 2))
    try:
        results = []
        client.post("/counters/2/next", callback=results.append, retry_ms=10000)
        qtbot.waitUntil(lambda: bool(results), timeout=10000)
        assert proxy.dropped.is_set()
        assert results[0].ok and results[0].body["ticket"]["number"] == "A001"
        state = server.client().get("/state").json()
        assert state["waiting"]["general"] == 2  # A002 and A003 still wait: next ran once
        assert state["counters"][1]["ticket"]["number"] == "A001"
        assert [c["number"] for c in state["recent_calls"]] == ["A001"]
    finally:
        client.stop()
        proxy.close()
