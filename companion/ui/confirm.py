"""The one way Companion asks before it does something that cannot be taken
back: a calm little dialog in the shared look that says what will happen, with
the two choices in plain words ("Delete this call" / "Keep it") rather than
Yes and No, and no warning icon.

The safe choice is the one the keyboard lands on: it has the focus, Enter
takes it and so does Escape, so a tired press of a key never deletes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .placement import bold
from .style import FollowsPalette, apply_window_look


class ConfirmDialog(FollowsPalette, QDialog):
    """`title`: the question in a few words; `text`: what it means; `act`:
    the button that does it; `keep`: the button that leaves everything as it
    is (and what Escape and Enter do)."""

    def __init__(self, title: str, text: str, act: str, keep: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirm")
        self.setWindowTitle(title)
        # A screen reader says the question and what it means as the dialog opens.
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(22, 18, 22, 16)
        lay.setSpacing(10)
        self.heading = bold(QLabel(title, self), 1.2)
        self.heading.setObjectName("confirm_title")
        self.heading.setWordWrap(True)
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName("confirm_text")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        # Long enough lines to read easily, and wider with large text.
        self.text_label.setMinimumWidth(min(max(360, self.fontMetrics().averageCharWidth() * 48), 900))
        lay.addWidget(self.heading)
        lay.addWidget(self.text_label)
        lay.addSpacing(6)

        self.act_button = QPushButton(act, self)
        self.act_button.setObjectName("danger")
        self.act_button.setAccessibleName(act)
        self.act_button.setAutoDefault(False)
        self.act_button.clicked.connect(self.accept)
        self.keep_button = QPushButton(keep, self)
        self.keep_button.setObjectName("primary")  # the safe choice is the one that stands out
        self.keep_button.setAccessibleName(keep)
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addStretch(1)
        row.addWidget(self.act_button)
        row.addWidget(self.keep_button)
        lay.addLayout(row)
        QWidget.setTabOrder(self.keep_button, self.act_button)
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._apply_style()

    def _apply_style(self) -> None:
        apply_window_look(self)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.keep_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def confirm(parent: QWidget | None, title: str, text: str, act: str, keep: str) -> bool:
    """Ask, and wait for the answer: True only when the person chose `act`."""
    dialog = ConfirmDialog(title, text, act, keep, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
