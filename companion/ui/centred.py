"""Where a large window first opens: in the middle of the screen it is on,
not at the screen's top-left corner (where a window manager, or none, puts a
window that never said where it wants to be). Once placed, the window is kept
for the session and Qt keeps its place and size between showings."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# About the height of a title bar, which the window manager adds above the window.
TITLE_ROOM = 30


def centred_position(width: int, height: int, area: QRect) -> QPoint:
    """Top-left corner for a width x height window centred in `area`; a window
    larger than the area starts at its top-left, so its title bar stays reachable."""
    x = area.x() + max(0, (area.width() - width) // 2)
    y = area.y() + max(0, (area.height() - height - TITLE_ROOM) // 2)
    return QPoint(x, y)


def centre_on_screen(window: QWidget) -> None:
    """Move a not yet shown window to the middle of its screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    window.move(centred_position(window.width(), window.height(), screen.availableGeometry()))
