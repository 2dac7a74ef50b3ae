"""The Qt side of one surface at a time (the rules are service/surfaces.py's):
it tells the queue when a surface by the tray is hidden and when Breathe
comes and goes. It decides nothing itself."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject

from companion.service.surfaces import SurfaceQueue

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class _Watch(QObject):
    def __init__(self, widget: QWidget, on_show: Callable[[], None] | None, on_hide: Callable[[], None]) -> None:
        super().__init__(widget)
        self._on_show, self._on_hide = on_show, on_hide
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # QEvent through its module, here: PySide builds QEvent's large enum on
        # first use (2-3 ms), which the tray icon's start need not wait for.
        kind, types = event.type(), QtCore.QEvent.Type
        if kind == types.Hide:
            self._on_hide()
        elif kind == types.Show and self._on_show is not None:
            self._on_show()
        return False


def report_hides(queue: SurfaceQueue, widget: QWidget, key: Hashable) -> None:
    """Each time `widget` is hidden (closed, answered, gone by itself), its turn is over."""
    _Watch(widget, None, lambda: queue.closed(key))


def once_hidden(widget: QWidget, then: Callable[[], None]) -> None:
    """`then`, once, when `widget` is next hidden."""
    def hidden() -> None:
        widget.removeEventFilter(watch)
        watch.deleteLater()
        then()

    watch = _Watch(widget, None, hidden)


def hold_while_shown(queue: SurfaceQueue, window: QWidget) -> None:
    """While `window` (Breathe) is on screen, no surface by the tray is."""
    _Watch(window, queue.hold, queue.release)
