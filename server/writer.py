"""One thread owns the one SQLite connection; every request's work runs there in turn.

SQLite takes one writer at a time anyway. Running every transaction on one thread keeps
them short (no lock waits, no retries) and gives events a single order: they are handed
to the event loop from this thread in the order of their seq.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from sqlalchemy.engine import Connection, Engine

from server.errors import ApiError
from server.operations import Operations

T = TypeVar("T")
log = logging.getLogger("queue.server")


class Writer:
    def __init__(self, engine: Engine, ops: Operations, publish: Callable[[list[dict]], None]):
        self.engine = engine
        self.ops = ops
        self.publish = publish
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self.conn: Connection | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def _connection(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
        return self.conn

    def _run(self, work: Callable[[Connection], T]) -> T:
        conn = self._connection()
        self.ops.events = []
        try:
            with conn.begin():
                result = work(conn)
        except ApiError:
            raise
        except Exception:
            # The transaction was rolled back; start over with a fresh connection.
            log.exception("database work failed")
            self.ops.events = []
            try:
                conn.close()
            finally:
                self.conn = None
            raise
        events, self.ops.events = self.ops.events, []
        if events and self.loop is not None:
            self.loop.call_soon_threadsafe(self.publish, events)
        return result

    async def run(self, work: Callable[[Connection], T]) -> T:
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
        return await self.loop.run_in_executor(self.pool, self._run, work)

    def run_sync(self, work: Callable[[Connection], T]) -> T:
        return self.pool.submit(self._run, work).result()

    def close(self) -> None:
        def _close():
            if self.conn is not None:
                self.conn.close()
                self.conn = None
        self.pool.submit(_close).result()
        self.pool.shutdown(wait=True)
