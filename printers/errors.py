"""PrinterError: every printer failure, in Traditional Chinese and English, with what to do.

`from_exception` turns whatever python-escpos, pyusb, pyserial or a socket raised into one.
"""

from __future__ import annotations

import errno
import getpass
import socket

CODES = (
    "not_found", "permission_denied", "busy", "offline", "paper_out",
    "cover_open", "timeout", "write_failed", "bad_config",
)

URL_FORMS = (
    "usb:VID:PID (usb:04b8:0202)",
    "serial:/dev/ttyUSB0?baudrate=9600",
    "tcp://192.168.1.50:9100",
    "file:/dev/usb/lp0",
    "preview:/path/to/folder",
)

_DEFAULTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # code: ((message zh, en), (action zh, en))
    "not_found": (
        ("找不到印表機", "Printer not found"),
        ("請確認印表機已開機、連接線已插好，並檢查設定中的印表機位址",
         "Check that the printer is switched on and plugged in, and check the printer address in the settings"),
    ),
    "permission_denied": (
        ("沒有使用印表機的權限", "No permission to use the printer"),
        ("請系統管理員開放印表機裝置的使用權限", "Ask the administrator to give this user access to the printer device"),
    ),
    "busy": (
        ("印表機正由其他程式使用中", "The printer is in use by another program"),
        ("請關閉其他使用此印表機的程式（例如另一台取號機或 CUPS）後再試",
         "Close the other program using this printer (another kiosk, CUPS) and try again"),
    ),
    "offline": (
        ("印表機離線", "The printer is offline"),
        ("請檢查印表機電源、指示燈及連接線", "Check the printer's power, its lights and the cable"),
    ),
    "paper_out": (
        ("印表機缺紙", "The printer is out of paper"),
        ("請裝上新的感熱紙捲並關好上蓋", "Load a new thermal paper roll and close the cover"),
    ),
    "cover_open": (
        ("印表機上蓋未關好", "The printer cover is open"),
        ("請將印表機上蓋確實蓋好", "Close the printer cover firmly"),
    ),
    "timeout": (
        ("印表機沒有回應", "The printer does not answer"),
        ("請確認印表機已開機、連接線及鮑率設定正確；網路印表機請確認 IP 位址",
         "Check that the printer is on and that the cable and baud rate are right; "
         "for a network printer check its IP address"),
    ),
    "write_failed": (
        ("無法將號碼牌傳送到印表機", "Could not send the ticket to the printer"),
        ("請重新開啟印表機電源後再試一次", "Switch the printer off and on again, then retry"),
    ),
    "bad_config": (
        ("印表機設定有誤", "The printer setting is wrong"),
        ("印表機位址可用的格式：" + "、".join(URL_FORMS), "Accepted printer addresses: " + ", ".join(URL_FORMS)),
    ),
}


def _pair(zh: str, en: str) -> dict:
    return {"zh-TW": zh, "en": en}


class PrinterError(Exception):
    """A printer problem: `code` (one of CODES), `message` and `action` as {"zh-TW", "en"}."""

    def __init__(self, code: str, message: dict | None = None, action: dict | None = None, detail: str = ""):
        if code not in _DEFAULTS:
            raise ValueError(f"unknown printer error code {code!r}")
        (msg_zh, msg_en), (act_zh, act_en) = _DEFAULTS[code]
        self.code = code
        self.message = message or _pair(msg_zh, msg_en)
        self.action = action or _pair(act_zh, act_en)
        self.detail = " ".join(str(detail).split())  # one line
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.message['zh-TW']} / {self.message['en']}"
        return f"{text} ({self.detail})" if self.detail else text

    def __reduce__(self):  # keeps it picklable despite the keyword-rich constructor
        return (PrinterError, (self.code, self.message, self.action, self.detail))

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "action": self.action, "detail": self.detail}


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "$USER"


def permission_action(kind: str, where: str, usb_ids: tuple[int, int] | None = None) -> dict:
    """What an administrator types to let the kiosk's user reach the device."""
    user = _user()
    if kind == "serial":
        cmd = f"sudo usermod -aG dialout {user}"
        return _pair(f"請執行 {cmd}，然後登出再登入", f"Run {cmd}, then log out and in again")
    if kind == "usb" and usb_ids:
        rule = (f'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{usb_ids[0]:04x}", '
                f'ATTRS{{idProduct}}=="{usb_ids[1]:04x}", MODE="0664", GROUP="lp"')
        steps = (f"echo '{rule}' | sudo tee /etc/udev/rules.d/99-queue-printer.rules; "
                 f"sudo udevadm control --reload-rules; sudo udevadm trigger; sudo usermod -aG lp {user}")
        return _pair(f"請加入 udev 規則並重新插拔印表機：{steps}",
                     f"Add a udev rule and replug the printer: {steps}")
    if kind == "file":
        cmd = f"sudo usermod -aG lp {user}"
        return _pair(f"請執行 {cmd}，然後登出再登入（或檢查 {where} 的權限）",
                     f"Run {cmd}, then log out and in again (or check the permissions of {where})")
    return _pair(f"請檢查 {where} 的寫入權限", f"Check that this user may write to {where}")


def _errno_of(exc: BaseException) -> int | None:
    """The first errno found along the exception's chain (escpos wraps the original)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = getattr(exc, "errno", None)
        if isinstance(code, int):
            return code
        if exc.args and isinstance(exc.args[0], int):  # pyserial: SerialException(errno, text)
            return exc.args[0]
        exc = exc.__cause__ or exc.__context__
    return None


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


_BY_ERRNO = {
    errno.ENOENT: "not_found", errno.ENODEV: "not_found", errno.ENXIO: "not_found",
    errno.EACCES: "permission_denied", errno.EPERM: "permission_denied",
    errno.EBUSY: "busy", errno.EAGAIN: "busy",
    errno.ETIMEDOUT: "timeout",
    errno.ECONNREFUSED: "offline", errno.EHOSTUNREACH: "offline", errno.ENETUNREACH: "offline",
    errno.ECONNRESET: "offline", errno.EPIPE: "offline", errno.EHOSTDOWN: "offline",
    errno.EIO: "offline",
}


def from_exception(exc: BaseException, kind: str, where: str, phase: str,
                   usb_ids: tuple[int, int] | None = None) -> PrinterError:
    """A PrinterError for `exc`, raised while `phase` ("open", "write", "read") on `where`."""
    if isinstance(exc, PrinterError):
        return exc
    detail = f"{where}: {type(exc).__name__}: {exc}"
    names = {type(e).__name__ for e in _chain(exc)}
    if names & {"timeout", "TimeoutError", "SerialTimeoutException", "USBTimeoutError"}:
        code = "timeout"
    elif "NoBackendError" in names:
        return PrinterError("bad_config", _pair("找不到 USB 驅動程式庫 libusb", "The USB library libusb is missing"),
                            _pair("請執行 sudo apt-get install -y libusb-1.0-0", "Run sudo apt-get install -y libusb-1.0-0"),
                            detail)
    elif any(isinstance(e, socket.gaierror) for e in _chain(exc)):
        code = "not_found"
    else:
        code = _BY_ERRNO.get(_errno_of(exc))
        if code is None and any("Permission denied" in str(e) for e in _chain(exc)):
            code = "permission_denied"
        if code is None:
            code = {"open": "not_found", "write": "write_failed"}.get(phase, "offline")
    if code == "not_found":
        return PrinterError(code, _pair(f"找不到印表機 {where}", f"Printer not found: {where}"), detail=detail)
    if code == "permission_denied":
        return PrinterError(code, action=permission_action(kind, where, usb_ids), detail=detail)
    return PrinterError(code, detail=detail)


def bad_config(reason_zh: str, reason_en: str, detail: str = "") -> PrinterError:
    return PrinterError("bad_config", _pair(f"印表機設定有誤：{reason_zh}", f"Printer setting is wrong: {reason_en}"),
                        detail=detail)
