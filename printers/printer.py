"""open_printer(url) -> TicketPrinter: the kiosk's one way to print a ticket."""

from __future__ import annotations

import threading
from pathlib import Path

from shared.office import Office

from .content import TicketContent, ticket_content
from .errors import PrinterError, bad_config
from .escpos_bytes import native_bytes, profile_width, raster_bytes
from .layout import render_content
from .links import Link, make_link
from .status import PrinterStatus
from .urls import Target, parse_url

MODES = ("raster", "native")
NATIVE_MAX_BAUD = 38400  # at or below this a raster ticket takes too long on the line


class TicketPrinter:
    """A ticket printer. Safe to share between threads; reconnects by itself after a failure."""

    def __init__(self, link: Link, target: Target, profile: str | None, mode: str, width: int):
        self.link = link
        self.target = target
        self.profile = profile
        self.mode = mode
        self.width = width
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<TicketPrinter {self.target.url} {self.mode} {self.width} dots>"

    def status(self) -> PrinterStatus:
        with self._lock:
            try:
                return self.link.status()
            finally:
                self.link.release()

    def encode(self, content: TicketContent) -> tuple[bytes, object]:
        """The ESC/POS bytes in this printer's mode, and the drawn ticket when one is needed."""
        try:
            image = None
            if self.mode == "raster" or self.link.wants_image:
                image = render_content(content, self.width)
            if self.mode == "native":
                return native_bytes(content, self.width, self.profile), image
            return raster_bytes(image, self.profile), image
        except PrinterError:
            raise
        except Exception as e:  # python-escpos refusing the image, say
            raise bad_config("無法產生號碼牌", "could not build the ticket", detail=f"{type(e).__name__}: {e}") from e

    def print_ticket(self, office: Office, ticket: dict, ahead: int, wait_minutes: float | None) -> Path | None:
        """Print one ticket; raises PrinterError (paper_out before anything is sent).

        Returns the PNG's path for a preview printer, else None."""
        content = ticket_content(office, ticket, ahead, wait_minutes)
        data, image = self.encode(content)
        with self._lock:
            try:
                status = self.link.status()
                if status.error:
                    raise status.error
                return self.link.deliver(data, f"{content.number}-{content.ticket_id}", image)
            finally:
                self.link.release()

    def close(self) -> None:
        with self._lock:
            self.link.close()


def _width(target: Target, profile: str | None) -> int:
    paper = profile_width(profile)
    width = target.option("width") or paper or 576
    if paper and width > paper:
        raise bad_config(f"寬度 {width} 點超過印表機型號 {profile} 的 {paper} 點",
                         f"width {width} dots is more than profile {profile}'s {paper}")
    return width


def open_printer(url: str, profile: str | None = None, mode: str | None = None) -> TicketPrinter:
    """Open the printer at `url` (see printers.urls); `profile` is a python-escpos printer profile,
    `mode` "raster" or "native" (default: native on serial lines at 38400 baud or less)."""
    target = parse_url(url)
    if mode is not None and mode not in MODES:
        raise bad_config(f"列印模式只能是 raster 或 native，不是 {mode}", f"mode must be raster or native, not {mode!r}")
    width = _width(target, profile)
    if mode is None:
        slow = target.kind == "serial" and target.option("baudrate", 9600) <= NATIVE_MAX_BAUD
        mode = "native" if slow else "raster"
    link = make_link(target)
    try:
        link.open()
    finally:
        link.release()
    return TicketPrinter(link, target, profile, mode, width)
