"""The quiet toast that suggests a break: Breathe now, Snooze or Not now.
A nudge left alone is answered as ignored."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Signal
from PySide6.QtWidgets import QWidget

from companion.core.models import NudgeAnswer, NudgeReason

from .toast import ChoiceToast


class NudgeToast(ChoiceToast):
    answered = Signal(int, object)  # the nudge's id and its NudgeAnswer

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
        self.snooze_button.setAccessibleName(self.tr("Snooze: remind me again in {minutes} min").format(minutes=minutes))
        self.ask(text, int(self._settings["nudge_answer_minutes"]) * 60_000, tray_rect)

    def _answered(self, answer: str) -> None:
        nudge_id, self._nudge_id = self._nudge_id, None
        if nudge_id is not None:
            self.answered.emit(nudge_id, NudgeAnswer(answer))


def nudge_text(reason: NudgeReason, rough_run: int, stretch_minutes: int) -> str:
    """What a nudge says, in the person's language: one whole sentence per case,
    so no translation has to stitch a number and a plural together."""
    translate = QCoreApplication.translate
    if reason is NudgeReason.ROUGH_STREAK:
        if rough_run <= 1:
            return translate("NudgeToast", "That was a rough one, and none of it was about you. "
                                           "A minute of slow breathing before the next call?")
        return translate("NudgeToast", "That's {count} rough calls in a row. None of that was about you. "
                                       "A minute of slow breathing before the next one?").format(count=rough_run)
    hours, minutes = divmod(max(0, stretch_minutes), 60)
    if hours:
        return translate("NudgeToast", "You've been at it for {hours} h {minutes} min without a break. "
                                       "Stand up, stretch, get some water?").format(hours=hours,
                                                                                    minutes=f"{minutes:02d}")
    return translate("NudgeToast", "You've been at it for {minutes} min without a break. "
                                   "Stand up, stretch, get some water?").format(minutes=minutes)
