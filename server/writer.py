"""Every request's work runs in turn on the one database connection, in the event loop,
and the requests that arrive together share one commit.

SQLite takes one writer at a time anyway, and with the queue held in memory a request's
work is a few short statements; the commit (a disk sync) is what costs. So the work runs
at once, in order, inside an open transaction, and the transaction is committed at the
end of the event loop's turn: every request of that turn is answered, and its events
published, only after the commit. A 2xx answer still means the change is on disk.

One request's failure never fails the others of its turn: when a work fails with an
error it did not foresee, the transaction is rolled back, the hall is rebuilt from the
file, and the other works of the turn are done again without it (nobody has been answered
yet, so nobody sees the difference). Only a failed commit (e.g. a full disk) fails them
all, with 503, and then memory is rebuilt from the file so it never holds a change the
file lacks.

On PostgreSQL (an office schema, server/db.py) it is the same: one connection, one
transaction per turn, committed with synchronous_commit on. Only one live service writes an
office (server/lock.py), so the in-memory queue is the whole truth there too; a connection
lost mid-turn is a failed commit: 503, then the hall is rebuilt on a new connection.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable, TypeVar

from sqlalchemy.engine import Connection, Engine

from server.errors import ApiError, faults
from server.operations import Operations
from shared import protocol as P

T = TypeVar("T")
NOT_SAVED = "the service could not save this; please retry"
FAILED = "the service had an internal error with this request; it has been logged"
log = logging.getLogger("queue.server")


class Writer:
    def __init__(self, engine: Engine, ops: Operations, publish: Callable[[list[dict]], None]):
        self.engine = engine
        self.ops = ops
        self.publish = publish
        self.conn: Connection | None = None
        # The works of this turn with their answers, held until the commit.
        self.waiting: list[tuple[asyncio.Future, Callable, object]] = []
        self.events: list[dict] = []
        self.flush_scheduled = False
        self.fault: str | None = None  # why the last commit failed, until one succeeds

    def _connection(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
        return self.conn

    def _work(self, work: Callable[[Connection], T]) -> T:
        self.ops.events = []
        try:
            result = work(self._connection())
        except ApiError:
            self.ops.events = []
            raise  # raised before anything changed: the transaction goes on
        self.events.extend(self.ops.events)
        self.ops.events = []
        return result

    async def run(self, work: Callable[[Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        if not self.flush_scheduled:
            self.flush_scheduled = True
            loop.call_soon(self._flush)
        try:
            result = self._work(work)
        except ApiError:
            raise
        except Exception as e:
            faults.log(log, "request failed", e)
            self._redo_without()
            raise ApiError(500, P.E_INTERNAL, FAILED) from None
        done = loop.create_future()
        self.waiting.append((done, work, result))
        return await done

    def run_sync(self, work: Callable[[Connection], T]) -> T:
        """Work outside the event loop (start-up): done and committed at once."""
        result = self._work(work)
        self._flush()
        return result

    def _redo_without(self) -> None:
        """The failed work's changes are undone with the whole transaction; the other
        works of this turn are done again on the hall rebuilt from the file."""
        waiting, self.waiting = self.waiting, []
        self.events = []
        try:
            self._rebuild()
        except Exception as e:
            faults.log(log, "could not reload the queue from the database", e)
            self._fail(waiting, ApiError(503, P.E_UNAVAILABLE, NOT_SAVED))
            return
        for done, work, _ in waiting:
            try:
                self.waiting.append((done, work, self._work(work)))
            except ApiError as e:
                done.set_exception(e)
            except Exception as e:  # failed again: give up on this turn
                faults.log(log, "request failed when done again", e)
                self._fail(self.waiting + [(done, work, None)], ApiError(503, P.E_UNAVAILABLE, NOT_SAVED))
                self.waiting, self.events = [], []
                self._start_over()
                return

    def _flush(self) -> None:
        self.flush_scheduled = False
        waiting, self.waiting = self.waiting, []
        events, self.events = self.events, []
        if self.conn is not None and self.conn.in_transaction():
            try:
                self.conn.commit()
            except Exception as e:
                faults.log(log, "commit failed", e)
                self.fault = f"{type(e).__name__}: {e}"
                self._fail(waiting, ApiError(503, P.E_UNAVAILABLE, NOT_SAVED))
                self._start_over()
                return
        self.fault = None
        if events:
            self.publish(events)
        for done, _, result in waiting:
            if not done.done():
                done.set_result(result)

    @staticmethod
    def _fail(waiting, error: ApiError) -> None:
        for done, _, _ in waiting:
            if not done.done():
                done.set_exception(error)

    def _rebuild(self) -> None:
        """Rolls the transaction back and rebuilds the hall from the file (in a new
        transaction, which a day change found while reloading may write to)."""
        self.close()
        self.ops.events = []
        self.ops.reload(self._connection())
        self.events, self.ops.events = self.ops.events, []

    def _start_over(self) -> None:
        """After a failed commit: memory rebuilt from the file, committed on its own."""
        self.events = []
        try:
            self._rebuild()
            self.conn.commit()
            events, self.events = self.events, []
            if events:  # e.g. a day change found while reloading
                self.publish(events)
        except Exception as e:
            faults.log(log, "could not reload the queue from the database", e)
            self.events = []
            self.close()

    def close(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                conn.rollback()
            finally:
                conn.close()
