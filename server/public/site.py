"""The public app: pages rendered on the service (Jinja2), a live channel per page
(server-sent events), the open feed, and the survey form (the one write).

Only these paths exist here; everything else, the device API (/api/v1), its /docs and
/openapi.json included, is a 404. GET and HEAD only, apart from the survey's POST.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import store
from server.errors import ApiError
from server.public import codes, survey, views
from server.public.limits import Buckets, RateLimit, Streams

HERE = Path(__file__).parent
KEEPALIVE_SECONDS = 15
BOARD_CACHE = "public, max-age=5"
NO_STORE = "no-store"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # The ticket's code is in its URL: never sent on to another site.
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline' 'self'; "
                               "style-src 'unsafe-inline' 'self'; img-src 'self' data:; frame-ancestors *",
}


class FeedInfo(BaseModel):
    address: str
    tel: str
    fax: str = ""


class FeedCounter(BaseModel):
    id: str = Field(description="The counter's number, as text (TownPass: `id`).")
    name: str = Field(description="The counter's name in Traditional Chinese.")
    current_number: str = Field(description="The number it serves now; empty when none.")
    waiting_people: int = Field(description="Tickets this counter could call next.")
    name_en: str
    status: str = Field(description="open, paused or closed.")
    estimated_wait_minutes: float | None = Field(description="For a ticket taken now in this counter's "
                                                 "first queue; null when none of its counters is open.")


class FeedQueue(BaseModel):
    id: str
    name: str
    name_en: str
    waiting_people: int
    estimated_wait_minutes: float | None


class Feed(BaseModel):
    """One office as an item of TownPass's counter list (`id`, `name`, `is_regularly_used`,
    `info`, `counters`), with our extra fields after them."""
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "jinsha", "name": "金門縣金沙鎮戶政事務所", "is_regularly_used": False,
        "info": {"address": "金門縣金沙鎮…", "tel": "082-…", "fax": ""},
        "counters": [{"id": "2", "name": "2 號櫃台", "current_number": "A017", "waiting_people": 3,
                      "name_en": "Counter 2", "status": "open", "estimated_wait_minutes": 9.0}],
        "name_en": "Jinsha Household Registration Office",
        "opening_hours": {"zh": "週一至週五 08:00–17:00", "en": "Mon–Fri 08:00–17:00"},
        "queues": [{"id": "general", "name": "一般服務", "name_en": "General", "waiting_people": 3,
                    "estimated_wait_minutes": 9.0}],
        "business_day": "2026-11-26", "updated_at": "2026-11-26T02:15:00+00:00"}]})
    id: str
    name: str
    is_regularly_used: bool = False
    info: FeedInfo
    counters: list[FeedCounter]
    name_en: str
    opening_hours: dict[str, str] | None
    queues: list[FeedQueue]
    business_day: str | None
    updated_at: str


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    return env


def create_public_app(service_of, proxy_header: str | None = None, buckets: Buckets | None = None,
                      streams: Streams | None = None) -> FastAPI:
    """`service_of()` gives the running service (server.app.Service), or None while it starts."""
    app = FastAPI(title="Queue Hall public feed", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/public/openapi.json",
                  description="Read-only and without a token: the office's counters now, as an item of "
                              "Taipei's TownPass counter list. Numbers only, never names.")
    env = _env()
    streams = streams or Streams()
    app.add_middleware(RateLimit, buckets=buckets or Buckets(), proxy_header=proxy_header)

    def svc():
        service = service_of()
        if service is None:
            raise StarletteHTTPException(503, "the service is starting")
        return service

    def page(name: str, status: int = 200, cache: str = NO_STORE, **values: Any) -> HTMLResponse:
        html = env.get_template(name).render(**values)
        return HTMLResponse(html, status_code=status, headers={**HEADERS, "Cache-Control": cache})

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and request.url.path.startswith("/t/"):
            service = service_of()
            return page("missing.html", 404, office=service.office if service else None)
        code = {404: "not_found", 405: "method_not_allowed", 503: "unavailable"}.get(exc.status_code, "invalid")
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=exc.status_code,
                            headers={**HEADERS, "Cache-Control": NO_STORE, **(exc.headers or {})})

    async def lookup(code: str):
        """(service, ticket view) of a code; 404 for a code nobody was given."""
        s = svc()

        def read(conn):
            found = codes.find(conn, code)
            if found is None:
                return None
            ticket = s.ops.hall.tickets.get(found[0]) or store.find_ticket(conn, found[0])
            return None if ticket is None else (ticket, survey.answered(conn, ticket.id))

        try:
            found = await s.writer.run(read)
        except ApiError:
            raise StarletteHTTPException(503, "the service could not read its record; retry") from None
        if found is None:
            raise StarletteHTTPException(404)
        ticket, surveyed = found
        return s, ticket, views.ticket(s.office, s.ops.hall, ticket, s.ops.today(), surveyed, s.ops.now())

    # ----- the ticket's page -----------------------------------------------------------

    @app.get("/t/{code}", include_in_schema=False)
    async def ticket_page(code: str, thanks: int = 0):
        s, _, view = await lookup(code)
        return page("ticket.html", office=s.office, code=code, t=view, items=survey.ITEMS, thanks=bool(thanks))

    @app.get("/t/{code}/events", include_in_schema=False)
    async def ticket_events(request: Request, code: str):
        s, ticket, first = await lookup(code)
        ticket_id, surveyed = ticket.id, first["surveyed"]

        def current():
            t = s.ops.hall.tickets.get(ticket_id) or ticket
            return views.ticket(s.office, s.ops.hall, t, s.ops.today(), surveyed, s.ops.now())

        return stream(request, s, first, current, last=first["expired"])

    @app.post("/t/{code}/survey", include_in_schema=False)
    async def answer_survey(request: Request, code: str):
        s, ticket, view = await lookup(code)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > survey.MAX_BODY:
                break
        try:
            scores = survey.parse(body)
            if view["surveyed"]:
                raise survey.SurveyRefused("this ticket's survey was already answered", 409)
            if not view["survey"]:
                raise survey.SurveyRefused("the survey is for a ticket served today")
            await s.writer.run(lambda conn: survey.store(conn, ticket, scores, s.ops.now()))
        except survey.SurveyRefused as e:
            return page("ticket.html", e.status,
                        office=s.office, code=code, t=view, items=survey.ITEMS, thanks=False, error=str(e))
        except ApiError:
            raise StarletteHTTPException(503, "the answer could not be saved; retry") from None
        return RedirectResponse(f"/t/{code}?thanks=1", status_code=303, headers={"Cache-Control": NO_STORE})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon():
        return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})

    # ----- the board --------------------------------------------------------------------

    @app.get("/now", include_in_schema=False)
    async def board_page():
        s = svc()
        return page("board.html", cache=BOARD_CACHE, office=s.office,
                    b=views.board(s.office, s.ops.hall, s.ops.now()))

    @app.get("/now/events", include_in_schema=False)
    async def board_events(request: Request):
        s = svc()
        current = lambda: views.board(s.office, s.ops.hall, s.ops.now())  # noqa: E731
        return stream(request, s, current(), current, moments=("updated_at",))

    # ----- the feed ---------------------------------------------------------------------

    @app.get("/public/v1/counters", response_model=Feed,
             responses={429: {"description": "Too many requests from this address (see Retry-After)."}})
    async def counters():
        """The office's counters now: an item of TownPass's counter list (`id`, `name`,
        `is_regularly_used`, `info` with `address`, `tel`, `fax`, and `counters`, each with
        `id`, `name`, `current_number`, `waiting_people`), plus our extra fields
        (`name_en`, `status`, `estimated_wait_minutes`, `opening_hours`, `queues`).
        Cached for 5 seconds; poll no more often than that."""
        s = svc()
        body = Feed.model_validate(views.feed(s.office, s.ops.hall, s.ops.now())).model_dump_json()
        return Response(body, media_type="application/json",
                        headers={**HEADERS, "Cache-Control": BOARD_CACHE, "Access-Control-Allow-Origin": "*"})

    def stream(request: Request, s, first: dict, current, last: bool = False, moments: tuple = ()):
        address = request.scope.get("state", {}).get("client_address", "?")
        if not streams.enter(address):
            return JSONResponse({"error": {"code": "too_many_requests", "message": "too many live pages open "
                                           "from this address"}}, status_code=429, headers={"Retry-After": "30"})

        def same(a: dict, b: dict) -> bool:
            return {k: v for k, v in a.items() if k not in moments} == {k: v for k, v in b.items() if k not in moments}

        async def events():
            listener = s.hub.subscribe()
            try:
                sent = first
                yield f"retry: 5000\ndata: {json.dumps(first, ensure_ascii=False)}\n\n"
                if last:
                    return
                while True:
                    quiet = False
                    try:
                        if await asyncio.wait_for(listener.queue.get(), KEEPALIVE_SECONDS) is None:
                            return
                    except asyncio.TimeoutError:
                        # Nothing happened, but time passed: a waiting ticket's estimate moves
                        # with the clock (a long service runs on), so look again.
                        quiet = True
                    while not listener.queue.empty():  # a burst of events: one update
                        if listener.queue.get_nowait() is None:
                            return
                    now = current()
                    if not same(now, sent):
                        sent = now
                        yield f"data: {json.dumps(now, ensure_ascii=False)}\n\n"
                    elif quiet:
                        yield ": keep-alive\n\n"
            finally:
                s.hub.unsubscribe(listener)
                streams.leave(address)

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": NO_STORE, "X-Accel-Buffering": "no",
                                          "X-Content-Type-Options": "nosniff"})

    return app
