"""The HTTP and WebSocket face of the service (JSON under /api/v1)."""


import asyncio
import json
import logging
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import insert, select
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import auth, db
from server.errors import ApiError
from server.hub import Hub
from server.operations import Clock, Operations, utc_now
from server.writer import Writer
from shared import protocol as P
from shared.office import Office

log = logging.getLogger("queue.server")


# ----- request bodies ----------------------------------------------------------------

class IssueBody(BaseModel):
    service: str = Field(min_length=1, max_length=64)
    category: str | None = Field(default=None, max_length=64)


class CallBody(BaseModel):
    number: str = Field(min_length=2, max_length=8)


class TransferBody(BaseModel):
    service: str | None = Field(default=None, max_length=64)
    counter: int | None = None


class PauseBody(BaseModel):
    reason: str = Field(default="", max_length=200)


class AlertBody(BaseModel):
    source: str = Field(min_length=1, max_length=64)
    kind: str = Field(min_length=1, max_length=32)
    code: str = Field(default="", max_length=32)
    message: dict[str, str] = Field(default_factory=dict)


class ClearAlertBody(BaseModel):
    source: str = Field(min_length=1, max_length=64)
    kind: str = Field(min_length=1, max_length=32)


# ----- the service -------------------------------------------------------------------

class Service:
    """Everything one running service holds: the office, the writer, the event hub."""

    def __init__(self, db_path: str | Path, office: Office, clock: Clock = utc_now):
        self.office = office
        self.engine = db.make_engine(db_path)
        db.create_schema(self.engine)
        self.ops = Operations(office, clock)
        self.hub = Hub()
        self.writer = Writer(self.engine, self.ops, self.hub.publish)
        self.writer.run_sync(self.ops.prepare)
        # Tokens are checked on the writer's own connection (see server/auth.py); a token
        # revoked meanwhile closes its WebSockets, at a token check or by the watcher.
        self.auth = auth.Authenticator(lambda: self.writer._connection().connection.dbapi_connection,
                                       on_change=self.hub.revoke)
        self.token_watch: asyncio.Task | None = None
        self.office_json = office.to_json()

    async def principal(self, token: str | None) -> auth.Principal:
        if not token:
            raise ApiError(401, P.E_UNAUTHORIZED, "a device token is needed: Authorization: Bearer TOKEN")
        try:
            found = self.auth.principal(token)
        except sqlite3.Error as e:
            log.warning("cannot read the tokens table: %s", e)
            raise ApiError(503, P.E_UNAVAILABLE, "the service cannot read its database; please retry") from None
        if found is None:
            raise ApiError(401, P.E_UNAUTHORIZED, "unknown or revoked token; make one with `queue-server token create`")
        return found

    async def mutate(self, who: auth.Principal, key: str | None, work, status: int = 200) -> JSONResponse:
        """Run a change; with an Idempotency-Key a retry gets the first answer back."""
        if key is not None and not (0 < len(key) <= 128):
            raise ApiError(422, P.E_INVALID, "Idempotency-Key must be 1 to 128 characters")

        def transaction(conn):
            if key is not None:
                row = conn.execute(select(db.idempotency).where(
                    (db.idempotency.c.principal == who.token_hash) & (db.idempotency.c.key == key))).first()
                if row is not None:
                    return row.status, json.loads(row.body)
            try:
                answer = (status, work(conn))
            except ApiError as e:  # raised before anything was changed
                answer = (e.status, e.body())
            if key is not None:
                conn.execute(insert(db.idempotency).values(
                    principal=who.token_hash, key=key, status=answer[0],
                    body=json.dumps(answer[1], ensure_ascii=False), created_at=self.ops.now()))
            return answer

        code, body = await self.writer.run(transaction)
        return JSONResponse(body, status_code=code)

    def check_counter(self, who: auth.Principal, number: int) -> None:
        try:
            self.office.counter(number)
        except KeyError:
            raise ApiError(404, P.E_NOT_FOUND, f"no counter {number}") from None
        if not who.may_act_for(number):
            if who.role == "counter":
                raise ApiError(403, P.E_FORBIDDEN, f"this token acts for counter {who.counter} only")
            raise ApiError(403, P.E_FORBIDDEN, f"a {who.role} token cannot act for a counter")

    def close(self) -> None:
        self.hub.close_all()
        self.writer.close()
        self.engine.dispose()


def require(*roles: str):
    async def dependency(request: Request) -> auth.Principal:
        service: Service = request.app.state.service
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        who = await service.principal(token)
        if roles and who.role not in roles:
            raise ApiError(403, P.E_FORBIDDEN, f"a {who.role} token may not do this (needs {' or '.join(roles)})")
        return who
    return Depends(dependency)


def idempotency_key(request: Request) -> str | None:
    return request.headers.get(P.IDEMPOTENCY_HEADER)


def create_app(db_path: str | Path, office: Office, clock: Clock = utc_now) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service = Service(db_path, office, clock)
        app.state.service = service
        try:
            yield
        finally:
            service.close()

    app = FastAPI(title="Queue Hall service", version="1", lifespan=lifespan,
                  docs_url="/docs", openapi_url="/openapi.json")
    install_error_handlers(app)
    api = APIRouter(prefix=P.API)

    def svc(request: Request) -> Service:
        return request.app.state.service

    @api.get("/health")
    async def health(request: Request):
        s = svc(request)
        seq = await s.writer.run(s.ops.seq)
        return {"status": "ok", "office": s.office.id, "seq": seq, "business_day": s.ops.today()}

    @api.get("/whoami")
    async def whoami(request: Request, who=require()):
        """What this device's token may do: its role, and for a counter token its counter."""
        return {"role": who.role, "counter": who.counter}

    @api.get("/office")
    async def get_office(request: Request, who=require()):
        return svc(request).office_json

    @api.get("/state")
    async def get_state(request: Request, who=require()):
        s = svc(request)
        return await s.writer.run(s.ops.state)

    @api.get("/stats")
    async def get_stats(request: Request, day: str | None = None, who=require()):
        s = svc(request)
        return await s.writer.run(lambda conn: s.ops.stats(conn, day))

    @api.get("/tickets/{ticket_id}")
    async def get_ticket(request: Request, ticket_id: int, who=require()):
        s = svc(request)
        return await s.writer.run(lambda conn: s.ops.get_ticket(conn, ticket_id))

    @api.post("/tickets", status_code=201)
    async def issue(request: Request, body: IssueBody, who=require("kiosk", "admin")):
        s = svc(request)
        return await s.mutate(who, idempotency_key(request),
                              lambda conn: s.ops.issue(conn, body.service, body.category), status=201)

    def counter_action(path: str, make_work, body_model=None):
        if body_model is None:
            async def endpoint(request: Request, n: int, who=require("counter", "admin")):
                s = svc(request)
                s.check_counter(who, n)
                return await s.mutate(who, idempotency_key(request), make_work(s, n, None))
        else:
            async def endpoint(request: Request, n: int, body: body_model, who=require("counter", "admin")):  # type: ignore[valid-type]
                s = svc(request)
                s.check_counter(who, n)
                return await s.mutate(who, idempotency_key(request), make_work(s, n, body))
        endpoint.__name__ = "counter_" + path.replace("-", "_")
        api.post(f"/counters/{{n}}/{path}")(endpoint)

    counter_action("next", lambda s, n, b: lambda c: s.ops.next(c, n))
    counter_action("recall", lambda s, n, b: lambda c: s.ops.recall(c, n))
    counter_action("no-show", lambda s, n, b: lambda c: s.ops.no_show(c, n))
    counter_action("complete", lambda s, n, b: lambda c: s.ops.complete(c, n))
    counter_action("resume", lambda s, n, b: lambda c: s.ops.resume(c, n))
    counter_action("call", lambda s, n, b: lambda c: s.ops.call_number(c, n, b.number), CallBody)
    counter_action("transfer", lambda s, n, b: lambda c: s.ops.transfer(c, n, b.service, b.counter), TransferBody)
    counter_action("pause", lambda s, n, b: lambda c: s.ops.pause(c, n, b.reason), PauseBody)

    @api.post("/alerts", status_code=201)
    async def raise_alert(request: Request, body: AlertBody, who=require("kiosk", "admin")):
        s = svc(request)
        return await s.mutate(who, idempotency_key(request),
                              lambda c: s.ops.raise_alert(c, body.source, body.kind, body.code, body.message),
                              status=201)

    @api.post("/alerts/clear")
    async def clear_alert(request: Request, body: ClearAlertBody, who=require("kiosk", "admin")):
        s = svc(request)
        return await s.mutate(who, idempotency_key(request), lambda c: s.ops.clear_alert(c, body.source, body.kind))

    @api.websocket("/events")
    async def events(websocket: WebSocket, token: str | None = None, since: int | None = None):
        s: Service = websocket.app.state.service
        await websocket.accept()
        try:
            who = await s.principal(token)
        except ApiError as e:
            await websocket.send_text(json.dumps({"type": "error", **e.body()}))
            await websocket.close(code=4401)
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
    return app


async def _drain(websocket: WebSocket, listener) -> None:
    """Reads (and ignores) what a client sends, to notice when it goes away."""
    try:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    except (WebSocketDisconnect, RuntimeError):
        pass
    listener.stop()


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            if tuple(err.get("loc", ())) == ("body",) and err.get("type") in ("model_attributes_type", "dict_type"):
                parts.append("the body must be a JSON object (Content-Type: application/json)")
                continue
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse({"error": {"code": P.E_INVALID, "message": "; ".join(parts)}}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request, exc: StarletteHTTPException):
        codes = {401: P.E_UNAUTHORIZED, 403: P.E_FORBIDDEN, 404: P.E_NOT_FOUND, 409: P.E_CONFLICT}
        code = codes.get(exc.status_code, "http_error")
        return JSONResponse({"error": {"code": code, "message": str(exc.detail)}}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def internal(_request, exc: Exception):
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse({"error": {"code": "internal", "message": "the service had an internal error; "
                                       "it has been logged"}}, status_code=500)
