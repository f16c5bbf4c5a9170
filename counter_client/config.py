"""The counter client's settings: a TOML file, the environment and the command line."""

from __future__ import annotations

from shared.appconfig import load_app_config
from shared.office import ConfigError

DEFAULTS = {"server_url": "", "token": "", "counter": None, "language": "zh-TW", "on_top": True}


def load_config(path: str | None, counter: int | None = None) -> dict:
    """Defaults, then the file, then QUEUE_SERVER_URL / QUEUE_TOKEN, then `counter`."""
    config = load_app_config(path, DEFAULTS)
    if counter is not None:
        config["counter"] = counter
    return checked(config, str(path) if path else "environment")


def checked(config: dict, source: str = "config") -> dict:
    """The settings with defaults filled in, or ConfigError saying what is wrong."""
    config = {**DEFAULTS, **config}
    for key in ("server_url", "token"):
        if not config[key]:
            raise ConfigError(f"{source}: '{key}' is not set")
    counter = config["counter"]
    if counter is None:
        raise ConfigError(f"{source}: 'counter' is not set (counter = N in the config file, or --counter N)")
    if isinstance(counter, bool) or not isinstance(counter, int) or counter < 1:
        raise ConfigError(f"{source}: counter must be a whole number from 1, not {counter!r}")
    if config["language"] not in ("zh-TW", "en"):
        raise ConfigError(f"{source}: language must be \"zh-TW\" or \"en\"")
    if not isinstance(config["on_top"], bool):
        raise ConfigError(f"{source}: on_top must be true or false")
    return config
