"""The client every app uses to talk to the service (Qt networking, no widgets).

`ServiceClient` loads the office, follows the event stream and keeps `state` (as
`GET /state` gives it) up to date from the events. It reconnects by itself with backoff;
when it sees a gap in `seq` or reconnects, it resumes with `since` so the service sends a
snapshot together with the events it missed. Commands carry an Idempotency-Key and are
retried with the same key while no answer comes back, so a retried command happens once.

Given several service URLs (the live service and its standby: a county on PostgreSQL),
it uses one at a time and moves to the next whenever that one cannot be reached (no HTTP
answer, or the event stream lost): a standby does not listen until it has taken over, so
the wrong one fails at once. A command's retry goes to the next one with the same
Idempotency-Key (a command the dead service had committed is answered from the record, not
done twice), and the event stream resumes there with `since`, as after any reconnection.
Backoff grows only after every URL has failed in a row.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Callable, Sequence

from PySide6.QtCore import QByteArray, QElapsedTimer, QObject, QTimer, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWebSockets import QWebSocket

from shared import protocol as P
from shared.projection import apply_event

REQUEST_TIMEOUT_MS = 5000
BACKOFF_MS = (250, 500, 1000, 2000, 4000)
PING_MS = 5000
DEAD_AFTER_MS = 12000


@dataclass
class Reply:
    """The outcome of one request."""

    status: int                # HTTP status; 0 when no answer came (service unreachable)
    body: dict | None
    error_code: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def unreachable(self) -> bool:
        return self.status == 0


class ServiceClient(QObject):
    officeLoaded = Signal(dict)
    connectionChanged = Signal(bool)   # True once a snapshot arrived, False when the stream is lost
    snapshot = Signal(dict)            # the state, after every (re)sync
    event = Signal(dict)               # every event in seq order; the ones missed while away come
                                       # right after the snapshot, with "missed": True
    stateChanged = Signal(dict)        # the state after a snapshot or an event
    authFailed = Signal(dict)          # the service refused the token: {"code", "message"}

    def __init__(self, base_url: str | Sequence[str], token: str, parent: QObject | None = None):
        super().__init__(parent)
        parts = base_url.replace(",", " ").split() if isinstance(base_url, str) else list(base_url)
        self.urls = [u.rstrip("/") for u in parts] or [""]
        self._current = 0
        self.token = token
        self.office: dict | None = None
        self.state: dict | None = None
        self.connected = False
        self._net = QNetworkAccessManager(self)
        self._ws: QWebSocket | None = None
        self._attempt = 0
        self._running = False
        self._last_pong = 0
        self._reconnect_timer = QTimer(self, singleShot=True, timeout=self._open_socket)
        self._ping_timer = QTimer(self, interval=PING_MS, timeout=self._ping)
        self._office_timer = QTimer(self, singleShot=True, timeout=self._load_office)
        self._office_attempt = 0
        self._elapsed = QElapsedTimer()
        self._elapsed.start()

    # ----- life ------------------------------------------------------------------------

    def start(self) -> None:
        """Load the office (retrying until the service answers), then follow events."""
        self._running = True
        if self.office is None:
            self._load_office()
        self._open_socket()

    def stop(self) -> None:
        self._running = False
        self._reconnect_timer.stop()
        self._ping_timer.stop()
        self._office_timer.stop()
        if self._ws is not None:
            ws, self._ws = self._ws, None
            ws.disconnected.disconnect()
            ws.abort()
            ws.deleteLater()
        self._set_connected(False)

    @property
    def base_url(self) -> str:
        """The service in use now."""
        return self.urls[self._current]

    def _unreachable(self, base_url: str) -> bool:
        """`base_url` could not be reached: use the next one (once per failure of the URL in
        use: other requests may have moved on already). True when every one has been tried."""
        if len(self.urls) == 1 or base_url != self.base_url:
            return len(self.urls) == 1
        self._current = (self._current + 1) % len(self.urls)
        return self._current == 0

    # ----- requests ----------------------------------------------------------------------

    def url(self, path: str) -> QUrl:
        return QUrl(f"{self.base_url}{P.API}{path}")

    def _request(self, path: str, key: str | None = None) -> QNetworkRequest:
        req = QNetworkRequest(self.url(path))
        req.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        req.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
        req.setTransferTimeout(REQUEST_TIMEOUT_MS)
        if key:
            req.setRawHeader(P.IDEMPOTENCY_HEADER.encode(), key.encode())
        return req

    def get(self, path: str, callback: Callable[[Reply], None]) -> None:
        used = self.base_url
        reply = self._net.get(self._request(path))

        def done():
            result = self._finish(reply)
            if result.unreachable:
                self._unreachable(used)
            callback(result)

        reply.finished.connect(done)

    def post(self, path: str, body: dict | None = None, callback: Callable[[Reply], None] | None = None,
             key: str | None = None, retry_ms: int = 15000) -> str:
        """POST a command. While no answer comes back it is sent again with the same
        Idempotency-Key, for up to `retry_ms`; `callback` gets the final Reply."""
        key = key or uuid.uuid4().hex
        data = QByteArray(json.dumps(body or {}, ensure_ascii=False).encode("utf-8"))
        started = self._elapsed.elapsed()

        def send(attempt: int = 0):
            used = self.base_url
            reply = self._net.post(self._request(path, key), data)

            def done():
                result = self._finish(reply)
                waited = self._elapsed.elapsed() - started
                if result.unreachable and waited < retry_ms:
                    if self._unreachable(used) or len(self.urls) == 1:
                        delay, attempt_next = BACKOFF_MS[min(attempt, len(BACKOFF_MS) - 1)], attempt + 1
                    else:  # another service to try: at once, the backoff is for a full round
                        delay, attempt_next = BACKOFF_MS[0] // 5, attempt
                    QTimer.singleShot(delay, lambda: send(attempt_next))
                    return
                if callback is not None:
                    callback(result)

            reply.finished.connect(done)

        send()
        return key

    def _finish(self, reply: QNetworkReply) -> Reply:
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0
        raw = bytes(reply.readAll().data())
        error = reply.errorString()
        reply.deleteLater()
        body = None
        if raw:
            try:
                body = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                body = None
        if status == 0:
            return Reply(0, None, "unreachable", f"service unreachable: {error}")
        if 200 <= status < 300:
            return Reply(status, body)
        err = (body or {}).get("error", {}) if isinstance(body, dict) else {}
        return Reply(status, body, err.get("code", "http_error"), err.get("message", f"HTTP {status}"))

    # ----- the office ----------------------------------------------------------------------

    def _load_office(self) -> None:
        def loaded(r: Reply):
            if r.ok and isinstance(r.body, dict):
                self.office = r.body
                self.officeLoaded.emit(r.body)
            elif self._running:
                self._office_attempt += 1
                self._office_timer.start(BACKOFF_MS[min(self._office_attempt, len(BACKOFF_MS) - 1)])

        self.get("/office", loaded)

    # ----- the event stream ----------------------------------------------------------------

    def _socket_url(self) -> QUrl:
        base = self.base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        url = f"{base}{P.API}/events?token={self.token}"
        if self.state is not None:
            url += f"&since={self.state['seq']}"
        return QUrl(url)

    def _open_socket(self) -> None:
        if not self._running:
            return
        if self._ws is not None:
            old, self._ws = self._ws, None
            old.disconnected.disconnect()
            old.abort()
            old.deleteLater()
        ws = QWebSocket()
        ws.setParent(self)
        ws.textMessageReceived.connect(self._on_message)
        ws.disconnected.connect(self._on_disconnected)
        ws.pong.connect(self._on_pong)
        self._ws = ws
        self._last_pong = self._elapsed.elapsed()
        ws.open(self._socket_url())

    def _on_disconnected(self) -> None:
        self._set_connected(False)
        self._ping_timer.stop()
        if self._running:
            if len(self.urls) > 1 and not self._unreachable(self.base_url):
                self._reconnect_timer.start(BACKOFF_MS[0] // 5)  # the next service, at once
                return
            delay = BACKOFF_MS[min(self._attempt, len(BACKOFF_MS) - 1)]
            self._attempt += 1
            self._reconnect_timer.start(delay)

    def _resync(self) -> None:
        """A gap in seq: reconnect with `since`, so a snapshot and the missed events come."""
        self._attempt = 0
        self._open_socket()

    def _ping(self) -> None:
        if self._ws is None:
            return
        if self._elapsed.elapsed() - self._last_pong > DEAD_AFTER_MS:
            # No answer for too long: the network is gone even if TCP has not noticed.
            self._ws.abort()
            return
        self._ws.ping()

    def _on_pong(self, *_args) -> None:
        self._last_pong = self._elapsed.elapsed()

    def _set_connected(self, value: bool) -> None:
        if value != self.connected:
            self.connected = value
            self.connectionChanged.emit(value)

    def _on_message(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        kind = message.get("type")
        if kind == "error":
            # A bad token: reconnecting will not help until the configuration changes.
            self.authFailed.emit(message.get("error", {}))
            return
        if kind == P.SNAPSHOT:
            self._on_snapshot(message)
            return
        if self.state is None or not self.connected:
            return
        seq = message.get("seq", 0)
        if seq <= self.state["seq"]:
            return
        if seq != self.state["seq"] + 1:
            self._resync()
            return
        self._apply(message)
        self.event.emit(message)
        self.stateChanged.emit(self.state)

    def _on_snapshot(self, message: dict) -> None:
        """The state as the service has it now; then the events missed since the last one
        seen (already part of that state), for whoever announces or counts them."""
        state = message["state"]
        known = self.state["seq"] if self.state is not None else None
        missed = []
        if known is not None and state["seq"] >= known:
            missed = [e for e in message.get("missed") or [] if e["seq"] > known]
        self.state = state
        self._attempt = 0
        self._last_pong = self._elapsed.elapsed()
        self._ping_timer.start()
        self._set_connected(True)
        self.snapshot.emit(state)
        self.stateChanged.emit(state)
        gone = message.get("missed") is None  # the events missed are no longer kept
        if known is not None and (gone or any(e.get("type") == P.OFFICE_CHANGED for e in missed)):
            self._load_office()  # the office may have changed while away
        for e in missed:
            self.event.emit({**e, "missed": True})

    def _apply(self, e: dict) -> None:
        """Bring `state` up to date with one event (the service's rules: shared/projection.py)."""
        self.state = apply_event(self.state, e)
        if e.get("type") == P.OFFICE_CHANGED and isinstance(e.get("office"), dict):
            # The console changed notices, clerks or services: every app takes the new office.
            self.office = e["office"]
            self.officeLoaded.emit(self.office)
