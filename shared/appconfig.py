"""Configuration of a device app (kiosk, display, counter) from a TOML file and the
environment. `QUEUE_SERVER_URL`, `QUEUE_TOKEN`, `QUEUE_PRINTER` and `QUEUE_COUNTER` override the file,
or stand in for it when there is none (how a systemd unit or a test passes them)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from urllib.parse import urlparse

from shared.office import ConfigError

ENVIRONMENT = {"QUEUE_SERVER_URL": "server_url", "QUEUE_TOKEN": "token", "QUEUE_PRINTER": "printer",
               "QUEUE_COUNTER": "counter"}


def load_app_config(path: str | Path | None, defaults: dict, required=("server_url", "token")) -> dict:
    """The app's settings: `defaults`, then the file's, then the environment's."""
    config = dict(defaults)
    if path is not None:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: file not found") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: not valid TOML: {e}") from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: cannot read: {e}") from None
        unknown = set(data) - set(defaults) - set(ENVIRONMENT.values())
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(sorted(set(defaults) | set(ENVIRONMENT.values())))}")
        config.update(data)
    for env, key in ENVIRONMENT.items():
        if os.environ.get(env) and key in config:
            config[key] = os.environ[env]
            if key == "counter":
                try:
                    config[key] = int(config[key])
                except ValueError:
                    raise ConfigError(f"{env} must be a counter number, not {config[key]!r}") from None
    source = str(path) if path else "environment"
    for key in required:
        if not config.get(key):
            env = next(e for e, k in ENVIRONMENT.items() if k == key)
            raise ConfigError(f"{source}: '{key}' is not set (in the config file, or {env} in the environment)")
    if "server_url" in config and config["server_url"]:
        url = urlparse(str(config["server_url"]))
        if url.scheme not in ("http", "https") or not url.netloc:
            raise ConfigError(f"{source}: server_url {config['server_url']!r} must look like http://HOST:8600")
    if config.get("language", "zh-TW") not in ("zh-TW", "en"):
        raise ConfigError(f"{source}: language must be \"zh-TW\" or \"en\"")
    return config
