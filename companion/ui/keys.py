"""Keys every Companion window answers the same way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence


class ClosesOnEscape:
    """Mix in before the Qt widget class: Esc, or the desktop's Close shortcut
    (Ctrl+W on most), closes the window, so a person who opened it from the
    tray in the middle of a shift is back at their work with one key."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close):
            self.close()
            return
        super().keyPressEvent(event)
