"""What the service does for each request: a command to the hall, its events to the record.

The hall (`shared.hall`) decides and changes the queue in memory; `server.store` writes the
events it caused to the database on the connection it is given, inside the caller's
transaction, and they are collected in `self.events` for the caller to publish once that
transaction is committed. A refused command (`ApiError`) has changed nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy.engine import Connection

from server import reports, store
from server.public import codes as public_codes
from server.errors import ApiError
from server.wire import Wire
from shared import hall as H
from shared import protocol as P
from shared.office import Office

Clock = Callable[[], datetime]
log = logging.getLogger("queue.server")
REFUSALS = {"invalid": (422, P.E_INVALID), "not_found": (404, P.E_NOT_FOUND), "conflict": (409, P.E_CONFLICT),
            "closed": (409, P.E_CLOSED)}
CLOCK_STEP_SECONDS = 2  # a clock going back by more than this is logged
MAX_ID = 2**63 - 1  # the database's largest integer: ids and event numbers beyond it do not exist


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Operations:
    def __init__(self, office: Office, clock: Clock = utc_now):
        self.office = office
        self.clock = clock
        self.wire = Wire(office)
        self.events: list[dict] = []  # events of the current transaction
        self.hall = H.Hall(office)
        self._latest = 0.0
        # The office as its settings are stored (the console's), read at each (re)load; and
        # who is told when the office changes (the service, for GET /office and the pages).
        self.office_source: Callable[[Connection], Office] | None = None
        self.on_office: Callable[[Office], None] = lambda office: None

    def _use_office(self, office: Office) -> None:
        self.office = office
        self.wire = Wire(office)
        self.on_office(office)

    # ----- start-up --------------------------------------------------------------------

    def prepare(self, conn: Connection) -> None:
        """Rows for every configured counter, the hall loaded, the day checked."""
        store.prepare(conn, self.office)
        self.reload(conn)

    def reload(self, conn: Connection) -> None:
        """(Re)build the hall from the record, e.g. after a failed transaction."""
        if self.office_source is not None:
            office = self.office_source(conn)
            if office != self.office:
                self._use_office(office)
        self.hall = store.load(conn, self.office)
        recorded = self.hall.day
        self.run(conn, H.Tick())
        if recorded is None:
            store.record_day(conn, self.hall.day)

    # ----- the clock ----------------------------------------------------------------------

    def now(self) -> float:
        now = self.clock().timestamp()
        if now < self._latest - CLOCK_STEP_SECONDS:
            log.warning("the clock went back by %.0f s; queue order and the business day are kept",
                        self._latest - now)
        self._latest = now
        return now

    def today(self) -> str:
        return self.hall.today(self.clock().timestamp())

    # ----- commands ------------------------------------------------------------------------

    def run(self, conn: Connection, command) -> dict:
        """Does one command (after the day change, if one is due) and records it."""
        now = self.now()
        tick = self.hall.handle(H.Tick(), now)
        if tick.events:
            self.events += store.save(conn, tick.events, self.wire)
        if isinstance(command, H.Tick):
            return {}
        try:
            outcome = self.hall.handle(command, now)
        except H.Refusal as r:
            status, code = REFUSALS[r.kind]
            raise ApiError(status, code, r.message) from None
        self.events += store.save(conn, outcome.events, self.wire)
        return self.wire.answer(outcome.answer)

    def issue(self, conn: Connection, service_id: str, category_id: str | None) -> dict:
        answer = self.run(conn, H.Issue(service_id, category_id))
        # The phone page's code (server/public), written in the same transaction.
        answer["public_code"] = public_codes.make(conn, answer["ticket"]["id"], self.hall.day)
        return answer

    def next(self, conn: Connection, number: int) -> dict:
        return self.run(conn, H.Next(number))

    def call_number(self, conn: Connection, number: int, ticket_number: str) -> dict:
        return self.run(conn, H.CallNumber(number, ticket_number))

    def recall(self, conn: Connection, number: int) -> dict:
        return self.run(conn, H.Recall(number))

    def no_show(self, conn: Connection, number: int) -> dict:
        return self.run(conn, H.NoShow(number))

    def complete(self, conn: Connection, number: int) -> dict:
        return self.run(conn, H.Complete(number))

    def transfer(self, conn: Connection, number: int, service_id: str | None, to_counter: int | None) -> dict:
        return self.run(conn, H.Transfer(number, service_id, to_counter))

    def pause(self, conn: Connection, number: int, reason: str) -> dict:
        return self.run(conn, H.Pause(number, reason))

    def resume(self, conn: Connection, number: int) -> dict:
        return self.run(conn, H.Resume(number))

    def raise_alert(self, conn: Connection, source: str, kind: str, code: str, message: dict) -> dict:
        return self.run(conn, H.RaiseAlert(source, kind, code, message))

    def clear_alert(self, conn: Connection, source: str, kind: str) -> dict:
        return self.run(conn, H.ClearAlert(source, kind))

    def rate(self, conn: Connection, number: int, score: int, reasons: list[str]) -> dict:
        return self.run(conn, H.Rate(number, score, tuple(reasons)))

    def undo_day_change(self, conn: Connection) -> dict:
        return self.run(conn, H.UndoDayChange())

    def change_office(self, conn: Connection, office: Office) -> dict:
        """The office's settings changed (server/console/settings.py stored them in this
        transaction): the hall takes them and devices get `office.changed`."""
        answer = self.run(conn, H.ChangeOffice(office))
        self._use_office(office)
        return answer

    def tick(self, conn: Connection) -> dict:
        return self.run(conn, H.Tick())

    # ----- reading ---------------------------------------------------------------------------

    def seq(self, conn: Connection | None = None) -> int:
        return self.hall.seq

    def state(self, conn: Connection | None = None) -> dict:
        if conn is not None:
            self.run(conn, H.Tick())  # right after midnight, /state already shows the new day
        return self.wire.state(self.hall, self.clock().timestamp())

    def events_after(self, conn: Connection, seq: int, limit: int = 500) -> list[dict] | None:
        return store.events_after(conn, seq, limit)

    def get_ticket(self, conn: Connection, ticket_id: int) -> dict:
        t = None
        if 0 < ticket_id <= MAX_ID:
            t = self.hall.tickets.get(ticket_id) or store.find_ticket(conn, ticket_id)
        if t is None:
            raise ApiError(404, P.E_NOT_FOUND, f"no ticket with id {ticket_id}")
        return {"ticket": self.wire.ticket(t)}

    def stats(self, conn: Connection, day: str | None = None) -> dict:
        return reports.day_stats(conn, day or self.today())
