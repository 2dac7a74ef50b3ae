"""Windows that follow the system between light and dark while they are open."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class FollowsPalette:
    """Mix in before the Qt widget class; the widget defines `_apply_style`.
    Qt 6 delivers ApplicationPaletteChange to event() only, never to
    changeEvent(), which is why this is an event() override."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._apply_style()
        return super().event(event)
