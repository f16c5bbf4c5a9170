"""Staff accounts and logging in to the office console, for the tests of /console pages."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from server import db
from server.console import accounts

PASSWORD = "correct horse 1"


def make_staff(db_path: "Path | db.Place", name: str, role: str = "director", password: str = PASSWORD) -> None:
    engine = db.make_engine(db_path)
    db.create_schema(engine)
    with engine.begin() as conn:
        accounts.create(conn, name, role, password)
    engine.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def console_client(server) -> httpx.Client:
    """A browser-like client of the console: same-origin Origin header on every request."""
    return httpx.Client(base_url=server.url, timeout=10, headers={"Origin": server.url})


def login(client: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    form = client.get("/console/login")
    return client.post("/console/login", data={"name": name, "password": password, "csrf": csrf_of(form.text)})


def logged_in(server, name: str, role: str = "director") -> tuple[httpx.Client, str]:
    """(client with a session, the session's CSRF token) of a new account."""
    make_staff(server.where, name, role)
    client = console_client(server)
    answer = login(client, name)
    assert answer.status_code == 303, answer.text
    return client, csrf_of(client.get("/console/today").text)
