"""The kiosk's settings: its TOML file, then QUEUE_SERVER_URL / QUEUE_TOKEN / QUEUE_PRINTER."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import PositiveFloat, field_validator

from printers.errors import PrinterError
from printers.urls import parse_url
from shared.settings import AppSettings


class KioskSettings(AppSettings):
    # A printer address, e.g. "usb:04b8:0202", "tcp://192.168.1.50:9100", "preview:/folder".
    # No default: a kiosk that silently prints nowhere would tell citizens to take a ticket.
    printer: str
    printer_profile: str = ""                  # "": the printer package's default
    printer_mode: Literal["", "raster", "native"] = ""  # "": chosen by the printer package
    idle_seconds: PositiveFloat = 30           # back to the start, in Chinese, after this long without a touch
    confirm_seconds: PositiveFloat = 8         # how long the confirmation stays when the ticket was printed
    debounce_seconds: PositiveFloat = 1.5      # a second touch this soon after a ticket issues none
    kiosk_id: str = "kiosk-1"                  # names this kiosk in the alerts the counters see
    fullscreen: bool = True

    @field_validator("printer")
    @classmethod
    def _printer(cls, value: str) -> str:
        try:
            parse_url(value)
        except PrinterError as e:
            raise ValueError(e.message["en"]) from None
        return value

    @field_validator("kiosk_id")
    @classmethod
    def _kiosk_id(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


DEFAULTS = KioskSettings.defaults()


def load_config(path: str | Path | None) -> KioskSettings:
    return KioskSettings.load(path)


def check_config(config) -> KioskSettings:
    """`config` (settings or a dict of them) checked; raises ConfigError saying what is wrong."""
    return KioskSettings.of(config)
