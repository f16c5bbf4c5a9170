"""`queue-kiosk --config FILE`: the ticket kiosk, full screen.

`--screenshot PATH` draws the home screen once the office and the state are loaded (or
the fault screen once the service is found unreachable), saves it and exits; `--windowed`
for a window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget

from kiosk.config import KioskSettings
from shared.client import ServiceClient
from shared.qt.shell import Shell, window_size


def create_window(config, timings=None) -> QWidget:
    """The kiosk window with its started ServiceClient (`window.client`); not shown yet.
    `config`: KioskSettings, or a dict of them; `timings`: kiosk.window.Timings."""
    from kiosk.printing import PrintService
    from kiosk.window import KioskWindow, Timings

    config = KioskSettings.of(config)
    client = ServiceClient(config.server_url, config.token)
    printing = PrintService(config.printer, config.printer_profile or None, config.printer_mode or None)
    window = KioskWindow(client, config, printing, timings or Timings())
    client.start()
    return window


def main(argv: list[str] | None = None) -> int:
    shell = Shell("queue-kiosk", "Queue Hall ticket kiosk (取號機)", KioskSettings)
    shell.parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    shell.parser.add_argument("--size", metavar="WxH", default="1920x1080", type=window_size,
                              help="window size (windowed, screenshot)")
    settings = shell.start(argv)
    if settings is None:
        return 2
    window = create_window(settings)
    full_screen = settings.fullscreen and not shell.args.windowed and not shell.args.screenshot
    return shell.run(window, full_screen=full_screen, size=shell.args.size,
                     ready=lambda: bool(getattr(window, "ready", True)) and window.client.state is not None)


if __name__ == "__main__":
    sys.exit(main())
