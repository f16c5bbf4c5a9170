"""Both listeners in one process and on one event loop: the device API and, when asked
for, the public side (sharing the same running service: its hall, writer and events)."""

from __future__ import annotations

import asyncio

import uvicorn
from fastapi import FastAPI

from server import listen
from server.public.site import create_public_app


def public_app_for(app: FastAPI, proxy_header: str | None = None, **limits) -> FastAPI:
    """The public app of a device app made by `server.app.create_app` (its service, once started)."""
    return create_public_app(lambda: getattr(app.state, "service", None), proxy_header=proxy_header, **limits)


def servers(app: FastAPI, host: str, port: int, public_host: str | None, public_port: int | None,
            proxy_header: str | None = None, public_limits: dict | None = None,
            **overrides) -> list[uvicorn.Server]:
    found = [uvicorn.Server(listen.config(app, host, port, **overrides))]
    if public_port is not None:
        public = public_app_for(app, proxy_header, **(public_limits or {}))
        # The device server runs the service's start and stop (lifespan); the public one only serves.
        found.append(uvicorn.Server(listen.config(public, public_host or "127.0.0.1", public_port,
                                                  **{**overrides, "lifespan": "off"})))
    return found


async def serve_all(found: list[uvicorn.Server]) -> None:
    if len(found) > 1:
        # Both stop together: Ctrl-C reaches only the one that installed its signal handlers.
        async def watch():
            while not any(s.should_exit for s in found):
                await asyncio.sleep(0.2)
            for s in found:
                s.should_exit = True
        await asyncio.gather(*(s.serve() for s in found), watch())
    else:
        await found[0].serve()


def serve(app: FastAPI, host: str, port: int, public_host: str | None = None, public_port: int | None = None,
          proxy_header: str | None = None) -> None:
    asyncio.run(serve_all(servers(app, host, port, public_host, public_port, proxy_header)))
