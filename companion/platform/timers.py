"""One way to make a timer, for the tray app and the platform's watches alike:
named (so a test or a debugger can find each with findChild), single-shot
unless asked otherwise, connected at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def named_timer(parent: QObject, name: str, on_timeout: Callable[[], None], interval_ms: int | None = None,
                single_shot: bool = True) -> QTimer:
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setSingleShot(single_shot)
    if interval_ms is not None:
        timer.setInterval(interval_ms)
    timer.timeout.connect(on_timeout)
    return timer
