"""`queue-display`: the hall display.

    queue-display --config display.toml            full screen on the hall's TV
    queue-display --windowed                        in a window (QUEUE_SERVER_URL, QUEUE_TOKEN set)
    queue-display --screenshot hall.png             draw once the state has come, save, exit
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from PySide6.QtCore import Qt, QTimer

from display.announcer import Announcer
from display.config import DEFAULTS, load_config
from display.sound import Once, SafePlayer, Speaker
from display.voice import make_voice
from display.window import DESIGN, DisplayWindow
from shared.client import ServiceClient
from shared.office import ConfigError
from shared.qtfonts import ensure_gui_app

SCREENSHOT_WAIT_MS = 10000


def make_speaker(config: dict, parent, player=None) -> Speaker | None:
    """The chime and the configured voice on `player` (by default the sound card), or
    None when sound is off."""
    if not config["sound"]:
        return None
    once = Once()
    if player is None:
        from display.player import QtPlayer  # QtMultimedia only when there is sound

        player = QtPlayer(parent, once)
    player = SafePlayer(player, once)  # the voice plays through it too
    return Speaker(player, make_voice(config, player, once, parent), parent, once)


def create_window(config: dict, player=None) -> DisplayWindow:
    """The display for `config` (as load_config gives it; settings left out take their
    defaults), its client started; not shown. `player` replaces the sound card (tests
    pass a fake that records what it plays)."""
    config = {**DEFAULTS, **config}
    client = ServiceClient(config["server_url"], config["token"])
    announcer = Announcer(None, config["min_show_seconds"])
    window = DisplayWindow(client, announcer, config)
    client.setParent(window)
    announcer.setParent(window)
    announcer.speaker = make_speaker(config, window, player)
    client.start()
    return window


def save_screenshot(window: DisplayWindow, path: str, app) -> None:
    """Saves the screen once the first state has come (or the service refused the token,
    or SCREENSHOT_WAIT_MS passed: then it shows why), then quits."""

    def save():
        if not window.grab().save(path):
            print(f"queue-display: cannot write the screenshot {path}", file=sys.stderr)
            app.exit(1)
            return
        app.exit(0)

    def soon():
        QTimer.singleShot(300, window, save)  # let the layout and the first paint settle

    def ready(*_):
        if waiting.isActive():
            waiting.stop()
            soon()

    waiting = QTimer(window, singleShot=True, interval=SCREENSHOT_WAIT_MS, timeout=soon)
    window.client.snapshot.connect(ready)
    window.client.authFailed.connect(ready)
    waiting.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="queue-display", description="The hall display of Queue Hall.")
    parser.add_argument("--config", help="TOML settings (QUEUE_SERVER_URL and QUEUE_TOKEN override them)")
    parser.add_argument("--screenshot", metavar="PATH", help="save the screen as PNG once it has the state, then exit")
    parser.add_argument("--windowed", action="store_true", help="a 1920x1080 window instead of full screen")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s queue-display %(levelname)s %(message)s")
    try:
        config = load_config(args.config)
    except ConfigError as e:
        print(f"queue-display: {e}", file=sys.stderr)
        return 2

    app = ensure_gui_app(offscreen=bool(args.screenshot))
    if args.screenshot:
        config = {**config, "sound": False}
    window = create_window(config)
    if args.screenshot:
        window.resize(*DESIGN)
        save_screenshot(window, args.screenshot, app)
        code = app.exec()
    else:
        if config["fullscreen"] and not args.windowed:
            window.setCursor(Qt.CursorShape.BlankCursor)  # no pointer in the middle of the hall's TV
            window.showFullScreen()
        else:
            window.resize(*DESIGN)
            window.show()
        quit_on_signals(app, window)
        code = app.exec()
    window.client.stop()
    return code


def quit_on_signals(app, window) -> None:
    """SIGTERM (systemd stopping the display) and Ctrl+C end the event loop cleanly."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    # Python handles a signal only when it runs; this timer lets it run twice a second.
    QTimer(window, interval=500, timeout=lambda: None).start()


if __name__ == "__main__":
    sys.exit(main())
