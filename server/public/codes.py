"""Each ticket's public code: what its QR code opens ({public_url}/t/{code}).

96 random bits (`secrets.token_urlsafe(12)`, 16 characters), never derived from the
ticket's id or number, so nobody can guess another citizen's page. Written in the
transaction that issues the ticket; a code of an earlier business day still opens its
page, which says the ticket expired.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from server import db
from server.store import Fast

CODE_BYTES = 12
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16}$")
INSERT_CODE = Fast(insert(db.public_codes), ("code", "ticket_id", "business_day"))  # on every issue


def make(conn: Connection, ticket_id: int, business_day: str | None) -> str:
    code = secrets.token_urlsafe(CODE_BYTES)
    INSERT_CODE(conn, {"code": code, "ticket_id": ticket_id, "business_day": business_day or ""})
    return code


def find(conn: Connection, code: str) -> tuple[int, str] | None:
    """The ticket id and business day of a code, or None (also for a malformed one)."""
    if not CODE_PATTERN.match(code):
        return None
    row = conn.execute(select(db.public_codes.c.ticket_id, db.public_codes.c.business_day)
                       .where(db.public_codes.c.code == code)).first()
    return (row.ticket_id, row.business_day) if row is not None else None
