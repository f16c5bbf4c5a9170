"""One way to start an app (kiosk, hall display, counter window).

    shell = Shell("queue-counter", "The clerk's counter window.", CounterSettings)
    shell.parser.add_argument("--counter", type=int)           # the app's own options
    settings = shell.start(argv, lambda args: {"counter": args.counter})
    if settings is None:
        return 2                                               # the ConfigError was logged
    window = create_window(settings)                           # has window.client
    return shell.run(window, full_screen=False)

`start` parses the common options (--config, --lang, --screenshot), logs to stderr in one
format, reads
the settings and makes the QApplication with the font "Noto Sans CJK TC" set explicitly.
`run` logs the service and every connection fault, shows the window (or, with
--screenshot, waits for the first state, renders the window offscreen to PNG and exits),
and ends with exit code 0 on SIGTERM or SIGINT within a moment (the signal wakes the event
loop through a socket; no polling timer).
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
from typing import Callable

from PySide6.QtCore import QElapsedTimer, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from shared.i18n import LANGUAGES
from shared.office import ConfigError
from shared.qt.connection import GRACE_MS, ONLINE, REFUSED, UNREACHABLE, Connection
from shared.qt.fonts import ensure_gui_app

SCREENSHOT_WAIT_MS = 15_000   # at most, for a state or a fault to show, before saving anyway
SCREENSHOT_SETTLE_MS = 300    # for the layout and the first paint after the state came


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is now, not the one it was made with (a test runner
    swaps sys.stderr and closes the old one)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def setup_logging(prog: str) -> None:
    """INFO and above to stderr, one line each: `prog: LEVEL message` (journald adds the
    time; a terminal gets it in front)."""
    stamp = "%(asctime)s " if sys.stderr.isatty() else ""
    handler = _Stderr()
    handler.setFormatter(logging.Formatter(f"{stamp}{prog}: %(levelname)s %(message)s"))
    root = logging.getLogger()
    # Ours from an earlier start, and the default one `logging.warning()` makes when
    # called before any set-up (a test framework's handlers are subclasses and stay).
    for old in [h for h in root.handlers if getattr(h, "queue_hall", False) or type(h) is logging.StreamHandler]:
        root.removeHandler(old)
    handler.queue_hall = True
    root.addHandler(handler)
    root.setLevel(logging.INFO)


class Shell:
    def __init__(self, prog: str, description: str, settings_cls):
        self.prog = prog
        self.settings_cls = settings_cls
        self.log = logging.getLogger(prog)
        self.parser = argparse.ArgumentParser(prog=prog, description=description)
        self.parser.add_argument("--config", metavar="FILE",
                                 help="settings (TOML); QUEUE_SERVER_URL, QUEUE_TOKEN... override them")
        self.parser.add_argument("--lang", choices=LANGUAGES, help="the first language (overrides the file)")
        self.parser.add_argument("--screenshot", metavar="PATH",
                                 help="save the window as PNG once it has the state (or shows a fault), then exit")
        self.args: argparse.Namespace | None = None
        self.app = None
        self.stopped_by: str | None = None

    def start(self, argv: list[str] | None = None,
              options: Callable[[argparse.Namespace], dict] | None = None):
        """The settings, with the QApplication made; None (the reason logged) when the
        settings cannot be used."""
        self.args = self.parser.parse_args(argv)
        setup_logging(self.prog)
        try:
            settings = self.settings_cls.load(
                self.args.config, {"language": self.args.lang, **(options(self.args) if options else {})})
        except ConfigError as e:
            self.log.error("%s", e)
            return None
        self.app = ensure_gui_app(offscreen=bool(self.args.screenshot))
        self._previous_hook, sys.excepthook = sys.excepthook, self._fault
        self.log.info("starting (service %s)", settings.server_url)
        self.settings = settings
        return settings

    def _fault(self, kind, value, trace) -> None:
        self.log.error("fault: %s", value, exc_info=(kind, value, trace))

    def run(self, window: QWidget, full_screen: bool = False, size: tuple[int, int] | None = None,
            ready: Callable[[], bool] | None = None) -> int:
        """Shows `window` (full screen, or at `size`) until the app is quit; with
        --screenshot, saves it once `ready()` (default: the client has its first
        state) or the connection has failed. Returns the exit code."""
        client = window.client
        grace = getattr(self, "settings", None)
        self.connection = Connection(client, int(grace.grace_seconds * 1000) if grace else GRACE_MS, window)
        self.connection.changed.connect(self._log_connection)
        restore = quit_on_signals(self.app, self)
        if self.args.screenshot:
            if size:
                window.resize(*size)
            window.show()
            code = self._screenshot(window, self.args.screenshot, ready or (lambda: client.state is not None))
        else:
            if full_screen:
                show_full_screen(window)
            else:
                if size:
                    window.resize(*size)
                window.show()
            code = self.app.exec()
        restore()
        sys.excepthook = self._previous_hook
        self.connection.changed.disconnect(self._log_connection)
        client.stop()
        window.close()
        self.log.info("stopped%s", f" ({self.stopped_by})" if self.stopped_by else "")
        return code

    def _log_connection(self, status: str) -> None:
        client = self.connection.client
        if status == ONLINE:
            self.log.info("connected to %s", client.base_url)
        elif status == UNREACHABLE:
            self.log.warning("fault: the service at %s cannot be reached", client.base_url)
        elif status == REFUSED:
            self.log.error("fault: the service refused this device's token: %s",
                           self.connection.refusal.get("message", ""))
        else:
            self.log.warning("connection to %s lost; reconnecting", client.base_url)

    def _screenshot(self, window: QWidget, path: str, ready: Callable[[], bool]) -> int:
        waited = QElapsedTimer()
        waited.start()
        result = {"code": 1}

        def save():
            if window.grab().save(path):
                result["code"] = 0
                self.log.info("screenshot saved to %s", path)
            else:
                self.log.error("cannot save the screenshot to %s", path)
            self.app.exit(result["code"])

        def check():
            failed = self.connection.status in (UNREACHABLE, REFUSED)
            if ready() or failed or waited.elapsed() > SCREENSHOT_WAIT_MS:
                poll.stop()
                QTimer.singleShot(SCREENSHOT_SETTLE_MS, window, save)

        poll = QTimer(window, interval=50, timeout=check)
        poll.start()
        return self.app.exec() if self.stopped_by is None else 0


def quit_on_signals(app, shell: Shell | None = None) -> Callable[[], None]:
    """SIGTERM (systemd stopping the app) and SIGINT (Ctrl+C) end the event loop; the
    signal wakes Qt through a socket, so the exit follows at once. Returns what puts the
    previous handlers back."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain():
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)

    def handler(signum, _frame):
        if shell is not None:
            shell.stopped_by = signal.Signals(signum).name
        app.quit()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)

    def restore():
        for sig, old in previous.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        reader.close()
        writer.close()

    return restore


def window_size(text: str) -> tuple[int, int]:
    """A `--size WxH` option's value (argparse type)."""
    try:
        width, height = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 1920x1080, not {text!r}") from None
    return width, height


def show_full_screen(window: QWidget) -> None:
    """Fills the window's screen with or without a window manager: without one, Qt's
    full-screen request is never granted, so the geometry is set to the screen's too, and
    the window is frameless (a window manager removes the frame of a full-screen window
    anyway)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()


def show_windowed(window: QWidget, size: tuple[int, int]) -> None:
    """Back from full screen to a framed window of `size`."""
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
    window.showNormal()
    window.resize(*size)
