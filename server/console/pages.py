"""The console's pages: log-in and log-out, Today (live), Settings, Devices, Follow-ups.

GET shows a page; a form posts, is checked (session, origin, CSRF token: server/console/
auth.py) and answers 303 back to its page. A refusal is a page (server/console/web.py)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response, StreamingResponse

from server.console import accounts, today as today_view
from server.console.accounts import StaffUser
from server.console.auth import (COOKIE, LOGIN_COOKIE, ConsoleRefusal, cookie_options, director,
                                 refuse_other_origin, sessions, staff_user)
from server.console.web import HEADERS, page, see_other, templates

router = APIRouter(prefix="/console", include_in_schema=False)
KEEPALIVE_SECONDS = 15


def service_of(request: Request):
    return request.app.state.service


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


def safe_next(target: str | None) -> str:
    """Only a console path, never another site (an open redirect)."""
    if not target or not target.startswith("/console") or "//" in target or "\\" in target:
        return "/console/today"
    return urlsplit(target).path


# ----- log-in and log-out -----------------------------------------------------------------

def login_page(request: Request, keeper, status: int = 200, error: tuple[str, str] | None = None,
               name: str = "", next_path: str = "/console/today", headers: dict | None = None):
    cookie, token = keeper.login_token()
    response = page(request, "console/login.html", None, status=status, headers=headers, login_csrf=token,
                    error=error, name=name, next_path=next_path)
    response.set_cookie(LOGIN_COOKIE, cookie, max_age=30 * 60, **cookie_options(request))
    return response


@router.get("")
async def home():
    return see_other("/console/today")


@router.get("/login")
async def login_form(request: Request, next: str | None = None):
    return login_page(request, await sessions(request), next_path=safe_next(next))


@router.post("/login")
async def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form(""),
                next: str = Form("/console/today")):
    keeper = await sessions(request)
    refuse_other_origin(request)
    next_path = safe_next(next)
    if not keeper.login_token_ok(request.cookies.get(LOGIN_COOKIE), csrf):
        return login_page(request, keeper, 403, ("登入表單已失效，請再輸入一次。",
                                                 "The login form expired; please enter your name and password again."),
                          name, next_path)
    throttle = request.app.state.console.throttle
    address = client_address(request)
    wait = throttle.wait(name, address)
    if wait:
        return login_page(request, keeper, 429, (f"登入失敗次數過多，請於 {wait} 秒後再試。",
                                                 f"Too many failed logins; try again in {wait} s."),
                          name, next_path, headers={"Retry-After": str(wait)})
    s = service_of(request)
    user, stored = await s.writer.run(lambda conn: accounts.password_hash(conn, name))
    good = await asyncio.to_thread(accounts.matches, stored, password)
    if user is None or not good:
        throttle.failed(name, address)
        return login_page(request, keeper, 401, ("帳號或密碼錯誤。", "Wrong name or password."), name, next_path)
    throttle.succeeded(name, address)
    value, _ = keeper.make(user)
    response = see_other(next_path)
    response.set_cookie(COOKIE, value, max_age=12 * 3600, **cookie_options(request))
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/logout")
async def logout(request: Request, user: StaffUser = Depends(staff_user)):
    s = service_of(request)
    await s.writer.run(lambda conn: accounts.end_sessions(conn, user.id))
    response = see_other("/console/login")
    response.delete_cookie(COOKIE, path="/console")
    return response


# ----- Today ----------------------------------------------------------------------------------

@router.get("/today")
async def today(request: Request, user: StaffUser = Depends(staff_user)):
    s = service_of(request)
    view = await s.writer.run(lambda conn: today_view.read(s, conn))
    return page(request, "console/today.html", user, t=view)


@router.get("/today/live")
async def today_live(request: Request, user: StaffUser = Depends(staff_user)):
    """Server-sent events: the Today page's body again after each event of the hall (and
    each minute, for the waits), rendered here so the page only swaps it in."""
    s = service_of(request)
    body = templates.get_template("console/_today.html")

    async def stream():
        listener = s.hub.subscribe()
        try:
            yield "retry: 3000\n\n"
            while True:
                try:
                    item = await asyncio.wait_for(listener.queue.get(), KEEPALIVE_SECONDS * 4)
                except asyncio.TimeoutError:
                    item = ()
                if item is None:  # the service stops, or this listener fell too far behind
                    break
                while not listener.queue.empty():  # a burst of events: one render
                    if listener.queue.get_nowait() is None:
                        return
                if await request.is_disconnected():
                    break
                view = await s.writer.run(lambda conn: today_view.read(s, conn))
                html = body.render(t=view)
                yield "event: today\n" + "".join(f"data: {line}\n" for line in html.splitlines()) + "\n"
        finally:
            s.hub.unsubscribe(listener)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={**HEADERS, "X-Accel-Buffering": "no"})
