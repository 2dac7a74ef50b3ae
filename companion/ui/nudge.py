"""The quiet toast that suggests a break: Breathe now, Snooze or Not now.
A nudge left alone is answered as ignored."""

from __future__ import annotations

from PySide6.QtCore import QRect, Signal
from PySide6.QtWidgets import QWidget

from companion.core.models import NudgeAnswer

from .toast import ChoiceToast


class NudgeToast(ChoiceToast):
    answered = Signal(int, str)

    def __init__(self, settings, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("A moment for you"),
            [(NudgeAnswer.BREATHE.value, self.tr("Breathe now"), self.tr("Breathe now: start a breathing minute")),
             (NudgeAnswer.SNOOZE.value, "", ""),
             (NudgeAnswer.NOT_NOW.value, self.tr("Not now"), self.tr("Not now: close this suggestion"))],
            on_escape=NudgeAnswer.NOT_NOW.value, on_expiry=NudgeAnswer.IGNORED.value, parent=parent)
        self.setAccessibleName(self.tr("A suggestion to take a break"))
        self.message.setAccessibleName(self.tr("Suggestion"))
        self.breathe_button = self.buttons[NudgeAnswer.BREATHE.value]
        self.snooze_button = self.buttons[NudgeAnswer.SNOOZE.value]
        self.not_now_button = self.buttons[NudgeAnswer.NOT_NOW.value]
        self._settings = settings
        self._nudge_id: int | None = None
        self.chosen.connect(self._answered)

    @property
    def nudge_id(self) -> int | None:
        """The nudge waiting for an answer, if one is showing."""
        return self._nudge_id

    def show_nudge(self, nudge_id: int, text: str, tray_rect: QRect | None = None) -> None:
        if self.waiting:
            self._finish(NudgeAnswer.IGNORED.value)
        self._nudge_id = nudge_id
        minutes = int(self._settings["snooze_minutes"])
        self.snooze_button.setText(self.tr("Snooze %n min", "", minutes))
        self.snooze_button.setAccessibleName(self.tr("Snooze: remind me again in %n minutes", "", minutes))
        self.ask(text, int(self._settings["nudge_answer_minutes"]) * 60_000, tray_rect)

    def _answered(self, answer: str) -> None:
        nudge_id, self._nudge_id = self._nudge_id, None
        if nudge_id is not None:
            self.answered.emit(nudge_id, answer)
