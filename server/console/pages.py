"""The console's pages: log-in and log-out, Today (live), Settings, Devices, Follow-ups.

GET shows a page; a form posts, is checked (session, origin, CSRF token: server/console/
auth.py) and answers 303 back to its page. A refusal is a page (server/console/web.py)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response, StreamingResponse

from server import auth as token_auth
from server import followups as followup_cases
from server.console import accounts, settings, today as today_view
from server.console.accounts import StaffUser
from server.console.auth import (COOKIE, LOGIN_COOKIE, ConsoleRefusal, cookie_options, director,
                                 refuse_other_origin, sessions, staff_user)
from server.console.settings import SettingError
from server.console.web import HEADERS, page, see_other, templates
from server.errors import ApiError
from shared.protocol import COUNTER_ROLES, ROLES

# The reasons a rating pad offers, in the console's words.
REASONS = {"waiting_time": ("等候時間", "Waiting time"), "attitude": ("服務態度", "Attitude"),
           "efficiency": ("效率", "Efficiency"), "professionalism": ("專業", "Professionalism"),
           "process": ("流程", "Process"), "facilities": ("設施", "Facilities"), "signage": ("標示", "Signage"),
           "other": ("其他", "Other")}

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

    listener = s.hub.subscribe()  # before the answer starts: no event between the two is lost

    async def stream():
        try:
            yield "retry: 3000\n\n"
            first = True  # rendered at once: the page may have been rendered before an event
            while True:
                item = ()
                if not first:
                    try:
                        item = await asyncio.wait_for(listener.queue.get(), KEEPALIVE_SECONDS * 4)
                    except asyncio.TimeoutError:
                        pass  # rendered again anyway: the waits have grown
                first = False
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


# ----- Settings -----------------------------------------------------------------------------

def settings_page(request: Request, user: StaffUser, status: int = 200, error: SettingError | None = None,
                  saved: str | None = None, drafts: dict | None = None):
    office = service_of(request).office
    return page(request, "console/settings.html", user, status=status, error=error, saved=saved,
                drafts=drafts or {}, notices=settings.as_lines(office.notices), as_lines=settings.as_lines)


@router.get("/settings")
async def settings_form(request: Request, saved: str | None = None, user: StaffUser = Depends(director)):
    return settings_page(request, user, saved=saved if saved in settings.KEYS else None)


async def change_setting(request: Request, user: StaffUser, key: str, value) -> None:
    """Stores one setting and gives the hall the office with it, in one transaction."""
    s = service_of(request)

    def work(conn):
        settings.change(s, conn, key, value, user.name)

    try:
        await s.writer.run(work)
    except ApiError as e:
        raise ConsoleRefusal(e.status, "設定無法儲存：" + e.message, "The setting could not be saved: " + e.message) from None


@router.post("/settings/notices")
async def save_notices(request: Request, notices: str = Form(""), user: StaffUser = Depends(director)):
    try:
        value = settings.parse_lines(notices, "公告", "Notices", settings.MAX_NOTICES)
    except SettingError as e:
        return settings_page(request, user, 422, e, drafts={"notices": notices})
    await change_setting(request, user, "notices", value)
    return see_other("/console/settings?saved=notices")


@router.post("/settings/clerks")
async def save_clerks(request: Request, user: StaffUser = Depends(director)):
    form = await request.form()
    office = service_of(request).office
    try:
        value = {str(c.number): settings.parse_clerk(str(form.get(f"clerk_{c.number}", c.clerk)))
                 for c in office.counters}
    except SettingError as e:
        return settings_page(request, user, 422, e)
    await change_setting(request, user, "clerks", value)
    return see_other("/console/settings?saved=clerks")


@router.post("/settings/services")
async def save_services(request: Request, user: StaffUser = Depends(director)):
    form = await request.form()
    office = service_of(request).office
    value = {}
    try:
        for sv in office.services:
            minutes = form.get(f"minutes_{sv.id}")
            documents = form.get(f"documents_{sv.id}")
            value[sv.id] = {
                "minutes": settings.parse_minutes(str(minutes if minutes is not None else sv.minutes), sv.name.zh),
                "documents": settings.parse_lines(str(documents if documents is not None
                                                      else settings.as_lines(sv.documents)),
                                                  f"{sv.name.zh}的應備文件", f"{sv.name.en}: documents",
                                                  settings.MAX_DOCUMENTS),
            }
    except SettingError as e:
        return settings_page(request, user, 422, e)
    await change_setting(request, user, "services", value)
    return see_other("/console/settings?saved=services")


@router.get("/settings/office.toml")
async def export_office(request: Request, user: StaffUser = Depends(director)):
    s = service_of(request)
    day = s.ops.today()
    text = settings.office_toml(s.office, f"{day}, by {user.name}: the office file with the console's changes; "
                                          "start the service with it (--config) to make them its starting point.")
    return Response(text, media_type="application/toml; charset=utf-8",
                    headers={**HEADERS, "Content-Disposition": f'attachment; filename="office-{s.office.id}-{day}.toml"'})


# ----- Devices ------------------------------------------------------------------------------

def pairing_text(request: Request, token: str, role: str, counter: int | None) -> str:
    """What the new device's settings file takes (its QR code): the service and the token."""
    url = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
    lines = [f'server_url = "{url}"', f'token = "{token}"']
    if counter is not None:
        lines.append(f"counter = {counter}")
    return "\n".join(lines)


def qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def devices_page(request: Request, user: StaffUser, rows, status: int = 200, made: dict | None = None,
                 error: tuple[str, str] | None = None, revoked: str | None = None):
    office = service_of(request).office
    return page(request, "console/devices.html", user, status=status, tokens=rows, made=made, error=error,
                revoked=revoked, roles=ROLES, counter_roles=COUNTER_ROLES, counters=office.counters,
                short=token_auth.SHORT_ID, when=lambda ts: when_text(office, ts))


def when_text(office, ts: float | None) -> str:
    return datetime.fromtimestamp(ts, office.tz).strftime("%Y-%m-%d %H:%M") if ts else ""


@router.get("/devices")
async def devices(request: Request, revoked: str | None = None, user: StaffUser = Depends(director)):
    s = service_of(request)
    rows = await s.writer.run(token_auth.list_tokens)
    return devices_page(request, user, rows, revoked=revoked if revoked and revoked.isalnum() else None)


@router.post("/devices")
async def create_device(request: Request, role: str = Form(""), counter: str = Form(""), label: str = Form(""),
                        user: StaffUser = Depends(director)):
    s = service_of(request)
    error = None
    number = None
    label = label.strip()
    if role not in ROLES:
        error = ("請選擇裝置種類。", "Choose the kind of device.")
    elif role in COUNTER_ROLES:
        try:
            number = int(counter)
            s.office.counter(number)
        except (ValueError, KeyError):
            error = ("櫃台與評分裝置須選擇櫃台。", "A counter or rating device needs its counter.")
    if len(label) > 80 or any(not ch.isprintable() for ch in label):
        error = ("說明最多 80 個可顯示的字元。", "The label is at most 80 printable characters.")
    if error is not None:
        rows = await s.writer.run(token_auth.list_tokens)
        return devices_page(request, user, rows, 422, error=error)
    label = label or f"{role}{'' if number is None else f' {number}'} ({user.name})"

    def work(conn):
        token = token_auth.create_token(conn, role, number, label)
        return token, token_auth.list_tokens(conn)

    token, rows = await s.writer.run(work)
    text = pairing_text(request, token, role, number)
    made = {"token": token, "role": role, "counter": number, "label": label, "pairing": text, "qr": qr_svg(text)}
    return devices_page(request, user, rows, 201, made=made)


@router.post("/devices/{short_id}/revoke")
async def revoke_device(request: Request, short_id: str, user: StaffUser = Depends(director)):
    s = service_of(request)

    def work(conn):
        try:
            row = token_auth.find_token(conn, short_id)
        except ValueError as e:
            return str(e)
        if row.revoked_at is None:
            token_auth.revoke(conn, row.hash, s.ops.now())
        return None

    problem = await s.writer.run(work)
    if problem is not None:
        raise ConsoleRefusal(404, "找不到這個裝置。", problem)
    # Written on the service's own connection, which the token cache does not watch: read again now
    # (the revoked device's requests and WebSockets are refused from here on).
    s.auth.version = None
    s.auth.refresh()
    return see_other(f"/console/devices?revoked={short_id[:token_auth.SHORT_ID]}")


# ----- Follow-ups ---------------------------------------------------------------------------

@router.get("/followups")
async def followups(request: Request, closed: int | None = None, user: StaffUser = Depends(director)):
    s = service_of(request)
    cases = (await s.writer.run(lambda conn: followup_cases.list_cases(conn, s.office)))["followups"]
    names = {sv.id: sv.name for sv in s.office.services}
    return page(request, "console/followups.html", user, open_cases=[c for c in cases if c["status"] == "open"],
                closed_cases=[c for c in cases if c["status"] == "closed"][::-1], services=names,
                just_closed=closed, reasons=REASONS)


@router.post("/followups/{case_id}/close")
async def close_followup(request: Request, case_id: int, note: str = Form(""), user: StaffUser = Depends(director)):
    s = service_of(request)
    if len(note) > followup_cases.MAX_NOTE:
        raise ConsoleRefusal(422, f"說明最多 {followup_cases.MAX_NOTE} 字。",
                             f"The note is at most {followup_cases.MAX_NOTE} characters.")
    try:
        await s.writer.run(lambda conn: followup_cases.close_case(conn, s.office, case_id,
                                                                  f"{note.strip()}" if note.strip() else "",
                                                                  s.ops.now()))
    except ApiError as e:
        zh = {404: "找不到這個案件。", 409: "這個案件已經結案。", 422: "請寫下處理說明再結案。"}.get(e.status, e.message)
        raise ConsoleRefusal(e.status, zh, e.message) from None
    return see_other(f"/console/followups?closed={case_id}")
