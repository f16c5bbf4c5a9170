"""`queue-display`: the hall display.

    queue-display --config display.toml            full screen on the hall's TV
    queue-display --windowed                        in a window (QUEUE_SERVER_URL, QUEUE_TOKEN set)
    queue-display --screenshot hall.png             draw once the state has come, save, exit
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from display.announcer import Announcer
from display.config import DisplaySettings
from display.sound import Once, SafePlayer, Speaker
from display.voice import make_voice
from display.window import DESIGN, DisplayWindow
from shared.client import ServiceClient
from shared.qt.shell import Shell


def make_speaker(config, parent, player=None) -> Speaker | None:
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


def create_window(config, player=None) -> DisplayWindow:
    """The display for `config` (DisplaySettings, or a dict of them: settings left out
    take their defaults), its client started; not shown. `player` replaces the sound card
    (tests pass a fake that records what it plays)."""
    config = DisplaySettings.of(config)
    client = ServiceClient(config.server_url, config.token)
    announcer = Announcer(None, config.min_show_seconds)
    window = DisplayWindow(client, announcer, config)
    client.setParent(window)
    announcer.setParent(window)
    announcer.speaker = make_speaker(config, window, player)
    client.start()
    return window


def main(argv: list[str] | None = None) -> int:
    shell = Shell("queue-display", "The hall display of Queue Hall.", DisplaySettings)
    shell.parser.add_argument("--windowed", action="store_true", help="a 1920x1080 window instead of full screen")
    settings = shell.start(argv)
    if settings is None:
        return 2
    if shell.args.screenshot:
        settings = settings.model_copy(update={"sound": False})
    window = create_window(settings)
    full_screen = settings.fullscreen and not shell.args.windowed and not shell.args.screenshot
    if full_screen:
        window.setCursor(Qt.CursorShape.BlankCursor)  # no pointer in the middle of the hall's TV
    return shell.run(window, full_screen=full_screen, size=DESIGN)


if __name__ == "__main__":
    sys.exit(main())
