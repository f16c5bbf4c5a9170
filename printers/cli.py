"""queue-printer: check a ticket printer, print a sample ticket, or draw one to a PNG.

    queue-printer status --printer serial:/dev/ttyUSB0?baudrate=9600
    queue-printer test --printer tcp://192.168.1.50:9100 [--mode raster|native]
    queue-printer render --out ticket.png [--width 576|384] [--care]
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from .errors import URL_FORMS, PrinterError

PAPER = {"ok": ("正常", "ok"), "near_end": ("即將用完", "near end"), "out": ("用完", "out"), "unknown": ("不明", "unknown")}


def sample_ticket(office, care: bool = False) -> dict:
    queue = office.care_queue if care else office.queue(office.services[0].queue)
    service = next((s for s in office.services if s.id == "transcript"), office.services[0])
    category = office.categories[0].id if care and office.categories else None
    return {
        "id": 1, "number": f"{queue.prefix}001", "queue": queue.id, "service": service.id,
        "category": category, "status": "waiting",
        "issued_at": datetime.now(office.tz).isoformat(timespec="seconds"),
        "called_at": None, "counter": None,
    }


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="queue-printer", description="Queue Hall ticket printer tool / 號碼牌印表機工具",
                                 epilog="Printer addresses: " + "  ".join(URL_FORMS))
    sub = ap.add_subparsers(dest="command", required=True)
    st = sub.add_parser("status", help="ask the printer for its status")
    te = sub.add_parser("test", help="print a sample ticket of the default office")
    for p in (st, te):
        p.add_argument("--printer", required=True, metavar="URL", help="printer address, e.g. usb:04b8:0202")
        p.add_argument("--profile", help="python-escpos printer profile, e.g. TM-T88V")
    te.add_argument("--mode", choices=("raster", "native"), help="drawn image (default) or the printer's own fonts")
    te.add_argument("--care", action="store_true", help="a care-counter ticket")
    re_ = sub.add_parser("render", help="draw a sample ticket to a PNG file")
    re_.add_argument("--out", required=True, help="PNG file to write")
    re_.add_argument("--width", type=int, choices=(576, 384), default=576, help="576 (80 mm) or 384 (58 mm)")
    re_.add_argument("--care", action="store_true", help="a care-counter ticket")
    return ap


def _fail(e: PrinterError) -> int:
    print(f"錯誤 / Error [{e.code}]: {e}", file=sys.stderr)
    print(f"處理方式：{e.action['zh-TW']}", file=sys.stderr)
    print(f"What to do: {e.action['en']}", file=sys.stderr)
    return 1


def _status(args) -> int:
    from .printer import open_printer

    printer = open_printer(args.printer, args.profile)
    try:
        st = printer.status()
    finally:
        printer.close()
    zh, en = PAPER[st.paper]
    online = ("連線", "online") if st.online else ("離線", "offline")
    print(f"印表機 {args.printer}：{online[0]}，紙捲{zh} / Printer {args.printer}: {online[1]}, paper {en}")
    if st.error:
        return _fail(st.error)
    return 0


def _test(args) -> int:
    from shared.office import load_office
    from shared.qt.fonts import ensure_gui_app

    from .printer import open_printer

    ensure_gui_app(offscreen=True)
    office = load_office()
    printer = open_printer(args.printer, args.profile, args.mode)
    try:
        path = printer.print_ticket(office, sample_ticket(office, args.care), ahead=3, wait_minutes=15)
    finally:
        printer.close()
    where = f" → {path}" if path else ""
    print(f"已印出測試號碼牌（{printer.mode}）/ Printed a test ticket ({printer.mode}){where}")
    return 0


def _render(args) -> int:
    from shared.office import load_office
    from shared.qt.fonts import ensure_gui_app

    from .layout import render_ticket

    ensure_gui_app(offscreen=True)
    office = load_office()
    image = render_ticket(office, sample_ticket(office, args.care), 3, 15, args.width)
    if not image.save(args.out, "PNG"):
        print(f"錯誤 / Error: 無法寫入 / cannot write {args.out}", file=sys.stderr)
        return 1
    print(f"{args.out}: {image.width()} x {image.height()} dots")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"status": _status, "test": _test, "render": _render}[args.command](args)
    except PrinterError as e:
        return _fail(e)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
