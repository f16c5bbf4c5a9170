"""The hall display's pictures in docs/ (display-*.png), drawn offscreen at 1920×1080
against the real service (in a thread, on a fixed clock: 09:00 in Taipei).

    QT_QPA_PLATFORM=offscreen python -m demo.hall_pictures docs

A developer's tool: it runs from a checkout (it uses the tests' service harness).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from display import window as window_module
from display.main import create_window
from shared.office import Counter, Name, load_office
from shared.qt.fonts import ensure_gui_app
from tests.servers import LiveServer, free_port


def wait(condition, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("hall_pictures: the display did not get there in time")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def display(url: str, token: str, connected: bool = True):
    window = create_window({"server_url": url, "token": token, "sound": False, "min_show_seconds": 3})
    window.resize(1920, 1080)
    window.show()
    if connected:
        wait(lambda: window.client.connected and window.office is not None)
    return window


def save(window, path: Path, settle: float = 0.5) -> None:
    end = time.monotonic() + settle  # the layout, the first paint, the call's first flash
    wait(lambda: time.monotonic() > end)
    window.grab().save(str(path))
    print(path)


def busy_morning(service: LiveServer, counters: int) -> None:
    kiosk, admin = service.client("kiosk"), service.client("admin")
    for i in range(counters + 6):
        kiosk.post("/tickets", json={"service": "transcript", **({"category": "elderly"} if i % 4 == 1 else {})})
    for n in [*range(1, counters + 1), 2, 1]:
        admin.post(f"/counters/{n}/next").raise_for_status()
    paused = 3 if counters == 3 else 5
    admin.post(f"/counters/{paused}/pause", json={"reason": "午休 12:30 回來"}).raise_for_status()


def main(out: str) -> None:
    out_dir = Path(out)
    ensure_gui_app(offscreen=True)
    tmp = Path(tempfile.mkdtemp(prefix="hall-pictures-"))
    office = load_office()
    more = tuple(Counter(n, Name(f"{n} 號櫃台", f"Counter {n}"), "general", clerk, ("general",))
                 for n, clerk in zip(range(4, 9), ("王小明", "李美華", "張家豪", "吳淑貞", "劉建國")))
    for name, office_, counters in (("busy", office, 3),
                                    ("eight-counters", dataclasses.replace(office, counters=office.counters + more), 8)):
        service = LiveServer(tmp / f"{name}.db", office=office_).start()
        window = display(service.url, service.token("display"))
        busy_morning(service, counters)
        last = service.client("admin").get("/state").json()["recent_calls"][0]["number"]
        wait(lambda: window.announcer.current is not None and window.announcer.current.number == last
             and window.latest._flashes <= 0, 60)
        save(window, out_dir / f"display-{name}.png")
        if name == "busy":
            service.stop()
            wait(lambda: not window.header.reconnecting.isHidden())
            save(window, out_dir / "display-reconnecting.png")
            service.start()
            window.client.stop()
            window = display(service.url, "not-a-token", connected=False)
            wait(lambda: window.pages.currentWidget() is window.message and window.auth_error is not None)
            save(window, out_dir / "display-token.png")
        window.client.stop()
        service.stop()
    window_module.SLOW_CONNECT_MS = 200
    window = display(f"http://127.0.0.1:{free_port()}", "t", connected=False)
    wait(lambda: window.slow)
    save(window, out_dir / "display-unreachable.png")
    window.client.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
