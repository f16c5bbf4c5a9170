"""The queue of calls: one at a time on screen and on the speaker, each for at least a
few seconds, so that calls made together are all seen and heard, in order."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from shared import protocol as P


@dataclass(frozen=True)
class Call:
    seq: int
    number: str     # "A012"
    counter: int
    recall: bool = False

    @classmethod
    def from_event(cls, event: dict) -> "Call | None":
        """The call a ticket.called / ticket.recalled event makes (None for a malformed one)."""
        try:
            return cls(seq=int(event["seq"]), number=str(event["ticket"]["number"]),
                       counter=int(event["counter"]["number"]), recall=event["type"] == P.TICKET_RECALLED)
        except (KeyError, TypeError, ValueError):
            return None


class Announcer(QObject):
    """Calls wait their turn; each is shown (`started`) until both its sound has ended
    and `min_show_seconds` have passed (`finished`), then the next one starts."""

    started = Signal(object)    # the Call now shown large and announced
    finished = Signal(object)   # its turn is over

    def __init__(self, speaker, min_show_seconds: float, parent: QObject | None = None):
        super().__init__(parent)
        self.speaker = speaker  # None: silent
        self.current: Call | None = None
        self.pending: deque[Call] = deque()
        self._left: set[str] = set()
        self._shown = QTimer(self, singleShot=True, interval=int(min_show_seconds * 1000),
                             timeout=lambda: self._part_done(self.current, "shown"))

    @property
    def busy(self) -> bool:
        return self.current is not None or bool(self.pending)

    def add(self, call: Call) -> None:
        self.pending.append(call)
        self._start_next()

    def _start_next(self) -> None:
        if self.current is not None or not self.pending:
            return
        call = self.current = self.pending.popleft()
        self._left = {"shown", "spoken"}
        self.started.emit(call)
        self._shown.start()
        if self.speaker is None:
            self._part_done(call, "spoken")
        else:
            self.speaker.announce(call, lambda: self._part_done(call, "spoken"))

    def _part_done(self, call: Call | None, part: str) -> None:
        if call is None or call is not self.current:
            return
        self._left.discard(part)
        if not self._left:
            self.current = None
            self.finished.emit(call)
            self._start_next()
