"""The hall display's settings: its TOML file, then QUEUE_SERVER_URL / QUEUE_TOKEN."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, NonNegativeFloat, model_validator

from shared.settings import AppSettings

SPEECH_LANGUAGES = ("zh-TW", "en")  # what espeak and Qt's voice speak; other languages need clips


class DisplaySettings(AppSettings):
    sound: bool = True                          # chime and voice; false: the calls are only shown
    voice: Literal["espeak", "qt", "clips", "none"] = "espeak"
    languages: list[str] = Field(default_factory=lambda: ["zh-TW"], min_length=1)  # spoken in turn
    clips_dir: str = ""                         # for voice = "clips": a folder per language (display/README.md)
    min_show_seconds: NonNegativeFloat = 6      # each call stays highlighted at least this long
    repeat: int = Field(2, ge=1, le=5)          # each call is spoken this many times
    letters: dict[str, str] = Field(default_factory=dict)  # how the voice reads letters, e.g. { A = "欸" }
    announce_missed_minutes: NonNegativeFloat = 2  # calls missed while disconnected are announced if this recent
    fullscreen: bool = True

    @model_validator(mode="after")
    def _voice_speaks_the_languages(self):
        if any(not lang.strip() for lang in self.languages):
            raise ValueError('languages must list languages, e.g. ["zh-TW", "en"]')
        if self.voice == "clips":
            clips = Path(self.clips_dir).expanduser()
            if not self.clips_dir or not clips.is_dir():
                raise ValueError(f"voice = \"clips\" needs clips_dir, a folder with one sub-folder per "
                                 f"language (clips_dir = {self.clips_dir!r})")
            for lang in self.languages:
                if not (clips / lang).is_dir():
                    raise ValueError(f"clips_dir {str(clips)!r} has no folder {lang!r} for that language")
        elif self.voice != "none":
            others = [lang for lang in self.languages if lang not in SPEECH_LANGUAGES]
            if others:
                raise ValueError(f"voice {self.voice!r} speaks only {' and '.join(SPEECH_LANGUAGES)}; "
                                 f"{', '.join(others)} needs voice = \"clips\"")
        return self


DEFAULTS = DisplaySettings.defaults()


def load_config(path: str | Path | None) -> DisplaySettings:
    """The checked settings; a ConfigError names the file and the setting that is wrong."""
    return DisplaySettings.load(path)
