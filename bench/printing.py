"""Ticket printing: time to draw and encode a ticket, its size in each mode, and how long
the bytes take on a serial line (10 bits a byte: start, 8 data, stop).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/printing.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shared.office import load_office  # noqa: E402
from shared.qt.fonts import ensure_gui_app  # noqa: E402

from printers.content import ticket_content  # noqa: E402
from printers.escpos_bytes import native_bytes, raster_bytes  # noqa: E402
from printers.layout import render_content  # noqa: E402

RUNS = 20
NATIVE_LIMIT_S = 2.0


def best_ms(fn, runs: int = RUNS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000, result


def line_seconds(n_bytes: int, baud: int) -> float:
    return n_bytes * 10 / baud


def main() -> int:
    ensure_gui_app(offscreen=True)
    office = load_office()
    ticket = {"id": 42, "number": "C012", "queue": "care", "service": "marriage", "category": "elderly",
              "status": "waiting", "issued_at": "2026-11-26T09:12:03+08:00", "called_at": None, "counter": None}
    content = ticket_content(office, ticket, 12, 45)  # the longest service: four documents
    print(f"ticket {ticket['number']} ({ticket['service']}, care), best of {RUNS} runs")
    print(f"{'':14}{'draw ms':>9}{'encode ms':>11}{'bytes':>9}{'9600 baud':>12}{'115200 baud':>13}")
    ok = True
    for width in (576, 384):
        draw_ms, image = best_ms(lambda: render_content(content, width))
        rows = [("raster", draw_ms, *best_ms(lambda: raster_bytes(image))),
                ("native", 0.0, *best_ms(lambda: native_bytes(content, width)))]
        for mode, d_ms, e_ms, data in rows:
            slow, fast = line_seconds(len(data), 9600), line_seconds(len(data), 115200)
            label = f"{mode} {width}"
            draw = f"{d_ms:9.1f}" if d_ms else f"{'-':>9}"
            print(f"{label:14}{draw}{e_ms:11.1f}{len(data):9d}{slow:11.1f}s{fast:12.2f}s")
            if mode == "native" and slow >= NATIVE_LIMIT_S:
                ok = False
    worst = max(len(native_bytes(ticket_content(office, dict(ticket, service=s.id), 123, 95), w))
                for s in office.services for w in (576, 384))
    print(f"largest native ticket over all services: {worst} bytes = {line_seconds(worst, 9600):.2f} s at 9600 baud")
    if worst * 10 / 9600 >= NATIVE_LIMIT_S:
        ok = False
    print("native tickets fit a 9600-baud line in under 2 s" if ok else "NATIVE TICKET TOO LARGE FOR 9600 BAUD")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
