"""Device tokens: made by the CLI, stored as SHA-256 hashes, checked on every request."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from server import db
from shared.protocol import COUNTER_ROLES, ROLES


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
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
    row = conn.execute(select(db.tokens).where(db.tokens.c.hash == h)).first()
    return Principal(h, row.role, row.counter) if row else None
