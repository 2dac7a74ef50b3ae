""""How was that call?" when the microphone goes quiet after a call: one click
logs it. Shown only when the app can tell a call just ended."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from companion.core.models import Rating

from .toast import ChoiceToast

SKIPPED = "skipped"
SHOWN_MS = 2 * 60_000


class AfterCallToast(ChoiceToast):
    rated = Signal(object)  # the Rating clicked
    skipped = Signal()  # Esc, or left alone until it went

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("How was that call?"),
            [(Rating.ROUGH.value, self.tr("Rough"), self.tr("Log a rough call")),
             (Rating.OK.value, self.tr("OK"), self.tr("Log an OK call")),
             (Rating.GREAT.value, self.tr("Great"), self.tr("Log a great call"))],
            on_escape=SKIPPED, on_expiry=SKIPPED, parent=parent, suggest_first=False)
        self.setAccessibleName(self.tr("How was that call?"))
        self.chosen.connect(self._chosen)

    def _chosen(self, key: str) -> None:
        if key in {r.value for r in Rating}:
            self.rated.emit(Rating(key))
        else:
            self.skipped.emit()

    def ask_after(self, minutes: int, tray_rect=None) -> None:
        text = self.tr("One click logs it. That call lasted about {minutes} min.").format(minutes=max(1, minutes))
        self.ask(text, SHOWN_MS, tray_rect)
