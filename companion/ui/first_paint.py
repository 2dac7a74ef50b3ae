"""Calls a function once, when a widget first paints: the moment a person
first sees it. The review's marks and the benchmark's shortcut-to-Breathe
figure are taken this way (in the app only when COMPANION_READY_FILE is set)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """`then()` once, after the watched widget's next paint: at once, or with
    `next_turn` on the next turn of the event loop (so the window is on
    screen before whatever `then` starts)."""

    def __init__(self, watched: QWidget, then, next_turn: bool = False) -> None:
        super().__init__(watched)
        self.then, self.next_turn = then, next_turn
        watched.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self.then is not None:
            then, self.then = self.then, None
            watched.removeEventFilter(self)
            if self.next_turn:
                QTimer.singleShot(0, then)
            else:
                then()
        return False
