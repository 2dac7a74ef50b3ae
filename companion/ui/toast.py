"""A quiet panel near the tray that offers a few one-click choices.

It never takes the keyboard. Left alone it closes itself after a while and
reports that as its own answer, because an unanswered question is worth
knowing about too. Nudges and the after-call question are both made of it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .placement import (
    POPUP_FLAGS, apply_popup_style, bold, calm_panel, make_popup, place_near_tray, show_without_focus,
)


class ChoiceToast(QWidget):
    chosen = Signal(str)

    def __init__(self, title: str, choices: list[tuple[str, str, str]], on_escape: str, on_expiry: str,
                 parent: QWidget | None = None, suggest_first: bool = True) -> None:
        """choices: (answer, button text, accessible name), the first one stands out
        when `suggest_first`."""
        super().__init__(parent, POPUP_FLAGS)
        make_popup(self)
        self._on_escape, self._on_expiry = on_escape, on_expiry
        self._open = False
        self.expire_timer = QTimer(self)
        self.expire_timer.setSingleShot(True)
        self.expire_timer.timeout.connect(lambda: self._finish(self._on_expiry))

        panel, lay = calm_panel(self, (18, 14, 18, 16), 12)
        self.title = bold(QLabel(title, panel), 1.15)
        lay.addWidget(self.title)
        self.message = QLabel(panel)
        self.message.setWordWrap(True)
        # The panel's least width, set on the text so wider buttons still widen it.
        self.message.setMinimumWidth(304)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.message)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for index, (answer, text, accessible) in enumerate(choices):
            button = QPushButton(text, panel)
            button.setAccessibleName(accessible)
            if index == 0 and suggest_first:
                button.setObjectName("primary")
            button.clicked.connect(lambda _=False, a=answer: self._finish(a))
            row.addWidget(button)
            self.buttons[answer] = button
        row.addStretch(1)
        lay.addLayout(row)
        apply_popup_style(self)

    @property
    def waiting(self) -> bool:
        return self._open

    def ask(self, text: str, expire_ms: int, tray_rect: QRect | None = None) -> None:
        if self._open:
            self._finish(self._on_expiry)
        self._open = True
        self.message.setText(text)
        apply_popup_style(self)
        self.adjustSize()
        place_near_tray(self, tray_rect)
        show_without_focus(self)
        self.expire_timer.start(expire_ms)

    def show_again(self, tray_rect: QRect | None = None) -> bool:
        """Back after another surface's turn, if its question is still open
        (its time runs on meanwhile: one that went unanswered stays gone)."""
        if not self._open:
            return False
        place_near_tray(self, tray_rect)
        show_without_focus(self)
        return True

    def answer(self, answer: str) -> None:
        """Answered from elsewhere (its choice made another way): it goes."""
        self._finish(answer)

    def _finish(self, answer: str) -> None:
        if not self._open:
            return
        self._open = False
        self.expire_timer.stop()
        self.hide()
        self.chosen.emit(answer)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self._open:
            self._finish(self._on_escape)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        # Closed without a choice (the app quitting, say): it went unanswered.
        self._finish(self._on_expiry)
        super().closeEvent(event)
