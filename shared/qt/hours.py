"""The office's opening hours now, as an app follows them on the service's clock.

`OfficeHours` reads the office's `opening_hours` (shared.hours) when the office arrives and
says the hours at the service's time (`ServiceClock`) in words (`notice`,
shared.catalogue.hours). It looks again at the next change (`shared.hours.next_change`),
so a screen opens at 08:00:00 by itself, and every `check_ms` it asks the service's time
again (GET /state): a device's clock drifts, and the service's says when the office opens.
`changed` is emitted with the new `Notice` whenever the words change.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from shared.catalogue.hours import Notice, notice
from shared.hours import OpeningHours
from shared.i18n import Text
from shared.office import office_from_json

CHECK_MS = 60_000
LATE_MS = 20   # wakes this long after the change: at 08:00:00 itself it is already open
TAIPEI = ZoneInfo("Asia/Taipei")  # when the office's time zone is unknown (as the display's clock)


class OfficeHours(QObject):
    changed = Signal(object)  # Notice

    def __init__(self, client, clock, parent: QObject | None = None, check_ms: int = CHECK_MS):
        """`clock`: the app's ServiceClock (made before this, so it reads a snapshot's time first)."""
        super().__init__(parent)
        self.client, self.clock, self.check_ms = client, clock, check_ms
        self.hours: OpeningHours | None = None
        self.text: Text | None = None
        self.notice: Notice | None = None   # None until the office is known
        self.known = False
        self._asking = False
        self._wake = QTimer(self, singleShot=True, timeout=self.look)
        self._check = QTimer(self, interval=check_ms, timeout=self.check)
        self._check.start()
        client.officeLoaded.connect(self._office)
        client.snapshot.connect(lambda _state: self.look())
        if client.office is not None:
            self._office(client.office)

    def now(self) -> datetime:
        return self.clock.now().astimezone(self.clock.tz or TAIPEI)

    def look(self) -> None:
        """The hours at the service's time now; `changed` if their words changed."""
        if not self.known:
            return
        now = self.now()
        fresh = notice(self.hours, now, self.text)
        if fresh.changes_at is not None:
            ms = (fresh.changes_at - now).total_seconds() * 1000 + LATE_MS
            self._wake.start(int(max(LATE_MS, min(ms, self.check_ms))))
        if fresh != self.notice:
            self.notice = fresh
            self.changed.emit(fresh)

    def check(self) -> None:
        """The service's time again, then the hours."""
        if self._asking or not self.client.connected:
            self.look()
            return
        self._asking = True

        def answered(reply) -> None:
            self._asking = False
            if reply.ok and isinstance(reply.body, dict):
                self.clock.observe(reply.body.get("now"))
            self.look()

        self.client.get("/state", answered)

    def _office(self, office: dict) -> None:
        try:
            known = office_from_json(office)
        except (KeyError, TypeError, ValueError):  # an office a device cannot read: always open
            self.hours, self.text = None, None
        else:
            self.hours, self.text = known.hours, known.hours_text
        self.known, self.notice = True, None
        self.look()
