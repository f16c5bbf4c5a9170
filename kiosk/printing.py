"""Printing off the GUI thread: a dead serial or network printer can take seconds to
answer, and the screen must never freeze meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from printers.errors import PrinterError
from printers.printer import TicketPrinter, open_printer
from printers.status import PrinterStatus
from shared.office import Office


def unexpected(e: Exception) -> PrinterError:
    """A failure the printer package did not foresee still becomes a plain message."""
    return PrinterError("write_failed", detail=f"{type(e).__name__}: {e}")


class _Worker(QObject):
    """Lives on the printing thread; opens the printer when first needed, and again after
    a failed open (the printer may have been plugged in since)."""

    printed = Signal(int, object, object)   # job, the preview path or None, PrinterError or None
    checked = Signal(object)                # PrinterStatus

    def __init__(self, url: str, profile: str | None, mode: str | None):
        super().__init__()
        self.url, self.profile, self.mode = url, profile, mode
        self.printer: TicketPrinter | None = None

    def _printer(self) -> TicketPrinter:
        if self.printer is None:
            self.printer = open_printer(self.url, self.profile, self.mode)
        return self.printer

    @Slot(int, object, object, int, object)
    def print_ticket(self, job: int, office: Office, ticket: dict, ahead: int, wait_minutes) -> None:
        try:
            path = self._printer().print_ticket(office, ticket, ahead, wait_minutes)
        except PrinterError as e:
            self.printed.emit(job, None, e)
        except Exception as e:  # noqa: BLE001 - the kiosk must keep going whatever a driver raises
            self.printed.emit(job, None, unexpected(e))
        else:
            self.printed.emit(job, str(path) if path else None, None)

    @Slot()
    def check(self) -> None:
        try:
            status = self._printer().status()
        except PrinterError as e:
            status = PrinterStatus(False, "unknown", e)
        except Exception as e:  # noqa: BLE001
            status = PrinterStatus(False, "unknown", unexpected(e))
        self.checked.emit(status)

    def close(self) -> None:
        if self.printer is not None:
            try:
                self.printer.close()
            except Exception:  # noqa: BLE001 - closing a printer that is gone
                pass
            self.printer = None


class PrintService(QObject):
    """`print_ticket(...)` -> job number, answered by `printed(job, path, error)`;
    `check()` answered by `checked(status)`. Jobs run one at a time, in order."""

    printed = Signal(int, object, object)
    checked = Signal(object)
    _print = Signal(int, object, object, int, object)
    _check = Signal()

    def __init__(self, url: str, profile: str | None = None, mode: str | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.url = url
        self._jobs = 0
        self._thread = QThread()
        self._thread.setObjectName("kiosk-printer")
        self._worker = _Worker(url, profile, mode)
        self._worker.moveToThread(self._thread)
        self._print.connect(self._worker.print_ticket)
        self._check.connect(self._worker.check)
        self._worker.printed.connect(self.printed)
        self._worker.checked.connect(self.checked)
        # A running thread must not be destroyed with the app: stop it however the app ends.
        QCoreApplication.instance().aboutToQuit.connect(self.shutdown)
        self._thread.start()

    def print_ticket(self, office: Office, ticket: dict, ahead: int, wait_minutes: float | None) -> int:
        self._jobs += 1
        self._print.emit(self._jobs, office, ticket, int(ahead), wait_minutes)
        return self._jobs

    def check(self) -> None:
        self._check.emit()

    def shutdown(self) -> None:
        """Waits for the job in hand (a few seconds at most), then lets the printer go."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(10_000)
            self._worker.close()
