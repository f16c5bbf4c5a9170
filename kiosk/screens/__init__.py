"""The kiosk's screens, one a file: `home`, `care`, `confirmation`, `message` (busy or a
fault) and `staff`. Each shows a view model (kiosk.views) in a language and lays itself out
with Qt layouts; `set_portrait` turns the layout for a portrait screen."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLayout, QWidget

from kiosk.widgets import Panel, Words, rescale
from shared.qt.theme import LIGHT

NEUTRAL, NEUTRAL_DOWN = "#3C4650", "#262E36"   # the language, back and staff buttons


class Screen(Panel):
    def __init__(self, color: str = LIGHT.background):
        super().__init__(color)
        self.portrait = False

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait

    def rescale(self, k: float) -> None:
        rescale(self, k)
        for layout in self.findChildren(QLayout):
            gaps = getattr(layout, "gaps", None)
            if gaps is not None:
                layout.setContentsMargins(*(int(g * k) for g in gaps[0]))
                layout.setSpacing(int(gaps[1] * k))


def spaced(layout: QLayout, margins: int | tuple = 0, spacing: int = 18) -> QLayout:
    """`layout` with margins and spacing in 1080p pixels, kept in scale by `Screen.rescale`."""
    layout.gaps = ((margins,) * 4 if isinstance(margins, int) else margins, spacing)
    layout.setContentsMargins(*layout.gaps[0])
    layout.setSpacing(spacing)
    return layout


def row(*items, margins=0, spacing: int = 18) -> QBoxLayout:
    """Widgets (and layouts) side by side; texts take the width the others leave."""
    box = spaced(QBoxLayout(QBoxLayout.Direction.LeftToRight), margins, spacing)
    for item in items:
        if isinstance(item, QLayout):
            box.addLayout(item, 1)
        else:
            box.addWidget(item, int(isinstance(item, Words)))
    return box


def place(grid: QGridLayout, widgets: list[QWidget], columns: int) -> None:
    """`widgets` in `grid`, row by row, every row and column the same size."""
    while grid.count():
        grid.takeAt(0)
    for i, widget in enumerate(widgets):
        grid.addWidget(widget, i // columns, i % columns)
    for r in range(grid.rowCount()):
        grid.setRowStretch(r, 1)
    for c in range(grid.columnCount()):
        grid.setColumnStretch(c, 1 if c < columns else 0)
