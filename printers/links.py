"""Connections to a printer: python-escpos's Usb, Serial, Network and File printers, plus a
preview folder. Every wait is bounded by WAIT_S and every failure becomes a PrinterError.

python-escpos reads status with `read(16)`, which on a serial line always waits for its whole
timeout, takes an empty reply for "paper ok", and leaves a TCP socket on a 60 s timeout; so
the reads here are our own: one byte, at most WAIT_S, and an empty reply is no reply.
"""

from __future__ import annotations

import os
import re
import select
import time
from abc import ABC, abstractmethod
from pathlib import Path

from escpos.printer import File, Network, Serial, Usb
from PySide6.QtGui import QImage

from .errors import PrinterError, from_exception, permission_action
from .status import DLE_EOT, WAIT_S, PrinterStatus, read_status
from .urls import Target


class _SafeClose:
    """python-escpos also closes from __del__, where a failing close only prints noise."""

    def close(self) -> None:
        try:
            super().close()
        except Exception:
            pass
        self._device = False


class _Usb(_SafeClose, Usb):
    pass


class _Network(_SafeClose, Network):
    pass


class _File(_SafeClose, File):
    pass


class _Serial(Serial):
    def close(self) -> None:
        # Not python-escpos's close: its flush() waits for ever on a printer holding the line.
        dev = self._device
        if dev:
            try:
                deadline = time.monotonic() + WAIT_S
                while dev.out_waiting and time.monotonic() < deadline:
                    time.sleep(0.02)
                dev.reset_output_buffer()
                dev.close()
            except Exception:
                pass
        self._device = False


class Link(ABC):
    """One printer connection. `deliver` sends a ticket; `status` asks the printer."""

    kind = ""
    wants_image = False  # preview keeps the drawn ticket as well as the bytes

    def __init__(self, target: Target):
        self.target = target
        self.where = target.url or target.address
        self.ask_status = target.option("status", True)

    def open(self) -> None:
        pass

    def release(self) -> None:
        """End of one job: links that must not hold the printer between tickets let go."""

    def close(self) -> None:
        pass

    def status(self) -> PrinterStatus:
        return PrinterStatus(True, "unknown")

    @abstractmethod
    def deliver(self, data: bytes, name: str, image: QImage | None) -> Path | None:
        """Send one ticket's bytes; a preview returns the picture it wrote."""


class _EscposLink(Link):
    chunk = 4096
    usb_ids = None

    def __init__(self, target: Target, printer):
        super().__init__(target)
        self.p = printer

    def _fail(self, exc: BaseException, phase: str) -> PrinterError:
        self.close()
        return from_exception(exc, self.kind, self.where, phase, self.usb_ids)

    def open(self) -> None:
        if self.p._device:
            return
        try:
            self.p.open()
            self._opened()
        except Exception as e:
            raise self._fail(e, "open") from e

    def _opened(self) -> None:
        pass

    def close(self) -> None:
        self.p.close()

    def deliver(self, data: bytes, name: str, image: QImage | None) -> None:
        self.write(data)

    def write(self, data: bytes) -> None:
        self.open()
        try:
            for i in range(0, len(data), self.chunk):
                self.p._raw(data[i:i + self.chunk])
        except Exception as e:
            raise self._fail(e, "write") from e

    def status(self) -> PrinterStatus:
        if not self.ask_status:
            return PrinterStatus(True, "unknown")
        return read_status(self.query)

    def query(self, n: int) -> int:
        """Send DLE EOT n, return the one-byte reply."""
        self.open()
        try:
            self._drain()
            self.p._raw(DLE_EOT + bytes([n]))
            reply = self._read_byte()
        except Exception as e:
            raise self._fail(e, "read") from e
        if reply is None:
            self.close()
            raise PrinterError("timeout", detail=f"{self.where}: no reply to DLE EOT {n} within {WAIT_S:g} s")
        if not reply:
            self.close()
            raise PrinterError("offline", detail=f"{self.where}: connection closed by the printer")
        return reply[0]

    def _drain(self) -> None:
        """Forget bytes the printer sent before our question."""

    def _read_byte(self) -> bytes | None:
        """One byte; None when nothing came within WAIT_S, b"" when the connection closed.
        A link that cannot read (a device file) never gets a reply."""
        return None


class SerialLink(_EscposLink):
    kind = "serial"

    def __init__(self, target: Target):
        baud = target.option("baudrate", 9600)
        printer = _Serial(devfile=target.address, baudrate=baud, timeout=WAIT_S,
                         parity=target.option("parity"), xonxoff=target.option("xonxoff", False),
                         dsrdtr=target.option("dsrdtr", True))
        super().__init__(target, printer)
        self.chunk = max(256, baud // 10)  # about a second of line time per write

    def _opened(self) -> None:
        self.p.device.write_timeout = WAIT_S

    def _drain(self) -> None:
        self.p.device.reset_input_buffer()

    def _read_byte(self) -> bytes | None:
        return self.p.device.read(1) or None


class TcpLink(_EscposLink):
    kind = "tcp"

    def __init__(self, target: Target):
        super().__init__(target, _Network(host=target.address, port=target.option("port", 9100), timeout=WAIT_S))

    def release(self) -> None:
        # Port 9100 takes one connection at a time: keep it free for the other kiosks.
        self.close()

    def _drain(self) -> None:
        sock = self.p.device
        sock.setblocking(False)
        try:
            while sock.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            sock.settimeout(WAIT_S)

    def _read_byte(self) -> bytes | None:
        try:
            return self.p.device.recv(1)
        except TimeoutError:
            return None


class UsbLink(_EscposLink):
    kind = "usb"

    def __init__(self, target: Target):
        self.usb_ids = (target.option("vid"), target.option("pid"))
        if not Usb.is_usable():
            # Checked first: a Usb object made without pyusb complains from its destructor.
            raise PrinterError(
                "bad_config",
                {"zh-TW": "未安裝 USB 支援（pyusb）", "en": "USB support (pyusb) is not installed"},
                {"zh-TW": "請執行 .venv/bin/pip install pyusb 及 sudo apt-get install -y libusb-1.0-0",
                 "en": "Run .venv/bin/pip install pyusb and sudo apt-get install -y libusb-1.0-0"},
                detail=target.url,
            )
        printer = _Usb(idVendor=self.usb_ids[0], idProduct=self.usb_ids[1], timeout=int(WAIT_S * 1000),
                      in_ep=target.option("in_ep", 0x82), out_ep=target.option("out_ep", 0x01))
        super().__init__(target, printer)

    def _read_byte(self) -> bytes | None:
        try:
            return bytes(self.p.device.read(self.p.in_ep, 16, int(WAIT_S * 1000)))[:1] or None
        except Exception as e:
            if type(e).__name__ == "USBTimeoutError" or getattr(e, "errno", None) == 110:
                return None
            raise


class FileLink(_EscposLink):
    """A device file such as /dev/usb/lp0: write only, so its status is unknown."""

    kind = "file"

    def __init__(self, target: Target):
        super().__init__(target, _File(devfile=target.address, auto_flush=True))

    def status(self) -> PrinterStatus:
        try:
            self.open()
        except PrinterError as e:
            return PrinterStatus(False, "unknown", e)
        return PrinterStatus(True, "unknown")

    def write(self, data: bytes) -> None:
        # Not File._raw: a blocking write to a stalled /dev/usb/lp0 never returns.
        self.open()
        try:
            fd = self.p.device.fileno()
            os.set_blocking(fd, False)
            view = memoryview(data)
            while view:
                if not select.select([], [fd], [], WAIT_S)[1]:
                    raise TimeoutError(f"{self.where} took no data for {WAIT_S:g} s")
                try:
                    view = view[os.write(fd, view[:65536]):]
                except BlockingIOError:
                    continue
        except Exception as e:
            raise self._fail(e, "write") from e


class PreviewLink(Link):
    """Writes each ticket to a folder as NUMBER-ID.png (what it looks like) and .bin (its bytes)."""

    kind = "preview"
    wants_image = True

    def __init__(self, target: Target):
        super().__init__(target)
        self.folder = Path(target.address)

    def _fail(self, exc: OSError, phase: str) -> PrinterError:
        if isinstance(exc, PermissionError):
            return PrinterError("permission_denied", action=permission_action("preview", str(self.folder)),
                                detail=f"{self.folder}: {exc}")
        return from_exception(exc, "preview", str(self.folder), phase)

    def open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise self._fail(e, "open") from e

    def status(self) -> PrinterStatus:
        try:
            self.open()
        except PrinterError as e:
            return PrinterStatus(False, "unknown", e)
        if not os.access(self.folder, os.W_OK):
            return PrinterStatus(False, "unknown", self._fail(PermissionError(13, "not writable"), "open"))
        return PrinterStatus(True, "ok")

    def deliver(self, data: bytes, name: str, image: QImage | None) -> Path:
        self.open()
        stem = re.sub(r"[^A-Za-z0-9_-]", "_", name) or "ticket"
        png, raw = self.folder / f"{stem}.png", self.folder / f"{stem}.bin"
        try:
            raw.write_bytes(data)
            if image is not None and not image.save(str(png), "PNG"):
                raise OSError(f"could not write {png}")
        except OSError as e:
            raise self._fail(e, "write") from e
        return png


LINKS = {"usb": UsbLink, "serial": SerialLink, "tcp": TcpLink, "file": FileLink, "preview": PreviewLink}


def make_link(target: Target) -> Link:
    try:
        return LINKS[target.kind](target)
    except PrinterError:
        raise
    except Exception as e:
        raise from_exception(e, target.kind, target.url, "open") from e
