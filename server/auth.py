"""Device tokens: made by the CLI, stored as SHA-256 hashes, checked on every request.

Rules:
- Only the hash of a token is stored, and only hashes are kept in memory.
- The Authenticator remembers valid tokens only, at most CACHE_SIZE of them (least
  recently used dropped first); a wrong token is looked up each time and never remembered.
- A token revoked or deleted by another process (`queue-server token revoke`) is refused
  at once: `PRAGMA data_version` on the service's own connection changes only when another
  connection commits, so each token check asks it (a read of shared memory, no disk), and
  when it moved the cache is checked against the tokens table.
- On PostgreSQL, which has no such counter, each token check reads the tokens table's
  fingerprint instead (how many rows, the newest made and the newest revoked: one indexed
  aggregate over a table of a few dozen rows, one round trip on the service's own
  connection); a change of it is a change of the table, by whoever made it (the CLI, or a
  DBA's UPDATE in psql: no trigger or NOTIFY needed).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from server import db
from shared.protocol import COUNTER_ROLES, ROLES

log = logging.getLogger("queue.server")
CACHE_SIZE = 1024
SHORT_ID = 8  # hex characters of the hash that name a token in `token list` and `token revoke`


@dataclass(frozen=True)
class Principal:
    """Who is asking: a role, and for a counter token its counter."""

    token_hash: str
    role: str
    counter: int | None

    def may_act_for(self, counter: int) -> bool:
        return self.role == "admin" or (self.role == "counter" and self.counter == counter)

    def may_rate_for(self, counter: int) -> bool:
        return self.role == "admin" or (self.role == "rating" and self.counter == counter)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(conn: Connection, role: str, counter: int | None = None, label: str = "") -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if role in COUNTER_ROLES and counter is None:
        raise ValueError(f"a {role} token needs --counter N")
    token = secrets.token_urlsafe(24)
    conn.execute(insert(db.tokens).values(hash=hash_token(token), role=role,
                                          counter=counter if role in COUNTER_ROLES else None,
                                          label=label, created_at=time.time()))
    return token


def lookup(conn: Connection, token: str) -> Principal | None:
    h = hash_token(token)
    row = conn.execute(select(db.tokens).where((db.tokens.c.hash == h) & db.tokens.c.revoked_at.is_(None))).first()
    return Principal(h, row.role, row.counter) if row else None


def list_tokens(conn: Connection) -> list:
    return list(conn.execute(select(db.tokens).order_by(db.tokens.c.created_at)))


def find_token(conn: Connection, short_id: str):
    """The one token whose hash starts with short_id; ValueError says why not."""
    short_id = short_id.strip().lower()
    if not short_id or any(ch not in "0123456789abcdef" for ch in short_id):
        raise ValueError(f"{short_id!r} is not a token id: give the ID column of `queue-server token list`")
    rows = conn.execute(select(db.tokens).where(db.tokens.c.hash.startswith(short_id, autoescape=True))).all()
    if not rows:
        raise ValueError(f"no token with id {short_id}: see `queue-server token list`")
    if len(rows) > 1:
        ids = ", ".join(r.hash[:SHORT_ID + 4] for r in rows)
        raise ValueError(f"id {short_id} fits {len(rows)} tokens ({ids}): give more of it")
    return rows[0]


def revoke(conn: Connection, token_hash: str, when: float | None = None) -> None:
    conn.execute(update(db.tokens).where(db.tokens.c.hash == token_hash)
                 .values(revoked_at=when if when is not None else time.time()))


FINGERPRINT = "SELECT count(*), max(created_at), max(revoked_at) FROM tokens"


def _is_sqlite(conn) -> bool:
    return type(conn).__module__.startswith("sqlite3")


def _query(conn, sql: str, params: tuple = ()) -> list:
    """A read on the raw connection, in either driver's parameter style. psycopg begins a
    transaction for it when none is open (the writer's is not, between requests): that one
    is ended at once, so the connection never stays idle in a transaction."""
    if _is_sqlite(conn):
        return conn.execute(sql, params).fetchall()
    from psycopg.pq import TransactionStatus

    began = conn.info.transaction_status == TransactionStatus.IDLE
    rows = conn.execute(sql.replace("?", "%s"), params, prepare=True).fetchall()
    if began:
        conn.rollback()
    return rows


class Authenticator:
    """Valid tokens, remembered by hash, checked against other processes' changes."""

    def __init__(self, connection: Callable[[], object],
                 on_change: Callable[[set[str]], object] = lambda valid: None, size: int = CACHE_SIZE):
        # The service's own DB-API connection (sqlite3 or psycopg), at the time of asking.
        self.connection = connection
        self.on_change = on_change    # called with every valid hash after another process committed
        self.size = size
        self.cache: OrderedDict[str, Principal] = OrderedDict()
        self.version: tuple | None = None

    def principal(self, token: str) -> Principal | None:
        self.refresh()
        h = hash_token(token)
        found = self.cache.get(h)
        if found is not None:
            self.cache.move_to_end(h)
            return found
        rows = _query(self.connection(), "SELECT role, counter FROM tokens WHERE hash = ? AND revoked_at IS NULL", (h,))
        row = rows[0] if rows else None
        if row is None:
            return None
        found = Principal(h, row[0], row[1])
        self.cache[h] = found
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return found

    def refresh(self) -> set[str] | None:
        """After another process committed: drops the cached tokens no longer valid and
        returns every valid hash; None when nothing changed."""
        conn = self.connection()
        if _is_sqlite(conn):
            version = (id(conn), conn.execute("PRAGMA data_version").fetchone()[0])
        else:
            version = (id(conn), *_query(conn, FINGERPRINT)[0])
        if version == self.version:
            return None
        valid = {row[0] for row in _query(conn, "SELECT hash FROM tokens WHERE revoked_at IS NULL")}
        for h in [h for h in self.cache if h not in valid]:
            del self.cache[h]
        self.version = version
        self.on_change(valid)
        return valid

    async def watch(self, needed: Callable[[], bool], interval: float = 1.0) -> None:
        """Refreshes every `interval` seconds while `needed()` (while WebSockets are open),
        so a revoked token's WebSocket is closed even when no request comes."""
        fault = None
        while needed():
            await asyncio.sleep(interval)
            if not needed():  # the service may be closing: its connection is gone
                break
            try:
                self.refresh()
                fault = None
            except Exception as e:  # a database fault: the next token check meets it too
                if str(e) != fault:  # one line per distinct fault, not one a second
                    log.warning("cannot read the tokens table: %s", e)
                fault = str(e)
