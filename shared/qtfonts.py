"""Moved to `shared.qt.fonts`; this name stays for the printers, the demo and the bench
until their imports change."""

from shared.qt.fonts import FAMILY, ensure_gui_app, font, font_available, install_default_font  # noqa: F401
