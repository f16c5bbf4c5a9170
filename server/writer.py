"""Every request's work runs in turn on the one SQLite connection, in the event loop,
and the requests that arrive together share one commit.

SQLite takes one writer at a time anyway, and with the queue held in memory a request's
work is a few short statements; the commit (a disk sync) is what costs. So the work runs
at once, in order, inside an open transaction, and the transaction is committed at the
end of the event loop's turn: every request of that turn is answered, and its events
published, only after the commit. A 2xx answer still means the change is on disk.
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
log = logging.getLogger("queue.server")


class Writer:
    def __init__(self, engine: Engine, ops: Operations, publish: Callable[[list[dict]], None]):
        self.engine = engine
        self.ops = ops
        self.publish = publish
        self.conn: Connection | None = None
        self.waiting: list[tuple[asyncio.Future, object]] = []  # answers held until the commit
        self.events: list[dict] = []
        self.flush_scheduled = False

    def _connection(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
        return self.conn

    def _work(self, work: Callable[[Connection], T]) -> T:
        self.ops.events = []
        try:
            result = work(self._connection())
        except ApiError:
            raise  # raised before anything changed: the transaction goes on
        except Exception as e:
            faults.log(log, "database work failed", e)
            self._start_over()
            raise
        self.events.extend(self.ops.events)
        self.ops.events = []
        return result

    async def run(self, work: Callable[[Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        if not self.flush_scheduled:
            self.flush_scheduled = True
            loop.call_soon(self._flush)
        result = self._work(work)
        done = loop.create_future()
        self.waiting.append((done, result))
        return await done

    def run_sync(self, work: Callable[[Connection], T]) -> T:
        """Work outside the event loop (start-up): done and committed at once."""
        result = self._work(work)
        self._flush()
        return result

    def _flush(self) -> None:
        self.flush_scheduled = False
        waiting, self.waiting = self.waiting, []
        events, self.events = self.events, []
        if self.conn is not None and self.conn.in_transaction():
            try:
                self.conn.commit()
            except Exception as e:
                faults.log(log, "commit failed", e)
                self._start_over(waiting)
                return
        if events:
            self.publish(events)
        for done, result in waiting:
            if not done.done():
                done.set_result(result)

    def _start_over(self, waiting=None) -> None:
        """The transaction is lost: answer everyone in it with an error, and rebuild the
        queue in memory from the file, so memory never holds a change the file lacks."""
        waiting = waiting if waiting is not None else self.waiting
        self.waiting, self.events = [], []
        error = ApiError(503, P.E_UNAVAILABLE, NOT_SAVED)
        for done, _ in waiting:
            if not done.done():
                done.set_exception(error)
        self.close()
        try:
            conn = self._connection()
            self.ops.reload(conn)
            conn.commit()
        except Exception as e:
            faults.log(log, "could not reload the queue from the database", e)
            self.close()

    def close(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                conn.rollback()
            finally:
                conn.close()
