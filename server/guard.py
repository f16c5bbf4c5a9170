"""The API's door: the token is checked before a body is read, and a body larger than
`MAX_BODY_BYTES` is refused (413) without being read whole.

An ASGI middleware, so it runs before FastAPI parses anything: an unauthenticated 20 MB
body costs nothing, and `{bad` from a stranger is a 401, not a 422. The endpoints still
check roles with the principal found here (`request.state.principal`).
"""

from __future__ import annotations

import json

from server.errors import ApiError, log_refused
from shared import protocol as P

MAX_BODY_BYTES = 64 * 1024
OPEN_PATHS = {P.API + "/health"}  # answered without a token
PRINCIPAL = "principal"  # where in the request's state the checked token's principal is kept


def _error(status: int, code: str, message: str) -> tuple[dict, dict]:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    return start, {"type": "http.response.body", "body": body}


class Guard:
    def __init__(self, app, log):
        self.app = app
        self.log = log

    async def refuse(self, scope, send, status: int, code: str, message: str) -> None:
        log_refused(self.log, scope["method"], scope["path"], status, code, message)
        start, body = _error(status, code, message)
        await send(start)
        await send(body)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(P.API + "/"):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return await self.refuse(scope, send, 413, P.E_TOO_LARGE,
                                     f"the body is larger than {MAX_BODY_BYTES} bytes")
        if scope["path"] not in OPEN_PATHS:
            auth = headers.get(b"authorization", b"").decode("latin-1")
            token = auth[7:].strip() if auth[:7].lower() == "bearer " else None
            try:
                who = await scope["app"].state.service.principal(token)
            except ApiError as e:
                return await self.refuse(scope, send, e.status, e.code, e.message)
            scope.setdefault("state", {})[PRINCIPAL] = who  # the endpoint checks its role only
        if b"transfer-encoding" not in headers:
            # The body is Content-Length bytes (checked above) or none: nothing to count.
            return await self.app(scope, receive, send)

        received = 0
        too_large = False
        started = False

        async def limited_receive():
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    too_large = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message):
            nonlocal started
            if too_large:
                if not started:
                    started = True
                    await self.refuse(scope, send, 413, P.E_TOO_LARGE,
                                      f"the body is larger than {MAX_BODY_BYTES} bytes")
                return
            started = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)
