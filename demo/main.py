"""`queue-demo`: the whole office on one machine.

    queue-demo                       service, kiosk, hall display and three counters in windows
    queue-demo --headless --out DIR  the same offscreen, through a scripted morning, writing
                                     screenshots of every app and the printed tickets to DIR

The service runs as a child process on `demo-data/queue.db` (kept between runs, with the
device tokens in `demo-data/tokens.json`); the kiosk prints to `preview:demo-data/tickets`.
Closing any window of the demo (or Ctrl+C) stops everything.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from demo.office import DemoError, ServiceProcess, device_tokens, free_port, port_free
from shared.office import ConfigError, load_office
from shared.qtfonts import ensure_gui_app

DEFAULT_PORT = 8600


def has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform != "linux"


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


def arrange(windows: dict, app) -> None:
    """Display top left, kiosk on the right, the counters along the bottom."""
    screen = app.primaryScreen().availableGeometry()
    w, h = screen.width(), screen.height()
    display_w = int(w * 0.62)
    windows["display"].setGeometry(screen.x(), screen.y(), display_w, int(display_w * 9 / 16))
    counters = [win for name, win in windows.items() if name.startswith("counter-")]
    counter_h = max(win.sizeHint().height() for win in counters) + 40
    windows["kiosk"].setGeometry(screen.x() + display_w + 8, screen.y(), w - display_w - 8, h - counter_h - 8)
    for i, win in enumerate(counters):
        win.move(screen.x() + i * (win.width() + 8), screen.y() + h - counter_h)
    for win in windows.values():
        win.show()


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
    print(f"queue-demo: service on {service.url} (database {data / 'queue.db'}, API page {service.url}/docs)")
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
        signal.signal(signal.SIGINT, lambda *_: app.quit())
        keep_python_awake(app)
        return app.exec()
    finally:
        service.stop()


class QuitOnClose(QObject):
    """Closing any window of the demo ends the demo."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Close:
            QCoreApplication.quit()
        return False


def keep_python_awake(app) -> None:
    """Let Python see Ctrl+C while Qt's loop runs."""
    timer = QTimer(app, interval=250)
    timer.timeout.connect(lambda: None)
    timer.start()


if __name__ == "__main__":
    sys.exit(main())
