"""The end-of-day check-in: one quiet question when work hours end, "How much
energy is left for your evening?", answered with one click from 1 to 5.

It never takes the keyboard and never insists: Later asks again after the
snooze time, Skip today stores a skip so it is not asked again, and a prompt
left alone steps aside by itself. When it is due is decided by
core.selfcheck; the app keeps the one timer for that moment and re-arms it
when the prompt is answered or skipped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from companion.core.selfcheck import checkin_due

from .placement import (
    POPUP_FLAGS, apply_popup_style, bold, calm_panel, make_popup, place_near_tray, show_without_focus,
)

# A prompt nobody touched for this long is moved out of the way (counted as "later").
LEFT_ALONE_MS = 5 * 60_000



class CheckinPrompt(QWidget):
    answered = Signal(int)  # energy 1..5, already stored
    skipped = Signal()  # stored as a skip for today
    snoozed = Signal()

    def __init__(self, service, tray_rect: Callable[[], QRect | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, POPUP_FLAGS)
        make_popup(self)
        self.setAccessibleName(self.tr("End of the day check-in"))
        self.service = service  # companion.service.Service: the answer is recorded through it
        self.store, self.settings, self.clock = service.store, service.settings, service.clock
        self.tray_rect = tray_rect or (lambda: None)
        self.snooze_timer = QTimer(self, singleShot=True)
        self.snooze_timer.timeout.connect(self.offer)
        self.idle_timer = QTimer(self, singleShot=True, interval=LEFT_ALONE_MS)
        self.idle_timer.timeout.connect(self.snooze)
        self._build()

    def _build(self) -> None:
        panel, lay = calm_panel(self, (18, 14, 18, 16), 10)

        self.question = bold(QLabel(self.tr("How much energy is left for your evening?"), panel), 1.15)
        self.question.setWordWrap(True)
        # The panel's least width, set on the question so wider buttons still widen it.
        self.question.setMinimumWidth(324)
        lay.addWidget(self.question)
        hint = QLabel(self.tr("1 means running on empty, 5 means plenty left."), panel)
        hint.setObjectName("quiet")
        hint.setWordWrap(True)
        lay.addWidget(hint)

        row = QHBoxLayout()
        row.setSpacing(6)
        names = {
            1: self.tr("1: running on empty"), 2: self.tr("2: not much left"), 3: self.tr("3: some left"),
            4: self.tr("4: a good amount left"), 5: self.tr("5: plenty left"),
        }
        self.energy_buttons: dict[int, QPushButton] = {}
        for energy in range(1, 6):
            button = QPushButton(str(energy), panel)
            button.setAccessibleName(names[energy])
            button.setToolTip(names[energy])
            button.setMinimumWidth(44)
            button.clicked.connect(lambda _=False, e=energy: self.choose(e))
            row.addWidget(button)
            self.energy_buttons[energy] = button
        lay.addLayout(row)

        row = QHBoxLayout()
        row.addStretch(1)
        self.later_button = QPushButton(self.tr("Later"), panel)
        self.later_button.setAccessibleName(self.tr("Ask me again a little later"))
        self.later_button.clicked.connect(self.snooze)
        self.skip_button = QPushButton(self.tr("Skip today"), panel)
        self.skip_button.setAccessibleName(self.tr("Skip today's check-in"))
        self.skip_button.clicked.connect(self.skip)
        row.addWidget(self.later_button)
        row.addWidget(self.skip_button)
        lay.addLayout(row)
        apply_popup_style(self)

    # -- showing and answering ----------------------------------------------------
    def offer(self) -> bool:
        """Show the question if it is due now; True if it is showing."""
        if not checkin_due(self.store, self.settings, self.clock.now()):
            return False
        if not self.isVisible():
            apply_popup_style(self)
            place_near_tray(self, self.tray_rect())
            show_without_focus(self)
        self.idle_timer.start()
        return True

    def _done(self) -> None:
        self.idle_timer.stop()
        self.snooze_timer.stop()
        self.hide()

    def choose(self, energy: int) -> None:
        self.service.check_in(energy)
        self._done()
        self.answered.emit(energy)

    def skip(self) -> None:
        self.service.check_in(None)
        self._done()
        self.skipped.emit()

    def snooze(self) -> None:
        self.idle_timer.stop()
        self.hide()
        self.snooze_timer.start(int(self.settings["snooze_minutes"]) * 60_000)
        self.snoozed.emit()

    def closeEvent(self, event) -> None:
        # Closed means gone for good (quit, or a test's teardown): nothing may
        # come back later asking a store that is closed by then.
        self.idle_timer.stop()
        self.snooze_timer.stop()
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.choose(key - Qt.Key.Key_0)
            return
        if key == Qt.Key.Key_Escape:
            self.snooze()
            return
        super().keyPressEvent(event)
