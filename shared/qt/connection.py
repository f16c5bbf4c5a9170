"""The connection to the service as a screen shows it: "connecting" for a grace period
after the start or a loss (a restart of the service or a blip of the network shows no
fault), "online", "unreachable" once the grace has passed without a connection, and
"refused" when the service turned the device's token down."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from shared.settings import GRACE_SECONDS

GRACE_MS = int(GRACE_SECONDS * 1000)  # the default; an app passes its settings' grace_seconds

CONNECTING, ONLINE, UNREACHABLE, REFUSED = "connecting", "online", "unreachable", "refused"


class Connection(QObject):
    changed = Signal(str)

    def __init__(self, client, grace_ms: int = GRACE_MS, parent: QObject | None = None):
        super().__init__(parent if parent is not None else client)
        self.client = client
        self.status = ONLINE if client.connected else CONNECTING
        self.refusal: dict = {}
        self._grace = QTimer(self, singleShot=True, interval=grace_ms, timeout=self._grace_over)
        if not client.connected:
            self._grace.start()
        client.connectionChanged.connect(self._connection)
        client.authFailed.connect(self._refused)

    def _set(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.changed.emit(status)

    def _connection(self, connected: bool) -> None:
        if connected:
            self._grace.stop()
            self.refusal = {}
            self._set(ONLINE)
        elif self.status == ONLINE:
            self._set(CONNECTING)
            self._grace.start()

    def _grace_over(self) -> None:
        if not self.client.connected and self.status != REFUSED:
            self._set(UNREACHABLE)

    def _refused(self, error: dict) -> None:
        self.refusal = error or {}
        self._grace.stop()
        self._set(REFUSED)
