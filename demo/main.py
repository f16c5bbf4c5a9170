"""`queue-demo`: the whole office on one machine.

    queue-demo                       service, kiosk, hall display and three counters in windows
    queue-demo --headless --out DIR  the same offscreen, through a scripted morning, writing
                                     screenshots of every app and the printed tickets to DIR

The service runs as a child process on `demo-data/queue.db` (kept between runs, with the
device tokens in `demo-data/tokens.json`); the kiosk prints to `preview:demo-data/tickets`.
The demo restarts the service when it dies (the apps reconnect by themselves). Closing any
window of the demo, Ctrl+C, SIGTERM or SIGHUP stop everything; the service also dies with
the demo if the demo is killed outright. The windows are laid out inside the screen:
the hall display top left, the kiosk beside it, the counters along the bottom.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, QTimer

from demo.office import DemoError, ServiceProcess, device_tokens, free_port, port_free
from shared.office import ConfigError, load_office
from shared.qt.fonts import ensure_gui_app
from shared.qt.shell import quit_on_signals

DEFAULT_PORT = 8600
SUPERVISE_MS = 500      # how often the demo looks whether its service still runs
GAP = 8                 # between windows
TITLE, BORDER = 34, 4   # room a window manager's title bar and border may take around a window


def has_screen() -> bool:
    return (bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform != "linux"
            or os.environ.get("QT_QPA_PLATFORM") == "offscreen")


def app_configs(url: str, tokens: dict, data: Path, headless: bool) -> dict:
    base = {"server_url": url, "fullscreen": False}
    configs = {
        "kiosk": {**base, "token": tokens["kiosk"], "printer": f"preview:{data / 'tickets'}"},
        # Offscreen there is no sound card: the headless run shows calls without sound.
        "display": {**base, "token": tokens["display"], "sound": not headless, "voice": "espeak",
                    "languages": ["zh-TW"], "min_show_seconds": 1 if headless else 5},
    }
    for c in load_office().counters:
        configs[f"counter-{c.number}"] = {**base, "token": tokens[f"counter-{c.number}"], "counter": c.number,
                                          "on_top": False}
    return configs


def open_windows(configs: dict) -> dict:
    """The apps, built in this process through their create_window()."""
    from counter_client.main import create_window as counter_window
    from display.config import DEFAULTS as DISPLAY_DEFAULTS
    from display.main import create_window as display_window
    from kiosk.main import create_window as kiosk_window

    windows = {"display": display_window({**DISPLAY_DEFAULTS, **configs["display"]}),
               "kiosk": kiosk_window(configs["kiosk"])}
    for name, config in configs.items():
        if name.startswith("counter-"):
            windows[name] = counter_window({"language": "zh-TW", **config})
    return windows


def layout(screen: QRect, counter: QSize, counters: int) -> dict[str, QRect]:
    """The windows' rectangles (inside their frames) on `screen` (its available part):
    the counters along the bottom at their size (narrower if they do not fit side by
    side), the hall display top left in 16:9, the kiosk beside it. Frames included, every
    window is inside the screen and none covers another."""
    frame_w, frame_h = 2 * BORDER, TITLE + BORDER
    counter_w = min(counter.width(), (screen.width() - (counters - 1) * GAP) // max(counters, 1) - frame_w)
    counter_top = screen.bottom() + 1 - counter.height() - BORDER
    rects = {f"counter-{i + 1}": QRect(screen.x() + BORDER + i * (counter_w + frame_w + GAP), counter_top,
                                       counter_w, counter.height()) for i in range(counters)}
    top_h = counter_top - TITLE - GAP - screen.y() - frame_h
    display_w = min(int(screen.width() * 0.62), top_h * 16 // 9)
    rects["display"] = QRect(screen.x() + BORDER, screen.y() + TITLE, display_w, display_w * 9 // 16)
    kiosk_x = rects["display"].right() + 1 + frame_w + GAP
    rects["kiosk"] = QRect(kiosk_x, screen.y() + TITLE, screen.right() + 1 - BORDER - kiosk_x, top_h)
    return rects


def arrange(windows: dict, app) -> None:
    screen = app.primaryScreen().availableGeometry()
    counters = [win for name, win in windows.items() if name.startswith("counter-")]
    hint = QSize(max(win.sizeHint().width() for win in counters), max(win.sizeHint().height() for win in counters))
    for name, rect in layout(screen, hint, len(counters)).items():
        windows[name].setGeometry(rect)
        windows[name].show()


def supervise(service: ServiceProcess, app) -> QTimer:
    """Starts the service again whenever it dies."""

    def check():
        code = service.exit_code()
        if code is not None:
            service.start(wait=False)
            print(f"queue-demo: the queue service stopped (exit status {code}); started it again "
                  f"(pid {service.pid})", flush=True)

    timer = QTimer(app, interval=SUPERVISE_MS, timeout=check)
    timer.start()
    return timer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="queue-demo", description="Queue Hall: the whole office on this machine")
    parser.add_argument("--data", default="demo-data", help="folder for the database, tokens and tickets")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--headless", action="store_true", help="offscreen, through a scripted morning")
    parser.add_argument("--out", help="with --headless: where to write the screenshots and tickets")
    args = parser.parse_args(argv)
    if args.headless and not args.out:
        parser.error("--headless needs --out DIR")

    if not args.headless and not has_screen():
        print("queue-demo: no screen here (DISPLAY and WAYLAND_DISPLAY are not set). To see the system "
              "offscreen, run: queue-demo --headless --out demo-shots", file=sys.stderr)
        return 2
    data = Path(args.data).resolve()
    if args.headless:
        # A scripted morning starts from an empty office.
        data = Path(args.out).resolve() / "data"
        if data.exists():
            import shutil
            shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    port = args.port
    if not port_free(port):
        port = free_port()
        print(f"queue-demo: port {args.port} is taken; using {port}")
    try:
        tokens = device_tokens(data)
        service = ServiceProcess(data, port).start()
    except (DemoError, ConfigError, OSError) as e:
        print(f"queue-demo: {e}", file=sys.stderr)
        return 1
    print(f"queue-demo: service on {service.url} (pid {service.pid}, database {data / 'queue.db'}, "
          f"API page {service.url}/docs)", flush=True)
    try:
        app = ensure_gui_app(offscreen=args.headless)
        windows = open_windows(app_configs(service.url, tokens, data, args.headless))
        if args.headless:
            from demo.morning import run_morning

            return run_morning(app, windows, Path(args.out).resolve(), data)
        arrange(windows, app)
        app.setQuitOnLastWindowClosed(False)
        closer = QuitOnClose(app)
        for win in windows.values():
            win.installEventFilter(closer)
        restore = quit_on_signals(app)  # SIGTERM, SIGINT
        signal.signal(signal.SIGHUP, lambda *_: app.quit())  # the terminal closed
        supervise(service, app)
        code = app.exec()
        restore()
        for win in windows.values():
            win.client.stop()
        return code
    finally:
        service.stop()


class QuitOnClose(QObject):
    """Closing any window of the demo ends the demo."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Close:
            QCoreApplication.quit()
        return False


if __name__ == "__main__":
    sys.exit(main())
