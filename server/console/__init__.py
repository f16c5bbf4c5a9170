"""The office console: the staff's web pages on the service's own port, under /console.

`install(app)` adds its routes, its static files (/console/static) and its refusal pages
to the service's app. Pages: login, Today (live), Appointments (server/console/appointments.py), Settings,
Devices, Follow-ups; the
reports (/console/reports) are server/console/reports.py. Every page takes
`server.console.auth.staff_user` (any account) or `director`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from server.console.auth import ConsoleRefusal, Sessions, Throttle
from server.console.web import HERE, refusal_page


@dataclass
class ConsoleState:
    sessions: Sessions | None = None   # made at the first request, with the office's secret
    throttle: Throttle = field(default_factory=Throttle)


def install(app: FastAPI) -> None:
    from server.console import appointments, pages

    app.state.console = ConsoleState()
    app.include_router(pages.router)
    app.include_router(appointments.router)
    try:
        from server.console import reports  # the reports' pages, when present
    except ImportError:
        reports = None
    if reports is not None and hasattr(reports, "router"):
        app.include_router(reports.router)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")

    @app.exception_handler(ConsoleRefusal)
    async def refused(request: Request, exc: ConsoleRefusal):
        return refusal_page(request, exc)
