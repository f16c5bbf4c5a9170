"""How console pages are rendered and answered: the Jinja2 templates (templates/console/),
the security headers every page carries, and the refusal pages.

`page(request, "console/x.html", user, **values)` renders a page inside base.html's
layout (navigation, the user, the CSRF token for its forms)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from server.console.accounts import StaffUser
from server.console.auth import ConsoleRefusal

HERE = Path(__file__).parent
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
# The navigation: (path, zh, en, for directors only).
NAV = (
    ("/console/today", "今日", "Today", False),
    ("/console/reports", "報表", "Reports", False),
    ("/console/appointments", "預約", "Appointments", False),
    ("/console/settings", "公告與設定", "Settings", True),
    ("/console/devices", "裝置", "Devices", True),
    ("/console/followups", "追蹤", "Follow-ups", True),
)

templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def page(request: Request, template: str, user: StaffUser | None, status: int = 200,
         headers: dict | None = None, **values: Any) -> HTMLResponse:
    service = getattr(request.app.state, "service", None)
    html = templates.get_template(template).render(
        user=user, nav=NAV, path=request.url.path, csrf=getattr(request.state, "console_csrf", ""),
        office=service.office if service is not None else None, **values)
    return HTMLResponse(html, status_code=status, headers={**HEADERS, **(headers or {})})


def see_other(path: str) -> RedirectResponse:
    """After a form: back to a page with GET (303)."""
    return RedirectResponse(path, status_code=303, headers=HEADERS)


def refusal_page(request: Request, exc: ConsoleRefusal) -> Response:
    if exc.status == 401 and "Location" in exc.headers:
        return RedirectResponse(exc.headers["Location"], status_code=303, headers=HEADERS)
    user = getattr(request.state, "console_user", None)
    return page(request, "console/refused.html", user, status=exc.status,
                headers={k: v for k, v in exc.headers.items() if k != "Location"}, refusal=exc)
