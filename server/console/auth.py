"""Who is using the console: the session cookie, CSRF, the login slow-down, and the two
dependencies every console page takes, `staff_user` and `director`.

Rules:
- A session is a cookie signed with the office's secret (made once, kept in the `meta`
  table): HttpOnly, SameSite=Strict, path /console, Secure over HTTPS, for SESSION_HOURS.
  It holds the account's id, when it was made and the session's CSRF token; it ends at
  log-out, when the account is disabled or its password changes (`sessions_from`).
- Every request that changes something (any method but GET and HEAD) must come from the
  console's own origin (Origin, or else Referer, equal to this host) and carry the
  session's CSRF token (form field `csrf` or header X-CSRF-Token). The login form has its
  own token, in a short-lived signed cookie.
- Failed logins slow down: per name after NAME_FREE_FAILURES, per client address after
  ADDRESS_FREE_FAILURES, each further failure doubles the wait (up to MAX_WAIT_SECONDS);
  a login during the wait is refused with 429 and Retry-After, its password not checked.
- A refusal is a page (ConsoleRefusal), never a traceback: 401 sends a GET to the login
  page, 403 says the page is the director's.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import insert, select

from server import db
from server.console import accounts
from server.console.accounts import StaffUser

COOKIE = "queue_console"
LOGIN_COOKIE = "queue_console_login"
SESSION_HOURS = 12
LOGIN_FORM_MINUTES = 30
SAFE_METHODS = ("GET", "HEAD")
NAME_FREE_FAILURES = 3
ADDRESS_FREE_FAILURES = 10
MAX_WAIT_SECONDS = 300
SECRET_KEY = "console_secret"

__all__ = ["StaffUser", "staff_user", "director", "ConsoleRefusal", "Throttle"]


class ConsoleRefusal(Exception):
    """A console request refused: shown as a page with the status, in both languages."""

    def __init__(self, status: int, zh: str, en: str, headers: dict | None = None):
        super().__init__(en)
        self.status = status
        self.zh = zh
        self.en = en
        self.headers = headers or {}


# ----- the office's secret -----------------------------------------------------------------

def secret_of(conn) -> str:
    """The secret that signs console cookies: made at the first use, then kept."""
    found = conn.execute(select(db.meta.c.value).where(db.meta.c.key == SECRET_KEY)).scalar()
    if found is None:
        found = secrets.token_urlsafe(48)
        conn.execute(insert(db.meta).values(key=SECRET_KEY, value=found))
    return found


class Sessions:
    def __init__(self, secret: str):
        self.session = URLSafeTimedSerializer(secret, salt="queue-console-session")
        self.login = URLSafeTimedSerializer(secret, salt="queue-console-login")

    def make(self, user: StaffUser) -> tuple[str, str]:
        """(cookie value, CSRF token) of a new session."""
        csrf = secrets.token_urlsafe(24)
        return self.session.dumps({"u": user.id, "t": time.time(), "c": csrf}), csrf

    def read(self, value: str | None) -> dict | None:
        if not value:
            return None
        try:
            data = self.session.loads(value, max_age=SESSION_HOURS * 3600)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and {"u", "t", "c"} <= data.keys() else None

    def login_token(self) -> tuple[str, str]:
        """(cookie value, form token) for the login form."""
        token = secrets.token_urlsafe(24)
        return self.login.dumps(token), token

    def login_token_ok(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        try:
            expected = self.login.loads(cookie, max_age=LOGIN_FORM_MINUTES * 60)
        except BadSignature:
            return False
        return isinstance(expected, str) and hmac.compare_digest(expected, token)


async def sessions(request: Request) -> Sessions:
    console = request.app.state.console
    if console.sessions is None:
        service = request.app.state.service
        console.sessions = Sessions(await service.writer.run(secret_of))
    return console.sessions


def cookie_options(request: Request) -> dict:
    return {"httponly": True, "samesite": "strict", "path": "/console", "secure": request.url.scheme == "https"}


# ----- the login slow-down ------------------------------------------------------------------

class Throttle:
    """Failed logins per name and per client address, in memory (a restart forgets them)."""

    MAX_KEYS = 10_000

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.failures: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()

    @staticmethod
    def keys(name: str, address: str) -> list[tuple[str, str]]:
        return [("name", name.strip().casefold()), ("address", address)]

    def wait(self, name: str, address: str) -> int:
        """Seconds before this name may try again from this address (0: now)."""
        now = self.clock()
        waits = [until - now for key in self.keys(name, address)
                 for count, until in [self.failures.get(key, (0, 0.0))]]
        return max(0, int(max(waits) + 0.999))

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        for key in self.keys(name, address):
            count, _ = self.failures.pop(key, (0, 0.0))
            count += 1
            free = NAME_FREE_FAILURES if key[0] == "name" else ADDRESS_FREE_FAILURES
            until = now + min(MAX_WAIT_SECONDS, 2 ** (count - free - 1)) if count > free else 0.0
            self.failures[key] = (count, until)
        while len(self.failures) > self.MAX_KEYS:
            self.failures.popitem(last=False)

    def succeeded(self, name: str, address: str) -> None:
        for key in self.keys(name, address):
            self.failures.pop(key, None)


# ----- the dependencies -------------------------------------------------------------------

def same_origin(request: Request) -> bool:
    """Whether a change comes from a page of this host (Origin, or else Referer)."""
    host = request.headers.get("host", "")
    own = f"{request.url.scheme}://{host}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer")
    return referer is not None and (referer == own or referer.startswith(own + "/"))


def refuse_other_origin(request: Request) -> None:
    if not same_origin(request):
        raise ConsoleRefusal(403, "此要求不是從本系統的頁面送出，已拒絕。",
                             "This request did not come from a console page of this office; refused.")


async def csrf_token_of(request: Request) -> str | None:
    token = request.headers.get("x-csrf-token")
    if token is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()  # kept by Starlette: the endpoint reads the same form
        value = form.get("csrf")
        token = value if isinstance(value, str) else None
    return token


async def staff_user(request: Request) -> StaffUser:
    """The logged-in account; for a change, also its origin and CSRF token checked."""
    keeper = await sessions(request)
    data = keeper.read(request.cookies.get(COOKIE))
    user = None
    if data is not None:
        service = request.app.state.service
        user = await service.writer.run(lambda conn: accounts.by_id(conn, int(data["u"])))
        if user is not None and float(data["t"]) < user.sessions_from:
            user = None
    if user is None:
        if request.method in SAFE_METHODS:
            raise ConsoleRefusal(401, "請先登入。", "Please log in first.",
                                 headers={"Location": "/console/login?next=" + request.url.path})
        raise ConsoleRefusal(401, "您尚未登入或登入已逾時，請重新登入。",
                             "You are not logged in, or your session has ended; please log in again.")
    request.state.console_csrf = data["c"]
    request.state.console_user = user
    if request.method not in SAFE_METHODS:
        refuse_other_origin(request)
        token = await csrf_token_of(request)
        if not token or not hmac.compare_digest(token, data["c"]):
            raise ConsoleRefusal(403, "表單已失效（缺少或錯誤的安全碼），請重新整理頁面後再送出。",
                                 "The form has expired (its CSRF token is missing or wrong); reload the page "
                                 "and send it again.")
    return user


async def director(user: StaffUser = Depends(staff_user)) -> StaffUser:
    """The logged-in account, when it is a director's; a clerk gets a 403 page."""
    if not user.is_director:
        raise ConsoleRefusal(403, "此頁僅限主任使用。您的帳號（承辦人）可以看「今日」與「報表」。",
                             "This page is for the director. Your account (clerk) can see Today and Reports.")
    return user
