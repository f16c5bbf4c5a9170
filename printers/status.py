"""Printer status from the real-time queries DLE EOT 1 (printer), 2 (offline cause), 4 (paper)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .errors import PrinterError

WAIT_S = 2.0  # the longest any single wait on a printer may take
DLE_EOT = b"\x10\x04"


@dataclass
class PrinterStatus:
    online: bool
    paper: str  # "ok", "near_end", "out" or "unknown"
    error: PrinterError | None = None


def is_status_byte(b: int) -> bool:
    """Every DLE EOT reply has the form 0xx1xx10b; anything else is noise or a wrong baud rate."""
    return b & 0b1001_0011 == 0b0001_0010


def _checked(b: int) -> int:
    if not is_status_byte(b):
        raise PrinterError(
            "bad_config",
            {"zh-TW": "印表機的回應不是狀態碼", "en": "The printer's reply is not a status byte"},
            {"zh-TW": "請確認鮑率設定與印表機相同，且印表機使用 ESC/POS 指令",
             "en": "Check that the baud rate matches the printer's and that it speaks ESC/POS"},
            detail=f"reply 0x{b:02x}",
        )
    return b


def read_status(query: Callable[[int], int]) -> PrinterStatus:
    """`query(n)` sends DLE EOT n and returns the reply byte, or raises PrinterError."""
    try:
        printer = _checked(query(1))
        sensor = _checked(query(4))
        paper = "out" if sensor & 0x60 else "near_end" if sensor & 0x0C else "ok"
        online = not printer & 0x08
        if online:
            return PrinterStatus(True, paper, PrinterError("paper_out") if paper == "out" else None)
        cause = _checked(query(2))
        if cause & 0x20:
            paper = "out"
        if cause & 0x04:
            error = PrinterError("cover_open")
        elif paper == "out":
            error = PrinterError("paper_out")
        else:
            error = PrinterError("offline")
        return PrinterStatus(False, paper, error)
    except PrinterError as e:
        return PrinterStatus(False, "unknown", e)
