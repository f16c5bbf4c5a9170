"""The questions an action asks first: where to transfer, which number to call, why to
pause; and who the clerk at this counter is (a console account's name and password). Large buttons for touch; arrows, Enter and Esc for the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QGridLayout, QHBoxLayout, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from counter_client.actions import parse_number
from counter_client.widgets import THEME, ActionButton, TwoLines
from shared import catalogue as C
from shared.catalogue import counter as T
from shared.i18n import Text
from shared.qt.fonts import font


class Dialog(QDialog):
    """A dialog with a two-language title and a Cancel button at the bottom."""

    def __init__(self, parent: QWidget, lang: str, title: Text):
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(title.get(lang))
        self.setStyleSheet(f"QDialog {{ background: {THEME.background}; }}")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 12, 16, 12)
        self.box.setSpacing(8)
        heading = TwoLines(20, 13, bold=True)
        heading.show_text(title, lang)
        self.box.addWidget(heading)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.cancel_button = self.button(C.CANCEL, "Esc", "plain")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons.addWidget(self.cancel_button)

    def line(self, text: Text, size: int = 14, bold: bool = True, color: str = THEME.muted) -> TwoLines:
        line = TwoLines(size, 11, bold=bold, color=color)
        line.show_text(text, self.lang)
        return line

    def button(self, text: Text, shortcut: str, tone: str) -> ActionButton:
        b = ActionButton(tone, 15)
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        b.setMinimumWidth(120)
        b.set_text(text, self.lang, shortcut)
        return b

    def finish_layout(self) -> None:
        self.box.addStretch(1)
        self.box.addLayout(self.buttons)


class TransferDialog(Dialog):
    """Send the current ticket on to another service (it keeps its place in the queue)
    or to another counter. `choice` is the body for POST .../transfer."""

    def __init__(self, parent: QWidget, lang: str, office: dict, ticket: dict, own_counter: int):
        super().__init__(parent, lang, T.TRANSFER_TITLE.format(number=ticket["number"]))
        self.choice: dict | None = None
        self.target: Text | None = None
        self.box.addWidget(self.line(T.TO_SERVICE))
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, service in enumerate(office.get("services", [])):
            b = self.choice_button(Text.from_json(service["name"]), {"service": service["id"]})
            b.setEnabled(service["id"] != ticket["service"])
            grid.addWidget(b, i // 2, i % 2)
        self.box.addLayout(grid)
        self.box.addWidget(self.line(T.TO_COUNTER))
        row = QHBoxLayout()
        row.setSpacing(6)
        for counter in office.get("counters", []):
            if counter["number"] != own_counter:
                row.addWidget(self.choice_button(Text.from_json(counter["name"]), {"counter": counter["number"]}))
        self.box.addLayout(row)
        self.finish_layout()

    def choice_button(self, name: Text, choice: dict) -> QPushButton:
        b = QPushButton("\n".join(name.pair(self.lang)))
        b.setFont(font(14))
        b.setMinimumHeight(48)
        b.setStyleSheet(f"QPushButton {{ background: {THEME.surface}; color: {THEME.text}; border: 1px solid #b8c2cc;"
                        " border-radius: 6px; padding: 2px 8px; text-align: left; }"
                        f"QPushButton:focus {{ border: 2px solid {THEME.accent}; }}"
                        "QPushButton:disabled { color: #a7b0ba; background: #eceff2; }")
        b.setProperty("choice", choice)
        b.clicked.connect(lambda: self.choose(choice, name))
        return b

    def choose(self, choice: dict, target: Text) -> None:
        self.choice, self.target = choice, target
        self.accept()


class CallDialog(Dialog):
    """Call a ticket by its number, e.g. a citizen who missed the call came back.
    `number` is the canonical number (A005) once accepted."""

    def __init__(self, parent: QWidget, lang: str, prefixes: list[str]):
        super().__init__(parent, lang, T.CALL_TITLE)
        self.prefixes = prefixes
        self.number: str | None = None
        self.box.addWidget(self.line(T.CALL_HINT, 13, bold=False))
        self.edit = QLineEdit()
        self.edit.setFont(font(34, True))
        self.edit.setMaxLength(8)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit.setPlaceholderText("A005")
        self.edit.setStyleSheet(f"QLineEdit {{ background: {THEME.surface}; border: 2px solid {THEME.accent};"
                                f" border-radius: 6px; padding: 4px; color: {THEME.text}; }}")
        self.edit.textEdited.connect(self.edited)
        self.box.addWidget(self.edit)
        self.error = TwoLines(13, 11, bold=True, color=THEME.fault, second_color=THEME.fault, wrap=True)
        self.error.set("")
        self.box.addWidget(self.error)
        self.ok_button = self.button(T.CALL_OK, "Enter", "go")
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
        number, reason = parse_number(self.edit.text(), self.prefixes)
        if number is None:
            self.error.show_text(reason, self.lang)
            return
        self.number = number
        self.accept()


class PauseDialog(Dialog):
    """Pause the counter with a reason; `reason` is what the service records and the
    hall display may show."""

    REASONS = T.REASONS

    def __init__(self, parent: QWidget, lang: str):
        super().__init__(parent, lang, T.PAUSE_TITLE)
        self.setMinimumWidth(540)
        self.box.addWidget(self.line(T.PAUSE_NOTE, 13, bold=False, color=THEME.warn))
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        for i, reason in enumerate(self.REASONS):
            b = self.button(reason, str(i + 1), "plain")
            b.setCheckable(True)
            b.setAutoDefault(False)  # Enter pauses; it does not pick a reason
            b.setMinimumWidth(100)
            b.setStyleSheet(b.styleSheet() + "QPushButton:checked { background: #ffe0b2; border: 2px solid #ef6c00; }"
                            f"QPushButton:focus {{ border: 2px solid {THEME.accent}; }}")
            self.group.addButton(b, i)
            row.addWidget(b)
        self.group.button(0).setChecked(True)
        self.group.idToggled.connect(lambda i, on: on and self.other_edit.setEnabled(i == 3))
        self.box.addLayout(row)
        self.other_edit = QLineEdit()
        self.other_edit.setFont(font(16))
        self.other_edit.setMaxLength(60)
        self.other_edit.setPlaceholderText(T.REASON_HINT.both(" / "))
        self.other_edit.setEnabled(False)
        self.other_edit.setStyleSheet("QLineEdit { background: #ffffff; border: 1px solid #b8c2cc;"
                                      " border-radius: 6px; padding: 6px; }"
                                      "QLineEdit:disabled { background: #eceff2; }")
        self.box.addWidget(self.other_edit)
        self.ok_button = self.button(T.PAUSE_OK, "Enter", "warn")
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
        chosen = self.group.checkedId()
        typed = self.other_edit.text().strip()
        if chosen == len(self.REASONS) - 1 and typed:
            return typed
        return self.REASONS[chosen].both(" / ")


SIGN_IN_TITLE = Text("承辦人員簽到", "Clerk sign-in")
SIGN_IN_HINT = Text("請輸入您在管理台的帳號與密碼；名稱留空即為簽退。",
                    "Your office console name and password; an empty name signs the clerk out.")
SIGN_IN_OK = Text("簽到", "Sign in")
NAME = Text("帳號", "Name")
PASSWORD = Text("密碼", "Password")


class ClerkDialog(Dialog):
    """A clerk signs in at this counter: `body` is the body for POST .../clerk."""

    def __init__(self, parent: QWidget, lang: str, clerk: str = ""):
        super().__init__(parent, lang, SIGN_IN_TITLE)
        self.setMinimumWidth(460)
        self.box.addWidget(self.line(SIGN_IN_HINT, 13, bold=False))
        style = (f"QLineEdit {{ background: {THEME.surface}; border: 2px solid {THEME.accent};"
                 f" border-radius: 6px; padding: 4px; color: {THEME.text}; }}")
        self.name_edit, self.password_edit = QLineEdit(clerk), QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit, word in ((self.name_edit, NAME), (self.password_edit, PASSWORD)):
            edit.setFont(font(18))
            edit.setMaxLength(40 if edit is self.name_edit else 1024)
            edit.setPlaceholderText(word.both(" / "))
            edit.setStyleSheet(style)
            self.box.addWidget(edit)
        self.ok_button = self.button(SIGN_IN_OK, "Enter", "go")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        self.buttons.addWidget(self.ok_button)
        self.finish_layout()
        (self.password_edit if clerk else self.name_edit).setFocus()

    @property
    def body(self) -> dict:
        name = self.name_edit.text().strip()
        return {"name": name, "password": self.password_edit.text()} if name else {"name": ""}
