"""The quiet toast that suggests a break: Breathe now, Snooze or Not now.

It never takes the keyboard, and a nudge left alone closes itself and is
answered as ignored, because an ignored nudge is worth knowing about too."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.core.models import NudgeAnswer

from .placement import POPUP_FLAGS, apply_popup_style, place_near_tray, show_without_focus


class NudgeToast(QWidget):
    answered = Signal(int, str)

    def __init__(self, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent, POPUP_FLAGS)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)
        self.setAccessibleName(self.tr("A suggestion to take a break"))
        self._settings = settings
        self._nudge_id: int | None = None
        self.expire_timer = QTimer(self)
        self.expire_timer.setSingleShot(True)
        self.expire_timer.timeout.connect(lambda: self._finish(NudgeAnswer.IGNORED))
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        panel = QFrame(self)
        panel.setObjectName("panel")
        panel.setMinimumWidth(340)
        outer.addWidget(panel)
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(18, 14, 18, 16)
        lay.setSpacing(12)

        self.title = QLabel(self.tr("A moment for you"), panel)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        lay.addWidget(self.title)

        self.message = QLabel(panel)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Suggestion"))
        lay.addWidget(self.message)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.breathe_button = QPushButton(self.tr("Breathe now"), panel)
        self.breathe_button.setObjectName("primary")
        self.breathe_button.setAccessibleName(self.tr("Breathe now: start a breathing minute"))
        self.snooze_button = QPushButton(panel)
        self.not_now_button = QPushButton(self.tr("Not now"), panel)
        self.not_now_button.setAccessibleName(self.tr("Not now: close this suggestion"))
        for button, answer in ((self.breathe_button, NudgeAnswer.BREATHE),
                               (self.snooze_button, NudgeAnswer.SNOOZE),
                               (self.not_now_button, NudgeAnswer.NOT_NOW)):
            button.clicked.connect(lambda _=False, a=answer: self._finish(a))
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)

        apply_popup_style(self)

    @property
    def nudge_id(self) -> int | None:
        """The nudge waiting for an answer, if one is showing."""
        return self._nudge_id

    def show_nudge(self, nudge_id: int, text: str, tray_rect: QRect | None = None) -> None:
        if self._nudge_id is not None:
            self._finish(NudgeAnswer.IGNORED)
        self._nudge_id = nudge_id
        self.message.setText(text)
        minutes = int(self._settings["snooze_minutes"])
        self.snooze_button.setText(self.tr("Snooze %n min", "", minutes))
        self.snooze_button.setAccessibleName(self.tr("Snooze: remind me again in %n minutes", "", minutes))
        apply_popup_style(self)
        place_near_tray(self, tray_rect)
        show_without_focus(self)
        self.expire_timer.start(int(self._settings["nudge_answer_minutes"]) * 60_000)

    def _finish(self, answer: NudgeAnswer) -> None:
        nudge_id, self._nudge_id = self._nudge_id, None
        self.expire_timer.stop()
        self.hide()
        if nudge_id is not None:
            self.answered.emit(nudge_id, answer.value)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self._nudge_id is not None:
            self._finish(NudgeAnswer.NOT_NOW)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        # Closed without a choice (the app quitting, say): the nudge went unanswered.
        if self._nudge_id is not None:
            self._finish(NudgeAnswer.IGNORED)
        super().closeEvent(event)
