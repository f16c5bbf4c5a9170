"""A scripted morning in the office, played on the real apps offscreen: citizens touch the
kiosk, clerks press their keys, and the screens are saved along the way.

Writes to OUT: kiosk-*.png, display-*.png, counter-N-*.png, tickets/ (the printed tickets,
PNG and ESC/POS bytes, from the kiosk's preview printer) and morning.json (what was done,
and the service's state at the end).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from demo.office import DemoError

KIOSK_PAUSE_S = 1.7  # the kiosk takes one ticket per touch: it ignores touches for 1.5 s after one
SIZES = {"display": (1920, 1080), "kiosk": (1920, 1080)}

# Who comes in, in order: (service, category or None).
CITIZENS = [
    ("birth", None), ("transcript", None), ("id_card", "elderly"), ("move", None),
    ("transcript", "infant"), ("seal", None), ("passport", None), ("marriage", None),
    ("certificate", "disabled"), ("house_number", None), ("registration", "pregnant"), ("transcript", None),
]
KEYS = {"next": Qt.Key.Key_F1, "recall": Qt.Key.Key_F2, "no_show": Qt.Key.Key_F3, "complete": Qt.Key.Key_F4}


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def wait_until(condition, what: str, timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise DemoError(f"scripted morning: {what} did not happen within {timeout_s:.0f} s")
        QCoreApplication.processEvents()
        time.sleep(0.01)


class Morning:
    def __init__(self, windows: dict, out: Path, tickets: Path):
        self.windows = windows
        self.out = out
        self.tickets = tickets
        self.kiosk = windows["kiosk"]
        self.display = windows["display"]
        self.done: list[str] = []

    def state(self) -> dict:
        return self.display.client.state or {}

    def counter(self, n: int) -> dict:
        return next(c for c in self.state().get("counters", []) if c["number"] == n)

    def shot(self, window: QWidget, name: str) -> None:
        pump(0.4)  # let the last change lay out and paint
        path = self.out / f"{name}.png"
        if not window.grab().save(str(path)):
            raise DemoError(f"cannot write {path}")
        self.done.append(f"screenshot {path.name}")

    # ----- citizens at the kiosk ---------------------------------------------------------------

    def touch(self, name: str) -> None:
        tile = self.kiosk.findChild(QWidget, name)
        if tile is None or not tile.isVisible():
            raise DemoError(f"scripted morning: the kiosk shows no '{name}'")
        QTest.mouseClick(tile, Qt.MouseButton.LeftButton)

    def printed(self) -> int:
        return len(list(self.tickets.glob("*.png")))

    def take_ticket(self, service: str, category: str | None, shots: bool = False) -> None:
        before = self.printed()
        if category:
            self.touch(f"category-{category}")
            if shots:
                self.shot(self.kiosk, "kiosk-care")
            self.touch(f"care-service-{service}")
        else:
            self.touch(f"service-{service}")
        wait_until(lambda: self.printed() == before + 1, f"the ticket for {service} printed")
        self.done.append(f"kiosk: {service}" + (f" ({category})" if category else ""))
        if shots:
            self.shot(self.kiosk, "kiosk-confirmation" if not category else "kiosk-confirmation-care")
        self.touch("done")
        pump(KIOSK_PAUSE_S)

    # ----- clerks at their counters ------------------------------------------------------------

    def press(self, n: int, action: str, body: dict | None = None) -> None:
        """A clerk's key (or, for actions that ask in a dialog, what the dialog sends)."""
        window = self.windows[f"counter-{n}"]
        wait_until(lambda: window.can(action), f"counter {n} ready for {action}")
        seq = self.state().get("seq", 0)
        if action in KEYS:
            QTest.keyClick(window, KEYS[action])
        else:
            window.send(action, body)
        wait_until(lambda: self.state().get("seq", 0) > seq and not window.busy, f"counter {n}: {action}")
        ticket = self.counter(n)["ticket"]
        self.done.append(f"counter {n}: {action}" + (f" -> {ticket['number']}" if ticket else ""))

    # ----- the script --------------------------------------------------------------------------

    def play(self) -> None:
        wait_until(lambda: all(w.client.connected and w.client.office for w in self.windows.values()),
                   "every app connected to the service", 30)
        pump(1)
        self.shot(self.kiosk, "kiosk-home")
        for i, (service, category) in enumerate(CITIZENS):
            self.take_ticket(service, category, shots=i in (0, 2))
        self.press(1, "next")      # the care counter takes a care ticket first
        self.press(2, "next")
        self.press(3, "next")
        self.press(2, "recall")    # nobody came: call again
        self.press(3, "no_show")   # still nobody: no-show
        self.press(3, "next")
        self.press(1, "complete")
        self.press(1, "next")
        self.press(2, "next")
        self.press(3, "pause", {"reason": "會議 Meeting"})
        # The display shows the calls one after another; wait until the last one is up.
        wait_until(lambda: not self.display.announcer.pending, "the display announced every call", 60)
        self.shot(self.display, "display-busy")
        for n in (1, 2, 3):
            self.shot(self.windows[f"counter-{n}"], f"counter-{n}")
        self.shot(self.kiosk, "kiosk-home-later")


def run_morning(app, windows: dict, out: Path, data: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, (w, h) in SIZES.items():
        windows[name].resize(w, h)
    for window in windows.values():
        window.show()
    morning = Morning(windows, out, data / "tickets")
    try:
        morning.play()
    except DemoError as e:
        print(f"queue-demo: {e}")
        return 1
    finally:
        for window in windows.values():
            window.client.stop()
            window.close()
    shutil.copytree(data / "tickets", out / "tickets", dirs_exist_ok=True)
    (out / "morning.json").write_text(json.dumps({"done": morning.done, "state": morning.state()},
                                                 ensure_ascii=False, indent=2))
    print(f"queue-demo: {len(morning.done)} steps; screenshots and tickets in {out}")
    return 0
