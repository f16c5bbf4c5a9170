"""Sound for one call: the chime, then the voice, through a player that may fail.

A player is anything with `play(path, on_done)`: it plays one WAV file and calls
`on_done()` when it has finished, failed or cannot play at all. The real one is
`display.player.QtPlayer`; tests use a fake that records what it was given.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Callable, Protocol

from PySide6.QtCore import QObject, QTimer

from display.chime import write_chime

log = logging.getLogger("queue.display")

# However long a voice takes, after this the display goes on to the next call.
SOUND_LIMIT_MS = 45000


class Player(Protocol):
    def play(self, path: Path, on_done: Callable[[], None]) -> None: ...


class Once:
    """Logs each distinct problem once: a display runs for months, and a missing sound
    device must not write a line per call. `clear` re-arms it when the problem is gone."""

    def __init__(self):
        self.seen: set[str] = set()

    def warn(self, key: str, message: str) -> None:
        if key not in self.seen:
            self.seen.add(key)
            log.warning(message)

    def clear(self, key: str) -> None:
        if key in self.seen:
            self.seen.discard(key)
            log.info("%s: working again", key)


class SafePlayer:
    """A player whose failures are logged once and end the sound instead of the display."""

    def __init__(self, player: Player, once: Once):
        self.player = player
        self.once = once

    def play(self, path: Path, on_done: Callable[[], None]) -> None:
        try:
            self.player.play(path, on_done)
        except Exception as e:  # noqa: BLE001 - any player failure must leave the display running
            self.once.warn("player", f"sound cannot be played ({type(e).__name__}: {e}); "
                                     "calls are shown without sound")
            QTimer.singleShot(0, on_done)


def play_in_turn(player: Player, paths: list[Path], on_done: Callable[[], None]) -> None:
    """Play the files one after another, then call on_done."""
    if not paths:
        on_done()
        return
    player.play(paths[0], lambda: play_in_turn(player, paths[1:], on_done))


class Speaker(QObject):
    """Announces one call: the chime, then the voice; `on_done` comes exactly once."""

    def __init__(self, player: Player, voice, parent: QObject | None = None,
                 once: Once | None = None, limit_ms: int = SOUND_LIMIT_MS):
        super().__init__(parent)
        self.once = once or Once()
        self.player = player if isinstance(player, SafePlayer) else SafePlayer(player, self.once)
        self.voice = voice
        self._files = tempfile.TemporaryDirectory(prefix="queue-display-")
        self.chime = write_chime(Path(self._files.name) / "chime.wav")
        self._turn = 0
        self._on_done: Callable[[], None] | None = None
        self._limit = QTimer(self, singleShot=True, interval=limit_ms, timeout=self._too_long)

    def announce(self, call, on_done: Callable[[], None]) -> None:
        self._turn += 1
        turn = self._turn
        self._on_done = on_done
        self._limit.start()

        def finished():
            if turn == self._turn and self._on_done is not None:
                self._limit.stop()
                done, self._on_done = self._on_done, None
                done()

        def speak():
            try:
                self.voice.say(call, finished)
            except Exception as e:  # noqa: BLE001 - a broken voice must not stop the calls
                self.once.warn("voice", f"the voice failed ({type(e).__name__}: {e}); calls are only chimed")
                finished()

        self.player.play(self.chime, speak)

    def _too_long(self) -> None:
        self.once.warn("sound-limit", f"a call's sound did not finish within {self._limit.interval() // 1000} s; "
                                      "going on with the next call")
        self._turn += 1
        done, self._on_done = self._on_done, None
        if done is not None:
            done()
