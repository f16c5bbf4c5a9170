"""The display's settings: a TOML file, with QUEUE_SERVER_URL and QUEUE_TOKEN from the
environment overriding it (or standing in for it when there is no file)."""

from __future__ import annotations

from pathlib import Path

from shared.appconfig import load_app_config
from shared.office import ConfigError

VOICES = ("espeak", "qt", "clips", "none")
SPEECH_LANGUAGES = ("zh-TW", "en")

DEFAULTS = {
    "server_url": "",
    "token": "",
    "sound": True,                  # chime and voice; false: the calls are only shown
    "voice": "espeak",              # espeak | qt | clips | none
    "languages": ["zh-TW"],         # spoken one after another, e.g. ["zh-TW", "en"]
    "clips_dir": "",                # for voice = "clips": a folder per language (see display/README.md)
    "min_show_seconds": 6,          # each call stays highlighted at least this long
    "announce_missed_minutes": 2,   # calls missed while disconnected are announced if this recent
    "fullscreen": True,
}


def load_config(path: str | Path | None) -> dict:
    """The checked settings; a ConfigError names the file and the setting that is wrong."""
    config = load_app_config(path, DEFAULTS)
    source = str(path) if path else "environment"

    def fail(what: str):
        raise ConfigError(f"{source}: {what}")

    for key in ("sound", "fullscreen"):
        if not isinstance(config[key], bool):
            fail(f"'{key}' must be true or false")
    for key in ("min_show_seconds", "announce_missed_minutes"):
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            fail(f"'{key}' must be a number of at least 0")
    if config["voice"] not in VOICES:
        fail(f"voice {config['voice']!r} must be one of {', '.join(VOICES)}")
    languages = config["languages"]
    if (not isinstance(languages, list) or not languages
            or not all(isinstance(lang, str) and lang.strip() for lang in languages)):
        fail('languages must list at least one language, e.g. ["zh-TW", "en"]')
    if config["voice"] == "clips":
        clips = Path(str(config["clips_dir"])).expanduser()
        if not config["clips_dir"] or not clips.is_dir():
            fail(f"voice = \"clips\" needs clips_dir, a folder with one sub-folder per language "
                 f"(clips_dir = {config['clips_dir']!r})")
        for lang in languages:
            if not (clips / lang).is_dir():
                fail(f"clips_dir {str(clips)!r} has no folder {lang!r} for that language")
    elif config["voice"] != "none":
        others = [lang for lang in languages if lang not in SPEECH_LANGUAGES]
        if others:
            fail(f"voice {config['voice']!r} speaks only {' and '.join(SPEECH_LANGUAGES)}; "
                 f"{', '.join(others)} needs voice = \"clips\"")
    return config
