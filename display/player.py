"""The real player: QtMultimedia playing WAV files on the default sound output."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QLoggingCategory, QObject, QTimer, QUrl

# Loading QtMultimedia looks for FFmpeg's optional libraries (pipewire, VA-API) and reports
# each one missing; none of them matters for playing a WAV.
QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false")

from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer  # noqa: E402

from display.sound import Once


class QtPlayer(QObject):
    """Plays one file at a time. With no sound device it logs that once and reports each
    file as done at once, so the calls go on silently; a device plugged in later (a TV
    switched on after the computer) is used from the next call on."""

    def __init__(self, parent: QObject | None = None, once: Once | None = None):
        super().__init__(parent)
        self.once = once or Once()
        self._on_done: Callable[[], None] | None = None
        self._devices = QMediaDevices(self)
        self._output = QAudioOutput(self)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self._status)
        self._player.errorOccurred.connect(self._error)
        self._devices.audioOutputsChanged.connect(self._follow_default_device)
        self._follow_default_device()

    def play(self, path: Path, on_done: Callable[[], None]) -> None:
        if not QMediaDevices.audioOutputs():
            QTimer.singleShot(0, on_done)
            return
        self._on_done = on_done
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def _follow_default_device(self) -> None:
        """The hall shows a "no sound device" mark while there is none (Once's "sound-device")."""
        self._output.setDevice(QMediaDevices.defaultAudioOutput())
        if QMediaDevices.audioOutputs():
            self.once.clear("sound-device")
        else:
            self.once.warn("sound-device", "no sound output device; calls are shown without sound")

    def _status(self, status) -> None:
        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._finish()

    def _error(self, _error, message: str) -> None:
        self.once.warn("player", f"sound cannot be played: {message}")
        self._finish()

    def _finish(self) -> None:
        done, self._on_done = self._on_done, None
        if done is not None:
            done()
