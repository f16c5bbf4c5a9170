"""The HTTP and WebSocket face of the service (JSON under /api/v1).

Every answer is a model of `shared/contract.py` (declared as the endpoint's
response_model, so /openapi.json shows it), every refusal the contract's ErrorBody with
each status an endpoint can answer declared. Changes answer a body serialized once from
its model; that same text is kept for an Idempotency-Key's retry, which is bound to the
request's method, path and body.
"""


import asyncio
import hashlib
import json
import logging
from contextlib import asynccontextmanager
from typing import Literal
from pathlib import Path

from fastapi import APIRouter, FastAPI, Header, Request, Security, WebSocket, WebSocketDisconnect
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import insert, select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from server import auth, console, db
from server.console import accounts as console_accounts
from server.console import settings as office_settings
from server import followups as followup_cases
from server.errors import ApiError, faults, log_refused, shorten
from server.guard import PRINCIPAL, Guard
from server.hub import Hub
from server.operations import MAX_ID, Clock, Operations, utc_now
from server.writer import Writer
from shared import contract as C
from shared import protocol as P
from shared.office import Office

log = logging.getLogger("queue.server")
JSON = "application/json"
MAX_PROBLEMS_NAMED = 5  # in a 422's message

_REFUSALS = {
    401: "No token, or an unknown one.",
    403: "This device's role (or counter) may not do this.",
    404: "No such counter or ticket.",
    409: "Not possible in the queue's present state.",
    422: "The request is malformed: body, parameters or Idempotency-Key (also: a key reused for "
         "another request).",
    503: "The service could not save the change (e.g. a full disk); retry.",
}


def refusals(*statuses: int) -> dict:
    """OpenAPI `responses=` for the refusals an endpoint can answer, all as ErrorBody."""
    return {s: {"model": C.ErrorBody, "description": _REFUSALS[s]} for s in statuses}


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


# ----- the service -------------------------------------------------------------------

class Service:
    """Everything one running service holds: the office, the writer, the event hub."""

    def __init__(self, where: "str | Path | db.Place", office: Office, clock: Clock = utc_now):
        self.office = office
        self.place = db.place(where)  # where its record is (the console's reports read it too)
        self.engine = db.make_engine(self.place)
        db.create_schema(self.engine)
        self.ops = Operations(office, clock)
        # The office file's office with the settings the console changed (server/console/settings.py).
        self.file_office = office
        self.ops.office_source = lambda conn: office_settings.apply(office, office_settings.load(conn))
        self.ops.on_office = self._office_changed
        self.hub = Hub()
        self.writer = Writer(self.engine, self.ops, self.hub.publish)
        self.office_json = C.Office.model_validate(office.to_json()).model_dump_json()
        self.writer.run_sync(self.ops.prepare)
        # Tokens are checked on the writer's own connection (see server/auth.py); a token
        # revoked meanwhile closes its WebSockets, at a token check or by the watcher.
        self.auth = auth.Authenticator(lambda: self.writer._connection().connection.dbapi_connection,
                                       on_change=self.hub.revoke)
        self.token_watch: asyncio.Task | None = None

    def _office_changed(self, office: Office) -> None:
        self.office = office
        self.office_json = C.Office.model_validate(office.to_json()).model_dump_json()

    async def principal(self, token: str | None) -> auth.Principal:
        if not token:
            raise ApiError(401, P.E_UNAUTHORIZED, "a device token is needed: Authorization: Bearer TOKEN")
        try:
            found = self.auth.principal(token)
        except db.DRIVER_ERRORS as e:
            log.warning("cannot read the tokens table: %s", e)
            raise ApiError(503, P.E_UNAVAILABLE, "the service cannot read its database; please retry") from None
        if found is None:
            raise ApiError(401, P.E_UNAUTHORIZED, "unknown or revoked token; make one with `queue-server token create`")
        return found

    async def mutate(self, who: auth.Principal, request: Request, key: str | None, work,
                     answer: type[BaseModel], status: int = 200) -> Response:
        """Run a change; with an Idempotency-Key a retry of the same request (method, path
        and body) gets the first answer back, and another request with that key a 422."""
        fingerprint = ""
        if key is not None:
            fingerprint = request_fingerprint(request.method, request.url.path, await request.body())

        def transaction(conn):
            if key is not None:
                row = conn.execute(select(db.idempotency).where(
                    (db.idempotency.c.principal == who.token_hash) & (db.idempotency.c.key == key))).first()
                if row is not None:
                    if row.request and row.request != fingerprint:
                        raise ApiError(422, P.E_INVALID, f"this {P.IDEMPOTENCY_HEADER} was used for another "
                                       "request; a retry must repeat the method, path and body exactly, "
                                       "and a new request needs a new key")
                    return row.status, row.body
            try:
                answered = (status, answer.model_validate(work(conn)).model_dump_json())
            except ApiError as e:  # raised before anything was changed
                answered = (e.status, json.dumps(e.body(), ensure_ascii=False))
            if key is not None:
                conn.execute(insert(db.idempotency).values(
                    principal=who.token_hash, key=key, request=fingerprint, status=answered[0],
                    body=answered[1], created_at=self.ops.now()))
            return answered

        code, body = await self.writer.run(transaction)
        if code >= 400:
            error = json.loads(body)["error"]
            log_refused(log, request.method, request.url.path, code, error["code"], error["message"])
        return Response(body, status_code=code, media_type=JSON)

    def check_counter(self, who: auth.Principal, number: int, rating: bool = False) -> None:
        try:
            self.office.counter(number)
        except KeyError:
            raise ApiError(404, P.E_NOT_FOUND, f"no counter {number}") from None
        if not (who.may_rate_for(number) if rating else who.may_act_for(number)):
            if who.role in P.COUNTER_ROLES:
                raise ApiError(403, P.E_FORBIDDEN, f"this token acts for counter {who.counter} only")
            raise ApiError(403, P.E_FORBIDDEN, f"a {who.role} token cannot act for a counter")

    def close(self) -> None:
        self.hub.close_all()
        self.writer.close()
        self.engine.dispose()


class DeviceToken(HTTPBearer):
    """The bearer scheme on the OpenAPI page, and the check itself: the request's token
    (our own 401 JSON when missing or unknown) and its role. One dependency, not two:
    every request passes here."""

    def __init__(self, roles: tuple[str, ...]):
        super().__init__(auto_error=False, scheme_name="deviceToken",
                         description="A device token made with `queue-server token create`: "
                                     "`Authorization: Bearer TOKEN`.")
        self.roles = roles

    async def __call__(self, request: Request) -> auth.Principal:  # type: ignore[override]
        who = getattr(request.state, PRINCIPAL, None)  # checked by the guard before the body was read
        if who is None:
            credentials: HTTPAuthorizationCredentials | None = await super().__call__(request)
            service: Service = request.app.state.service
            token = credentials.credentials.strip() if credentials is not None else None
            who = await service.principal(token)
        roles = self.roles
        if roles and who.role not in roles:
            raise ApiError(403, P.E_FORBIDDEN, f"a {who.role} token may not do this (needs {' or '.join(roles)})")
        return who


def require(*roles: str):
    return Security(DeviceToken(roles))


IdempotencyKey = Header(default=None, alias=P.IDEMPOTENCY_HEADER, min_length=1, max_length=128,
                        description="Any unique text per command: a retry with the same key gets the "
                                    "first answer, and the command happens once.")


def allowed_methods(app: FastAPI, path: str) -> str:
    """Every method the routes of this path answer, for a 405's Allow header (asked of the
    routes themselves: Starlette names only the first route of a path, and GET and POST of
    one path are two routes)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {"type": "http", "path": path, "method": method, "root_path": "", "app": app}
        if any(route.matches(scope)[0] == Match.FULL for route in app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


def create_app(db_path: "str | Path | db.Place", office: Office, clock: Clock = utc_now) -> FastAPI:
    """The service on an SQLite file's path or a PostgreSQL office's db.Place."""
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service = Service(db_path, office, clock)
        app.state.service = service
        ticker = asyncio.create_task(_tick_days(service))
        try:
            yield
        finally:
            ticker.cancel()
            service.close()

    app = FastAPI(title="Queue Hall service", version="1", lifespan=lifespan,
                  docs_url="/docs", openapi_url="/openapi.json")
    install_error_handlers(app)
    app.add_middleware(Guard, log=log)
    app.openapi = office_openapi(app, office)
    api = APIRouter(prefix=P.API)

    def svc(request: Request) -> Service:
        return request.app.state.service

    @api.get("/health", response_model=C.Health, responses=refusals(503))
    async def health(request: Request):
        """Whether the service runs; needs no token."""
        s = svc(request)
        fault = s.writer.fault
        reason = None if fault is None else "disk_full" if "full" in fault else "database_error"
        return {"status": "degraded" if fault else "ok", "reason": reason, "office": s.office.id,
                "seq": s.ops.seq(), "business_day": s.ops.today()}

    @api.get("/whoami", response_model=C.WhoAmI, responses=refusals(401, 503))
    async def whoami(request: Request, who=require()):
        """What this device's token may do: its role, and for a counter token its counter."""
        return {"role": who.role, "counter": who.counter}

    @api.get("/office", response_model=C.Office, responses=refusals(401, 503))
    async def get_office(request: Request, who=require()):
        """The office as configured: queues, services, categories, counters, notices."""
        return Response(svc(request).office_json, media_type=JSON)

    @api.get("/state", response_model=C.State, responses=refusals(401, 503))
    async def get_state(request: Request, who=require()):
        """The hall now: counters, waiting counts, recent calls, alerts (as WS /events keeps it)."""
        s = svc(request)
        return await s.writer.run(s.ops.state)

    @api.get("/stats", response_model=C.Stats, responses=refusals(401, 422, 503))
    async def get_stats(request: Request, day: str | None = None, who=require()):
        """A day's figures (YYYY-MM-DD, today by default) per counter and per service."""
        s = svc(request)
        return await s.writer.run(lambda conn: s.ops.stats(conn, day))

    @api.get("/tickets/{ticket_id}", response_model=C.TicketAnswer, responses=refusals(401, 404, 422, 503))
    async def get_ticket(request: Request, ticket_id: int = PathParam(ge=0, le=MAX_ID), who=require()):
        s = svc(request)
        return await s.writer.run(lambda conn: s.ops.get_ticket(conn, ticket_id))

    @api.post("/tickets", status_code=201, response_model=C.IssueAnswer,
              responses=refusals(401, 403, 409, 422, 503))
    async def issue(request: Request, body: C.IssueBody, who=require("kiosk", "admin"), key=IdempotencyKey):
        """Issue a ticket (kiosk): its number, how many wait ahead and the estimated wait."""
        s = svc(request)
        return await s.mutate(who, request, key, lambda conn: s.ops.issue(conn, body.service, body.category),
                              C.IssueAnswer, status=201)

    def counter_action(path: str, make_work, answer: type[BaseModel], doc: str, body_model=None):
        if body_model is None:
            async def endpoint(request: Request, n: int, who=require("counter", "admin"), key=IdempotencyKey):
                s = svc(request)
                s.check_counter(who, n)
                return await s.mutate(who, request, key, make_work(s, n, None), answer)
        else:
            async def endpoint(request: Request, n: int, body: body_model,  # type: ignore[valid-type]
                               who=require("counter", "admin"), key=IdempotencyKey):
                s = svc(request)
                s.check_counter(who, n)
                return await s.mutate(who, request, key, make_work(s, n, body), answer)
        endpoint.__name__ = "counter_" + path.replace("-", "_")
        endpoint.__doc__ = doc
        api.post(f"/counters/{{n}}/{path}", response_model=answer,
                 responses=refusals(401, 403, 404, 409, 422, 503))(endpoint)

    counter_action("next", lambda s, n, b: lambda c: s.ops.next(c, n), C.NextAnswer,
                   "Complete the current ticket and call the next one (opens a paused counter).")
    counter_action("recall", lambda s, n, b: lambda c: s.ops.recall(c, n), C.TicketAnswer,
                   "Call the current ticket again.")
    counter_action("no-show", lambda s, n, b: lambda c: s.ops.no_show(c, n), C.TicketAnswer,
                   "The current ticket did not come; it can be called again by number.")
    counter_action("complete", lambda s, n, b: lambda c: s.ops.complete(c, n), C.TicketAnswer,
                   "The current ticket is served.")
    counter_action("resume", lambda s, n, b: lambda c: s.ops.resume(c, n), C.CounterAnswer,
                   "Open a paused counter.")
    counter_action("call", lambda s, n, b: lambda c: s.ops.call_number(c, n, b.number), C.TicketAnswer,
                   "Call a ticket by its number (e.g. one that missed its call).", C.CallBody)
    counter_action("transfer", lambda s, n, b: lambda c: s.ops.transfer(c, n, b.service, b.counter),
                   C.TicketAnswer, "Send the current ticket to another service or counter.", C.TransferBody)
    counter_action("pause", lambda s, n, b: lambda c: s.ops.pause(c, n, b.reason), C.CounterAnswer,
                   "Pause the counter; its current ticket is completed first.", C.PauseBody)

    @api.post("/alerts", status_code=201, response_model=C.AlertAnswer, responses=refusals(401, 403, 422, 503))
    async def raise_alert(request: Request, body: C.AlertBody, who=require("kiosk", "admin"), key=IdempotencyKey):
        """A device needs staff (e.g. a kiosk out of paper); raising it again updates it."""
        s = svc(request)
        return await s.mutate(who, request, key,
                              lambda c: s.ops.raise_alert(c, body.source, body.kind, body.code, body.message),
                              C.AlertAnswer, status=201)

    @api.post("/alerts/clear", response_model=C.ClearedAnswer, responses=refusals(401, 403, 422, 503))
    async def clear_alert(request: Request, body: C.ClearAlertBody, who=require("kiosk", "admin"),
                          key=IdempotencyKey):
        s = svc(request)
        return await s.mutate(who, request, key, lambda c: s.ops.clear_alert(c, body.source, body.kind),
                              C.ClearedAnswer)

    @api.post("/counters/{n}/clerk", response_model=C.CounterAnswer, responses=refusals(401, 403, 404, 422, 503))
    async def sign_in_clerk(request: Request, n: int, body: C.ClerkBody, who=require("counter", "admin")):
        """A clerk signs in at the counter with the name and password of a console account
        (an empty name signs the clerk out); every device gets `office.changed`."""
        s = svc(request)
        s.check_counter(who, n)
        name = body.name.strip()
        if name:
            throttle = request.app.state.console.throttle
            where = f"counter {n}"
            if throttle.wait(name, where):
                raise ApiError(403, P.E_FORBIDDEN, "too many wrong passwords at this counter; wait a minute")
            account, stored = await s.writer.run(lambda conn: console_accounts.password_hash(conn, name))
            if account is None or not await asyncio.to_thread(console_accounts.matches, stored, body.password or ""):
                throttle.failed(name, where)
                raise ApiError(403, P.E_FORBIDDEN, "wrong name or password (a console account's)")
            throttle.succeeded(name, where)
            name = account.name

        def work(conn):
            office_settings.set_clerk(s, conn, n, name, f"counter {n}")
            return {"counter": s.ops.wire.counter(s.ops.hall.view(n))}

        return await s.mutate(who, request, None, work, C.CounterAnswer)

    @api.post("/counters/{n}/rating", status_code=201, response_model=C.RatingAnswer,
              responses=refusals(401, 403, 404, 409, 422, 503))
    async def rate(request: Request, n: int, body: C.RatingBody, who=require("rating", "admin"),
                   key=IdempotencyKey):
        """The counter's rating pad: the citizen's answer for the ticket the counter served
        last (before it served any, the one it is serving). A second rating of a ticket, or
        nothing to rate, is a 409. A score of 1 or 2 opens a follow-up case."""
        s = svc(request)
        s.check_counter(who, n, rating=True)
        return await s.mutate(who, request, key, lambda c: s.ops.rate(c, n, body.score, body.reasons),
                              C.RatingAnswer, status=201)

    @api.get("/followups", response_model=C.FollowupsAnswer, responses=refusals(401, 403, 422, 503))
    async def followups(request: Request, status: Literal["open", "closed"] | None = None,
                        who=require("admin")):
        """The unsatisfied-citizen programme's cases (staff only)."""
        s = svc(request)
        return await s.writer.run(lambda conn: followup_cases.list_cases(conn, s.office, status))

    @api.post("/followups/{case_id}/close", response_model=C.FollowupAnswer,
              responses=refusals(401, 403, 404, 409, 422, 503))
    async def close_followup(request: Request, body: C.CloseFollowupBody,
                             case_id: int = PathParam(ge=1, le=MAX_ID), who=require("admin"), key=IdempotencyKey):
        """Close a case with a note saying what the office did."""
        s = svc(request)
        return await s.mutate(who, request, key, lambda c: followup_cases.close_case(c, s.office, case_id,
                                                                                   body.note, s.ops.now()),
                              C.FollowupAnswer)

    @api.post("/day/undo-change", response_model=C.RestoredAnswer, responses=refusals(401, 403, 409, 422, 503))
    async def undo_day_change(request: Request, who=require("admin"), key=IdempotencyKey):
        """Put back the tickets that today's day change cancelled (e.g. after a clock set a
        day ahead), with their numbers and places; possible once, on the same day."""
        s = svc(request)
        return await s.mutate(who, request, key, s.ops.undo_day_change, C.RestoredAnswer)

    @api.websocket("/events")
    async def events(websocket: WebSocket, token: str | None = None, since: int | None = None):
        s: Service = websocket.app.state.service
        await websocket.accept()
        try:
            who = await s.principal(token)
        except ApiError as e:
            log_refused(log, "WEBSOCKET", websocket.url.path, e.status, e.code, e.message)
            await websocket.send_text(json.dumps({"type": "error", **e.body()}))
            await websocket.close(code=4401)
            return
        if since is not None and not 0 <= since <= MAX_ID:
            error = ApiError(422, P.E_INVALID, f"since must be an event number from 0 to {MAX_ID}")
            log_refused(log, "WEBSOCKET", websocket.url.path, error.status, error.code, error.message)
            await websocket.send_text(json.dumps({"type": "error", **error.body()}))
            await websocket.close(code=1008)
            return
        listener = s.hub.subscribe(who.token_hash)
        if s.token_watch is None or s.token_watch.done():
            s.token_watch = asyncio.create_task(s.auth.watch(lambda: bool(s.hub.listeners)))
        try:
            def snapshot(conn):
                state = s.ops.state(conn)
                missed = s.ops.events_after(conn, since) if since is not None and since <= state["seq"] else None
                return state, missed

            state, missed = await s.writer.run(snapshot)
            first = {"type": P.SNAPSHOT, "seq": state["seq"], "state": state}
            if since is not None:
                first["missed"] = missed
            await websocket.send_text(json.dumps(first, ensure_ascii=False))
            sent = state["seq"]
            # One task notices the client leaving; this loop only waits on the queue.
            receiver = asyncio.create_task(_drain(websocket, listener))
            try:
                while True:
                    item = await listener.queue.get()
                    if item is None:  # the client left, was too slow, its token was revoked, or the service stops
                        if listener.revoked:
                            revoked = ApiError(401, P.E_UNAUTHORIZED, "this device's token was revoked")
                            await websocket.send_text(json.dumps({"type": "error", **revoked.body()}))
                            await websocket.close(code=4401)
                        elif listener.overflowed:
                            await websocket.close(code=1013)
                        break
                    seq, text = item
                    if seq > sent:
                        await websocket.send_text(text)
                        sent = seq
            finally:
                receiver.cancel()
        except (WebSocketDisconnect, RuntimeError, ConnectionError):
            pass
        finally:
            s.hub.unsubscribe(listener)

    app.include_router(api)
    console.install(app)  # the office console under /console (server/console/)
    app.include_router(__import__("server.appointment_api", fromlist=["router"]).router)  # after app.py loaded
    return app


DAY_CHECK_SECONDS = 30


async def _tick_days(service: "Service") -> None:
    """The day change happens at midnight, not at the first request after it: devices
    get the `day.changed` event and yesterday's counts go at once."""
    while True:
        await asyncio.sleep(DAY_CHECK_SECONDS)
        try:
            await service.writer.run(service.ops.tick)
        except ApiError:
            pass  # logged by the writer; the next check tries again


async def _drain(websocket: WebSocket, listener) -> None:
    """Reads (and ignores) what a client sends, to notice when it goes away."""
    try:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    except (WebSocketDisconnect, RuntimeError):
        pass
    listener.stop()


def install_error_handlers(app: FastAPI) -> None:
    """Every refusal as the contract's ErrorBody, logged as one line; a fault of the
    service as a 500, its traceback logged once (server/errors.py)."""

    def refuse(request: Request, status: int, code: str, message: str, headers=None) -> JSONResponse:
        log_refused(log, request.method, request.url.path, status, code, message)
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)

    @app.exception_handler(ApiError)
    async def api_error(request, exc: ApiError):
        return refuse(request, exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            if tuple(err.get("loc", ())) == ("body",) and err.get("type") in ("model_attributes_type", "dict_type"):
                parts.append("the body must be a JSON object (Content-Type: application/json)")
                continue
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        if len(parts) > MAX_PROBLEMS_NAMED:
            parts = parts[:MAX_PROBLEMS_NAMED] + [f"and {len(parts) - MAX_PROBLEMS_NAMED} more problems"]
        return refuse(request, 422, P.E_INVALID, shorten("; ".join(parts), 2000))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc: StarletteHTTPException):
        codes = {401: P.E_UNAUTHORIZED, 403: P.E_FORBIDDEN, 404: P.E_NOT_FOUND, 405: P.E_METHOD_NOT_ALLOWED,
                 409: P.E_CONFLICT}
        status = exc.status_code
        if status not in codes and status < 500:  # e.g. a body Starlette cannot parse: malformed
            status = 422
        code = codes.get(status, P.E_INVALID if status == 422 else P.E_INTERNAL)
        message = str(exc.detail)
        if status == 404 and message == "Not Found":
            message = f"no such path: {request.url.path} (the API is under {P.API}, see /docs)"
        headers = getattr(exc, "headers", None)
        if status == 405:
            # Starlette names only the first route of the path; GET and POST of one path are two.
            headers = {**(headers or {}), "Allow": allowed_methods(app, request.url.path)}
        return refuse(request, status, code, message, headers=headers)

    @app.exception_handler(Exception)
    async def internal(request, exc: Exception):
        faults.log(log, f"unexpected error in {request.method} {request.url.path}", exc)
        return JSONResponse({"error": {"code": P.E_INTERNAL, "message": "the service had an internal error; "
                                       "it has been logged"}}, status_code=500)


def office_openapi(app: FastAPI, office: Office):
    """The OpenAPI page, with the values only this office accepts (its service, category
    and counter ids) narrowed in the request bodies: a request the page allows is one the
    service accepts."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            bodies = schema["components"]["schemas"]
            services = [sv.id for sv in office.services]
            categories = [c.id for c in office.categories]
            counters = [c.number for c in office.counters]

            def narrow(model: str, field: str, values: list) -> None:
                prop = bodies[model]["properties"][field]
                for option in prop.get("anyOf", [prop]):
                    if option.get("type") != "null":
                        option["enum"] = values

            narrow("IssueBody", "service", services)
            narrow("IssueBody", "category", categories)
            narrow("TransferBody", "service", services)
            narrow("TransferBody", "counter", counters)
            for path, item in schema["paths"].items():
                if path.startswith(f"{P.API}/counters/{{n}}/"):
                    for parameter in item["post"]["parameters"]:
                        if parameter["name"] == "n":
                            parameter["schema"]["enum"] = counters
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi
