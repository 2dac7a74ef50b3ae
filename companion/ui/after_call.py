""""How was that call?" when the microphone goes quiet after a call: one click
logs it. Shown only when the app can tell a call just ended."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from companion.core.models import Rating

from .toast import ChoiceToast

SKIPPED = "skipped"
SHOWN_MS = 2 * 60_000


def question() -> str:
    """The question's words, here and in the notification that asks it
    where a popup cannot stay quiet (follow_ups.py)."""
    return QCoreApplication.translate("AfterCallToast", "How was that call?")


def choices() -> list[tuple[str, str, str]]:
    """Its answers: (Rating value, button, what the button does)."""
    translate = QCoreApplication.translate
    return [(Rating.ROUGH.value, translate("AfterCallToast", "Rough"), translate("AfterCallToast", "Log a rough call")),
            (Rating.OK.value, translate("AfterCallToast", "OK"), translate("AfterCallToast", "Log an OK call")),
            (Rating.GREAT.value, translate("AfterCallToast", "Great"), translate("AfterCallToast", "Log a great call"))]


def asked_text(minutes: int) -> str:
    return QCoreApplication.translate("AfterCallToast", "One click logs it. That call lasted about {minutes} min.") \
        .format(minutes=max(1, minutes))


class AfterCallToast(ChoiceToast):
    rated = Signal(object)  # the Rating clicked
    skipped = Signal()  # Esc, or left alone until it went

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(question(), choices(), on_escape=SKIPPED, on_expiry=SKIPPED, parent=parent,
                         suggest_first=False)
        self.setAccessibleName(question())
        self.chosen.connect(self._chosen)

    def _chosen(self, key: str) -> None:
        if key in {r.value for r in Rating}:
            self.rated.emit(Rating(key))
        else:
            self.skipped.emit()

    def ask_after(self, minutes: int, tray_rect=None) -> None:
        self.ask(asked_text(minutes), SHOWN_MS, tray_rect)
