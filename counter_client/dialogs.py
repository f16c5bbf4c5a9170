"""The questions an action asks first: where to transfer, which number to call, why to
pause. Large buttons for touch; arrows, Enter and Esc for the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QGridLayout, QHBoxLayout, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from counter_client.actions import parse_number
from counter_client.texts import TEXTS, other
from counter_client.widgets import ActionButton, TwoLines
from shared.i18n import pick
from shared.qtfonts import font


class Dialog(QDialog):
    """A dialog with a two-language title and a Cancel button at the bottom."""

    def __init__(self, parent: QWidget, lang: str, title_key: str, **fields):
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(TEXTS(title_key, lang, **fields))
        self.setStyleSheet("QDialog { background: #f4f6f8; }")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 12, 16, 12)
        self.box.setSpacing(8)
        title = TwoLines(20, 13, bold=True)
        title.set(TEXTS(title_key, lang, **fields), TEXTS(title_key, other(lang), **fields))
        self.box.addWidget(title)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.cancel_button = self.button("cancel", "Esc", "plain")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons.addWidget(self.cancel_button)

    def text(self, key: str, **fields) -> tuple[str, str]:
        return TEXTS(key, self.lang, **fields), TEXTS(key, other(self.lang), **fields)

    def heading(self, key: str) -> TwoLines:
        line = TwoLines(14, 11, bold=True, color="#455a75")
        line.set(*self.text(key))
        return line

    def button(self, key: str, shortcut: str, tone: str) -> ActionButton:
        b = ActionButton(tone, 15)
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        b.setMinimumWidth(120)
        b.set_text(*self.text(key), shortcut)
        return b

    def finish_layout(self) -> None:
        self.box.addStretch(1)
        self.box.addLayout(self.buttons)


class TransferDialog(Dialog):
    """Send the current ticket on to another service (it keeps its place in the queue)
    or to another counter. `choice` is the body for POST .../transfer."""

    def __init__(self, parent: QWidget, lang: str, office: dict, ticket: dict, own_counter: int):
        super().__init__(parent, lang, "transfer_title", number=ticket["number"])
        self.choice: dict | None = None
        self.box.addWidget(self.heading("to_service"))
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, service in enumerate(office.get("services", [])):
            b = self.choice_button(pick(service["name"], lang), pick(service["name"], other(lang)),
                                   {"service": service["id"]})
            b.setEnabled(service["id"] != ticket["service"])
            grid.addWidget(b, i // 2, i % 2)
        self.box.addLayout(grid)
        self.box.addWidget(self.heading("to_counter"))
        row = QHBoxLayout()
        row.setSpacing(6)
        for counter in office.get("counters", []):
            if counter["number"] != own_counter:
                row.addWidget(self.choice_button(pick(counter["name"], lang), pick(counter["name"], other(lang)),
                                                 {"counter": counter["number"]}))
        self.box.addLayout(row)
        self.finish_layout()

    def choice_button(self, first: str, second: str, choice: dict) -> QPushButton:
        b = QPushButton(f"{first}\n{second}")
        b.setFont(font(14))
        b.setMinimumHeight(48)
        b.setStyleSheet("QPushButton { background: #ffffff; color: #1f2d3d; border: 1px solid #b8c2cc;"
                        " border-radius: 6px; padding: 2px 8px; text-align: left; }"
                        "QPushButton:focus { border: 2px solid #1565c0; }"
                        "QPushButton:disabled { color: #a7b0ba; background: #eceff2; }")
        b.setProperty("choice", choice)
        b.clicked.connect(lambda: self.choose(choice))
        return b

    def choose(self, choice: dict) -> None:
        self.choice = choice
        self.accept()


class CallDialog(Dialog):
    """Call a ticket by its number, e.g. a citizen who missed the call came back.
    `number` is the canonical number (A005) once accepted."""

    def __init__(self, parent: QWidget, lang: str, prefixes: list[str]):
        super().__init__(parent, lang, "call_title")
        self.prefixes = prefixes
        self.number: str | None = None
        hint = TwoLines(13, 11, color="#455a75")
        hint.set(*self.text("call_hint"))
        self.box.addWidget(hint)
        self.edit = QLineEdit()
        self.edit.setFont(font(34, True))
        self.edit.setMaxLength(8)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit.setPlaceholderText("A005")
        self.edit.setStyleSheet("QLineEdit { background: #ffffff; border: 2px solid #1565c0; border-radius: 6px;"
                                " padding: 4px; color: #1f2d3d; }")
        self.edit.textEdited.connect(self.edited)
        self.box.addWidget(self.edit)
        self.error = TwoLines(13, 11, bold=True, color="#c62828", second_color="#c62828", wrap=True)
        self.error.set("")
        self.box.addWidget(self.error)
        self.ok_button = self.button("call_ok", "Enter", "go")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.buttons.addWidget(self.ok_button)
        self.finish_layout()
        self.edit.setFocus()

    def edited(self, text: str) -> None:
        self.error.set("")
        if text != text.upper():
            self.edit.setText(text.upper())

    def submit(self) -> None:
        number, reason, fields = parse_number(self.edit.text(), self.prefixes)
        if number is None:
            self.error.set(*self.text(reason, **fields))
            return
        self.number = number
        self.accept()


class PauseDialog(Dialog):
    """Pause the counter with a reason; `reason` is what the service records and the
    hall display may show."""

    REASONS = ("reason_break", "reason_paperwork", "reason_meeting", "reason_other")

    def __init__(self, parent: QWidget, lang: str):
        super().__init__(parent, lang, "pause_title")
        self.setMinimumWidth(540)
        note = TwoLines(13, 11, color="#8a4b00")
        note.set(*self.text("pause_note"))
        self.box.addWidget(note)
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        for i, key in enumerate(self.REASONS):
            b = self.button(key, str(i + 1), "plain")
            b.setCheckable(True)
            b.setAutoDefault(False)  # Enter pauses; it does not pick a reason
            b.setMinimumWidth(100)
            b.setStyleSheet(b.styleSheet() + "QPushButton:checked { background: #ffe0b2; border: 2px solid #ef6c00; }"
                            "QPushButton:focus { border: 2px solid #1565c0; }")
            self.group.addButton(b, i)
            row.addWidget(b)
        self.group.button(0).setChecked(True)
        self.group.idToggled.connect(lambda i, on: on and self.other_edit.setEnabled(i == 3))
        self.box.addLayout(row)
        self.other_edit = QLineEdit()
        self.other_edit.setFont(font(16))
        self.other_edit.setMaxLength(60)
        self.other_edit.setPlaceholderText(" / ".join(self.text("reason_hint")))
        self.other_edit.setEnabled(False)
        self.other_edit.setStyleSheet("QLineEdit { background: #ffffff; border: 1px solid #b8c2cc;"
                                      " border-radius: 6px; padding: 6px; }"
                                      "QLineEdit:disabled { background: #eceff2; }")
        self.box.addWidget(self.other_edit)
        self.ok_button = self.button("pause_ok", "Enter", "warn")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        self.buttons.addWidget(self.ok_button)
        self.finish_layout()
        self.group.button(0).setFocus()

    def keyPressEvent(self, event) -> None:
        digit = event.key() - Qt.Key.Key_1
        if 0 <= digit < len(self.REASONS) and not self.other_edit.hasFocus():
            self.group.button(digit).setChecked(True)
            if digit == 3:
                self.other_edit.setFocus()
            return
        super().keyPressEvent(event)

    @property
    def reason(self) -> str:
        key = self.REASONS[self.group.checkedId()]
        typed = self.other_edit.text().strip()
        if key == "reason_other" and typed:
            return typed
        return " / ".join((TEXTS(key, "zh-TW"), TEXTS(key, "en")))
