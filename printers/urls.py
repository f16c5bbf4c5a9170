"""Printer addresses: usb:VID:PID, serial:/dev/ttyUSB0?baudrate=9600, tcp://HOST:9100,
file:/dev/usb/lp0, preview:DIR. Every address may add ?width=384 (dots) and ?status=off
(for printers that never answer status queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from .errors import PrinterError, URL_FORMS

BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)
_COMMON = {"width", "status"}
_ALLOWED = {
    "usb": _COMMON | {"in_ep", "out_ep"},
    "serial": _COMMON | {"baudrate", "parity", "xonxoff", "dsrdtr"},
    "tcp": _COMMON,
    "file": _COMMON,
    "preview": _COMMON,
}


@dataclass(frozen=True)
class Target:
    kind: str  # usb, serial, tcp, file, preview
    address: str  # device path, host, folder or "04b8:0202"
    options: dict = field(default_factory=dict)
    url: str = ""

    def option(self, key, default=None):
        return self.options.get(key, default)


def _bad(url: str, zh: str, en: str) -> PrinterError:
    return PrinterError(
        "bad_config",
        {"zh-TW": f"無法使用的印表機位址「{url}」：{zh}。可用的格式：" + "、".join(URL_FORMS),
         "en": f"Unusable printer address {url!r}: {en}. Accepted forms: " + ", ".join(URL_FORMS)},
        {"zh-TW": "請在取號機設定中改正印表機位址", "en": "Correct the printer address in the kiosk settings"},
    )


def _int(url, key, value, low, high, base=10) -> int:
    try:
        n = int(value, base)
    except ValueError:
        raise _bad(url, f"{key} 必須是數字", f"{key} must be a number") from None
    if not low <= n <= high:
        raise _bad(url, f"{key} 必須介於 {low} 與 {high}", f"{key} must be between {low} and {high}")
    return n


def _flag(url, key, value) -> bool:
    v = value.lower()
    if v in ("1", "on", "true", "yes"):
        return True
    if v in ("0", "off", "false", "no"):
        return False
    raise _bad(url, f"{key} 只能是 on 或 off", f"{key} must be on or off")


def _options(url: str, kind: str, query: str) -> dict:
    opts = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in _ALLOWED[kind]:
            allowed = ", ".join(sorted(_ALLOWED[kind]))
            raise _bad(url, f"不認得的選項 {key}（可用：{allowed}）", f"unknown option {key!r} (allowed: {allowed})")
        if key == "width":
            opts[key] = _int(url, key, value, 200, 1024)
        elif key == "baudrate":
            opts[key] = _int(url, key, value, 1, 10**7)
            if opts[key] not in BAUDRATES:
                raise _bad(url, f"不支援的鮑率 {value}", f"unsupported baud rate {value} (use one of {BAUDRATES})")
        elif key in ("in_ep", "out_ep"):
            opts[key] = _int(url, key, value, 0, 255, 0)
        elif key == "parity":
            if value.upper() not in ("N", "E", "O"):
                raise _bad(url, "parity 只能是 N、E 或 O", "parity must be N, E or O")
            opts[key] = value.upper()
        else:  # status, xonxoff, dsrdtr
            opts[key] = _flag(url, key, value)
    return opts


def parse_url(url: str) -> Target:
    if not isinstance(url, str) or not url.strip():
        raise _bad(str(url), "沒有填寫印表機位址", "no printer address given")
    url = url.strip()
    kind, sep, rest = url.partition(":")
    kind = kind.lower()
    if not sep or kind not in _ALLOWED:
        raise _bad(url, "不認得的連接方式", "unknown kind of connection")
    rest, _, query = rest.partition("?")
    opts = _options(url, kind, query)
    if kind == "usb":
        m = re.fullmatch(r"(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})", rest)
        if not m:
            raise _bad(url, "USB 需寫成 usb:廠商碼:產品碼（十六進位）", "USB needs usb:VID:PID in hex, e.g. usb:04b8:0202")
        vid, pid = int(m[1], 16), int(m[2], 16)
        if not vid or not pid:
            raise _bad(url, "廠商碼與產品碼不可為 0", "VID and PID cannot be 0")
        return Target("usb", f"{vid:04x}:{pid:04x}", {**opts, "vid": vid, "pid": pid}, url)
    if kind == "tcp":
        m = re.fullmatch(r"//(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+)(?::(\d+))?/?", rest)
        if not m:
            raise _bad(url, "網路印表機需寫成 tcp://主機:9100", "a network printer needs tcp://HOST:9100")
        port = _int(url, "port", m[2], 1, 65535) if m[2] else 9100
        return Target("tcp", m[1].strip("[]"), {**opts, "port": port}, url)
    path = rest[2:] if rest.startswith("//") else rest
    if not path:
        raise _bad(url, "缺少路徑", "the path is missing")
    if kind == "serial":
        opts.setdefault("baudrate", 9600)
    return Target(kind, path, opts, url)
