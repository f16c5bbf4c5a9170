"""Fonts for every Qt part: Noto Sans CJK TC, named explicitly so that Qt does not fall
back to Japanese glyph shapes for Chinese text."""

from __future__ import annotations

import logging
import os
import sys

FAMILY = "Noto Sans CJK TC"
APT_HINT = "sudo apt-get install -y fonts-noto-cjk"


def ensure_gui_app(offscreen: bool = False):
    """The QApplication (widgets) of this process, made if there is none.

    With `offscreen` or no display, Qt draws without a screen (screenshots, printing)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if offscreen or (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                         and not os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
        quiet_offscreen_warnings()
    install_default_font(app)
    return app


def font(pixel_size: int, bold: bool = False):
    from PySide6.QtGui import QFont

    f = QFont(FAMILY)
    f.setFamilies([FAMILY])
    f.setPixelSize(max(1, int(pixel_size)))
    f.setBold(bold)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return f


def font_available() -> bool:
    from PySide6.QtGui import QFontDatabase

    return FAMILY in QFontDatabase.families()


def install_default_font(app) -> None:
    from PySide6.QtGui import QFont

    f = QFont(FAMILY)
    f.setFamilies([FAMILY])
    app.setFont(f)
    if not font_available():
        logging.getLogger("queue-hall").warning("font '%s' not found; Chinese may look wrong. Install it: %s",
                                                FAMILY, APT_HINT)


_NOISE = ("This plugin does not support",)  # the offscreen platform, on every window shown


def quiet_offscreen_warnings() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message):
        if not message.startswith(_NOISE):
            print(message, file=sys.stderr)

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(handler)
