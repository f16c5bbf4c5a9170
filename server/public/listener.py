"""Both listeners in one process and on one event loop: the device API and, when asked
for, the public side (sharing the same running service: its hall, writer and events)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading

import uvicorn
from fastapi import FastAPI

from server import listen
from server.public.site import create_public_app


def public_app_for(app: FastAPI, proxy_header: str | None = None, **limits) -> FastAPI:
    """The public app of a device app made by `server.app.create_app` (its service, once started)."""
    return create_public_app(lambda: getattr(app.state, "service", None), proxy_header=proxy_header, **limits)


class SharedLoopServer(uvicorn.Server):
    """A uvicorn server that leaves the signals to `serve_all`: with two servers each
    would take them over in turn, and one would stop the loop under the other."""

    @contextlib.contextmanager
    def capture_signals(self):
        yield


def servers(app: FastAPI, host: str, port: int, public_host: str | None, public_port: int | None,
            proxy_header: str | None = None, public_limits: dict | None = None,
            **overrides) -> list[uvicorn.Server]:
    found = [SharedLoopServer(listen.config(app, host, port, **overrides))]
    if public_port is not None:
        public = public_app_for(app, proxy_header, **(public_limits or {}))
        # The device server runs the service's start and stop (lifespan); the public one only serves.
        found.append(SharedLoopServer(listen.config(public, public_host or "127.0.0.1", public_port,
                                                  **{**overrides, "lifespan": "off"})))
    return found


async def serve_all(found: list[uvicorn.Server], sockets: list[socket.socket] | None = None) -> None:
    """Runs the servers together until a signal (Ctrl-C, SIGTERM) or one of them stops;
    then all stop, the device server last running the service's shutdown."""
    def stop(sig=None, frame=None):
        for s in found:
            if s.should_exit and sig == signal.SIGINT:
                s.force_exit = True  # a second Ctrl-C
            s.should_exit = True

    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}

    async def watch():
        while not any(s.should_exit for s in found):
            await asyncio.sleep(0.2)
        stop()

    try:
        await asyncio.gather(*(s.serve(sockets=[sockets[i]] if sockets else None) for i, s in enumerate(found)),
                             watch())
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, made before either server starts: a port in use is an OSError
    naming it, not a server stopping half-way with the other one running."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as e:
        raise OSError(e.errno, f"{host}:{port}: {e.strerror}") from None


def serve(app: FastAPI, host: str, port: int, public_host: str | None = None, public_port: int | None = None,
          proxy_header: str | None = None) -> None:
    found = servers(app, host, port, public_host, public_port, proxy_header)
    sockets = [bind(host, port)]
    try:
        if public_port is not None:
            sockets.append(bind(public_host or "127.0.0.1", public_port))
        asyncio.run(serve_all(found, sockets))
    finally:
        for sock in sockets:
            sock.close()
