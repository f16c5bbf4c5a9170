"""`queue-counter`: the clerk's window on the desk beside the household-registration system.

    queue-counter --config counter.toml
    QUEUE_SERVER_URL=http://server:8600 QUEUE_TOKEN=... queue-counter --counter 2
    queue-counter --config counter.toml --screenshot counter.png
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QWidget

from counter_client.config import checked, load_config
from counter_client.window import CounterWindow
from shared.client import ServiceClient
from shared.office import ConfigError
from shared.qtfonts import ensure_gui_app

SCREENSHOT_WAIT_MS = 10_000


def create_window(config: dict) -> QWidget:
    """The counter window with its started ServiceClient (window.client), not shown yet."""
    config = checked(config)
    client = ServiceClient(config["server_url"], config["token"])
    window = CounterWindow(client, config)
    client.setParent(window)
    client.start()
    return window


def ready(window: CounterWindow) -> bool:
    """Everything the window shows has come in, or there is a fault to show."""
    client = window.client
    return window.fault is not None or (client.connected and client.office is not None
                                        and window.stats is not None and window.identity_checked)


def save_screenshot(window: CounterWindow, path: str, app) -> None:
    """Once the window has what it shows (or after SCREENSHOT_WAIT_MS, showing the fault),
    save it to `path` and quit."""
    waited = QElapsedTimer()
    waited.start()

    def check():
        if not ready(window) and waited.elapsed() < SCREENSHOT_WAIT_MS:
            return
        timer.stop()
        window.refresh()
        if window.grab().save(path):
            app.exit(0)
        else:
            print(f"queue-counter: cannot save the screenshot to {path}", file=sys.stderr)
            app.exit(1)

    timer = QTimer(window, interval=100, timeout=check)
    timer.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="queue-counter", description="The clerk's counter window.")
    parser.add_argument("--config", metavar="FILE", help="TOML: server_url, token, counter, language, on_top")
    parser.add_argument("--counter", type=int, metavar="N", help="the counter number (overrides the file)")
    parser.add_argument("--screenshot", metavar="PATH", help="save the window as PNG once loaded, then exit")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config, args.counter)
    except ConfigError as e:
        print(f"queue-counter: {e}", file=sys.stderr)
        return 2
    app = ensure_gui_app(offscreen=bool(args.screenshot))
    window = create_window(config)
    window.show()
    if args.screenshot:
        save_screenshot(window, args.screenshot, app)
    code = app.exec()
    window.client.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
