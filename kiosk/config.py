"""The kiosk's settings: TOML file, then QUEUE_SERVER_URL / QUEUE_TOKEN / QUEUE_PRINTER."""

from __future__ import annotations

from pathlib import Path

from printers.errors import PrinterError
from printers.printer import MODES
from printers.urls import parse_url
from shared.appconfig import load_app_config
from shared.office import ConfigError

DEFAULTS = {
    "server_url": "",
    "token": "",
    # A printer address, e.g. "usb:04b8:0202", "tcp://192.168.1.50:9100", "preview:/folder".
    # No default: a kiosk that silently prints nowhere would tell citizens to take a ticket.
    "printer": "",
    "printer_profile": "",   # "": the printer package's default
    "printer_mode": "",      # "raster" or "native"; "": chosen by the printer package
    "idle_seconds": 30,      # back to the start, in Chinese, after this long without a touch
    "confirm_seconds": 8,    # how long the confirmation stays when the ticket was printed
    "language": "zh-TW",
    "kiosk_id": "kiosk-1",   # names this kiosk in the alerts the counters see
    "fullscreen": True,
}
REQUIRED = ("server_url", "token", "printer")


def load_config(path: str | Path | None) -> dict:
    return check_config(load_app_config(path, DEFAULTS, required=REQUIRED), str(path or "environment"))


def check_config(config: dict, source: str = "config") -> dict:
    """`config` over the defaults, checked; raises ConfigError saying what is wrong."""
    config = {**DEFAULTS, **config}
    for key in REQUIRED:
        if not config.get(key):
            raise ConfigError(f"{source}: '{key}' is not set")
    for key in ("idle_seconds", "confirm_seconds"):
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(f"{source}: '{key}' must be a number of seconds above 0, not {value!r}")
    for key in ("server_url", "token", "printer", "printer_profile", "printer_mode", "kiosk_id"):
        if not isinstance(config[key], str):
            raise ConfigError(f"{source}: '{key}' must be a text in quotes, not {config[key]!r}")
    if not config["kiosk_id"].strip():
        raise ConfigError(f"{source}: 'kiosk_id' must not be empty")
    if not isinstance(config["fullscreen"], bool):
        raise ConfigError(f"{source}: 'fullscreen' must be true or false")
    if config["language"] not in ("zh-TW", "en"):
        raise ConfigError(f"{source}: language must be \"zh-TW\" or \"en\"")
    if config["printer_mode"] not in ("", *MODES):
        raise ConfigError(f"{source}: printer_mode must be one of {', '.join(MODES)} (or left out)")
    try:
        parse_url(config["printer"])
    except PrinterError as e:
        raise ConfigError(f"{source}: printer: {e.message['en']}") from None
    return config
