"""Staff accounts of the office console: a name, a role and an argon2 password hash.

Rules:
- Two roles: a director sees and changes everything; a clerk sees Today and the reports.
- Only the argon2 hash of a password is stored; a hash made with older parameters is
  made again at the next good login.
- A disabled account cannot log in, and its open sessions end (`sessions_from`); so does
  every session of an account whose password changed.
- Names are kept as typed (trimmed); 1 to 40 characters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from server import db

ROLES = ("director", "clerk")
MAX_NAME = 40
MIN_PASSWORD = 8
_hasher = PasswordHasher()
# Checked when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """An account that cannot be made or changed as asked; the message says why."""


@dataclass(frozen=True)
class StaffUser:
    """Who is logged in to the console."""

    id: int
    name: str
    role: str
    sessions_from: float

    @property
    def is_director(self) -> bool:
        return self.role == "director"


def _user(row) -> StaffUser:
    return StaffUser(row.id, row.name, row.role, row.sessions_from or 0.0)


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= MAX_NAME or any(not ch.isprintable() for ch in name):
        raise AccountError(f"a name must be 1 to {MAX_NAME} printable characters")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password must be at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise AccountError("a password must be at most 1024 characters")
    return password


def create(conn: Connection, name: str, role: str, password: str, now: float | None = None) -> StaffUser:
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"role must be {' or '.join(ROLES)}")
    check_password(password)
    if conn.execute(select(db.staff.c.id).where(db.staff.c.name == name)).first() is not None:
        raise AccountError(f"there is already an account named {name!r}; use `user passwd` to change its password")
    conn.execute(insert(db.staff).values(name=name, role=role, password_hash=_hasher.hash(password),
                                         created_at=now or time.time(), disabled_at=None, sessions_from=0))
    return find(conn, name)


def find(conn: Connection, name: str, include_disabled: bool = False) -> StaffUser | None:
    query = select(db.staff).where(db.staff.c.name == (name or "").strip())
    if not include_disabled:
        query = query.where(db.staff.c.disabled_at.is_(None))
    row = conn.execute(query).first()
    return _user(row) if row else None


def by_id(conn: Connection, staff_id: int) -> StaffUser | None:
    row = conn.execute(select(db.staff).where((db.staff.c.id == staff_id) & db.staff.c.disabled_at.is_(None))).first()
    return _user(row) if row else None


def password_hash(conn: Connection, name: str):
    """(the account, its stored hash) of an enabled account; (None, a dummy hash) otherwise,
    so that checking a wrong name costs as long as a wrong password."""
    row = conn.execute(select(db.staff).where((db.staff.c.name == (name or "").strip())
                                              & db.staff.c.disabled_at.is_(None))).first()
    return (_user(row), row.password_hash) if row is not None else (None, _DUMMY_HASH)


def matches(stored: str, password: str) -> bool:
    """Whether the password fits the hash (argon2: ~50 ms; call it off the event loop)."""
    try:
        return _hasher.verify(stored, password[:1024])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify(conn: Connection, name: str, password: str) -> StaffUser | None:
    """The account when the name and password are right; None otherwise."""
    user, stored = password_hash(conn, name)
    return user if matches(stored, password) and user is not None else None


def set_password(conn: Connection, name: str, password: str, now: float | None = None) -> None:
    check_password(password)
    done = conn.execute(update(db.staff).where(db.staff.c.name == name.strip())
                        .values(password_hash=_hasher.hash(password), sessions_from=now or time.time()))
    if done.rowcount == 0:
        raise AccountError(f"no account named {name!r}")


def disable(conn: Connection, name: str, now: float | None = None) -> None:
    when = now or time.time()
    done = conn.execute(update(db.staff).where(db.staff.c.name == name.strip())
                        .values(disabled_at=when, sessions_from=when))
    if done.rowcount == 0:
        raise AccountError(f"no account named {name!r}")


def end_sessions(conn: Connection, staff_id: int, now: float | None = None) -> None:
    conn.execute(update(db.staff).where(db.staff.c.id == staff_id).values(sessions_from=now or time.time()))


def list_all(conn: Connection) -> list:
    return list(conn.execute(select(db.staff).order_by(db.staff.c.name)))
