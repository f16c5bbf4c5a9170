"""`queue-kiosk --config FILE`: the ticket kiosk, full screen.

`--screenshot PATH` draws the home screen once the office is loaded (or the fault screen
after about 10 s without the service), saves it and exits; `--windowed` for a window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from kiosk.config import check_config, load_config
from shared.client import ServiceClient
from shared.office import ConfigError
from shared.qtfonts import ensure_gui_app

SCREENSHOT_WAIT_MS = 10_500


def create_window(config: dict) -> QWidget:
    """The kiosk window with its started ServiceClient (`window.client`); not shown yet."""
    from kiosk.printing import PrintService
    from kiosk.window import KioskWindow

    config = check_config(config)
    ensure_gui_app()
    client = ServiceClient(config["server_url"], config["token"])
    printing = PrintService(config["printer"], config["printer_profile"] or None, config["printer_mode"] or None)
    window = KioskWindow(client, config, printing)
    client.start()
    return window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="queue-kiosk", description="Queue Hall ticket kiosk (取號機)")
    parser.add_argument("--config", metavar="FILE", help="kiosk settings (TOML)")
    parser.add_argument("--screenshot", metavar="PATH", help="save the home screen as PNG and exit")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument("--size", metavar="WxH", default="1920x1080", help="window size (windowed, screenshot)")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ConfigError as e:
        print(f"queue-kiosk: {e}", file=sys.stderr)
        return 2
    except ValueError:
        print(f"queue-kiosk: --size must look like 1920x1080, not {args.size!r}", file=sys.stderr)
        return 2
    app = ensure_gui_app(offscreen=bool(args.screenshot))
    window = create_window(config)
    if args.screenshot:
        window.resize(width, height)
        window.show()

        def save():
            if window.isVisible():
                window.grab().save(args.screenshot)
                window.close()
                app.quit()

        def when_ready(*_):
            if window.ready:
                QTimer.singleShot(300, save)  # let the home screen lay itself out

        window.client.officeLoaded.connect(when_ready)
        window.client.snapshot.connect(when_ready)
        QTimer.singleShot(SCREENSHOT_WAIT_MS, save)
        app.exec()
        return 0
    if args.windowed or not config["fullscreen"]:
        window.resize(width, height)
        window.show()
    else:
        window.showFullScreen()
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
