"""`queue-rating`: the citizen-facing rating pad at a counter (a 7–10 inch touch screen, or
the counter PC's second monitor), full screen.

    QUEUE_SERVER_URL=http://server:8600 QUEUE_TOKEN=... queue-rating
    queue-rating --config /etc/queue-hall/rating.toml
    queue-rating --config rating.toml --screenshot docs/rating-thanks.png --screen thanks --service birth

The token is a `rating` token bound to the counter (`queue-server token create --role
rating --counter 2`); `--counter N` or QUEUE_COUNTER only checks it. Keys, for a keypad
or a five-button box that types digits: 5 非常滿意 (very satisfied), 4 滿意, 3 普通,
2 不滿意, 1 非常不滿意 (very unsatisfied); on the reasons screen Enter sends, Esc skips.

`--screen` with `--screenshot` shows one screen as after a ticket of `--service` was
completed at this counter (nothing is sent): idle, question, reasons (one chosen) or
thanks (with the service's next steps).
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication

from counter_client.rating.config import RatingSettings
from counter_client.rating.flow import IDLE, SCREENS
from counter_client.rating.window import RatingWindow
from shared.client import ServiceClient
from shared.qt.shell import Shell, window_size


def create_window(settings) -> RatingWindow:
    """The pad's window with its started ServiceClient (window.client), not shown yet.
    `settings`: RatingSettings, or a dict of them (a test's, the demo's)."""
    if not isinstance(settings, RatingSettings):
        settings = RatingSettings.load(None, dict(settings))
    client = ServiceClient(settings.server_url, settings.token)
    window = RatingWindow(client, settings)
    client.setParent(window)
    client.start()
    return window


def place(window: RatingWindow, monitor: int | None) -> None:
    """On the given monitor (the counter PC's second one), when there is such a monitor."""
    screens = QGuiApplication.screens()
    if monitor is not None and monitor < len(screens):
        window.setScreen(screens[monitor])
        window.move(screens[monitor].geometry().topLeft())


def main(argv: list[str] | None = None) -> int:
    shell = Shell("queue-rating", "The citizen's rating pad at a counter (滿意度評分器).", RatingSettings)
    shell.parser.add_argument("--counter", type=int, metavar="N",
                              help="check that the token is this counter's (an administrator's token needs it)")
    shell.parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    shell.parser.add_argument("--size", metavar="WxH", default="1280x800", type=window_size,
                              help="window size (windowed, screenshot)")
    shell.parser.add_argument("--screen", choices=SCREENS, default=IDLE,
                              help="with --screenshot: the screen to save")
    shell.parser.add_argument("--service", default="birth",
                              help="with --screen: the service just completed (default: birth)")
    settings = shell.start(argv, lambda args: {"counter": args.counter})
    if settings is None:
        return 2
    args = shell.args
    window = create_window(settings)
    place(window, settings.monitor)
    shown = {"screen": False}

    def ready() -> bool:
        if not window.ready():
            return False
        if not shown["screen"]:
            window.preview(args.screen, args.service)
            shown["screen"] = True
        return True

    full_screen = settings.fullscreen and not args.windowed and not args.screenshot
    return shell.run(window, full_screen=full_screen, size=args.size,
                     ready=ready if args.screenshot else None)


if __name__ == "__main__":
    sys.exit(main())
