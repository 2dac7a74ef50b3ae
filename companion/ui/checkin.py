"""The end-of-day check-in: one quiet question when work hours end, "How much
energy is left for your evening?", answered with one click from 1 to 5.

It never takes the keyboard, never stays above the agent's own windows and
never insists: Later asks once more after the snooze time (one Later an
evening, kept across a restart), Skip today stores a skip so it is not asked
again, and a prompt left alone steps aside by itself. When it is due (only
after a day actually worked) is decided by core.selfcheck through the
service; the app keeps the one timer for that moment and re-arms it when the
prompt is answered, skipped or put off."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .placement import apply_popup_style, bold, calm_panel, make_popup, place_near_tray, show_without_focus

# A prompt nobody touched for this long is moved out of the way (counted as "later").
LEFT_ALONE_MS = 5 * 60_000
# A quiet window beside the tray: not above the agent's other windows, and one
# the window manager never hands the keyboard to (not even when another
# Companion window closes), so no key meant for something else answers it.
CHECKIN_FLAGS = Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus


class CheckinPrompt(QWidget):
    keyboard_asked = False  # the person came for it from the tray menu (take_keyboard)
    answered = Signal(int)  # energy 1..5, already stored
    skipped = Signal()  # stored as a skip for today
    snoozed = Signal()

    def __init__(self, service, tray_rect: Callable[[], QRect | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, CHECKIN_FLAGS)
        make_popup(self)
        self.setAccessibleName(self.tr("End of the day check-in"))
        self.service = service  # companion.service.Service: the answer is recorded through it
        self.store, self.settings, self.clock = service.store, service.settings, service.clock
        self.tray_rect = tray_rect or (lambda: None)
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
        # Tab reaches every button, but none gets the focus just because the
        # window did (a platform activating it when another window closed): a
        # Space or Enter meant for that window must answer nothing.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for button in [*self.energy_buttons.values(), self.later_button, self.skip_button]:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.installEventFilter(self)
        apply_popup_style(self)

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.FocusIn and event.reason() == Qt.FocusReason.ActiveWindowFocusReason
                and not self.keyboard_asked):
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # the window, where no key answers
        return False

    # -- showing and answering ----------------------------------------------------
    def offer(self) -> bool:
        """Show the question if it is due now; True if it is showing."""
        if not self.service.checkin_due():
            return False
        # Its one Later used, it offers only the answers and Skip today.
        self.later_button.setVisible(self.service.checkin_later_left())
        if not self.isVisible():
            apply_popup_style(self)
            place_near_tray(self, self.tray_rect())
            show_without_focus(self)
        self.idle_timer.start()
        return True

    def step_aside(self) -> None:
        """Hidden, unanswered, for another surface's turn; `offer` brings it back."""
        self.idle_timer.stop()
        self.hide()

    def take_keyboard(self) -> None:
        """Asked for from the tray menu: now the keys may answer (Tab, Space),
        so the window takes the focus this once, on the first answer."""
        self.keyboard_asked = True
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, False)
        self.show()  # a changed flag takes effect when shown again
        self.raise_()
        self.activateWindow()
        self.energy_buttons[1].setFocus(Qt.FocusReason.TabFocusReason)

    def _done(self) -> None:
        self.idle_timer.stop()
        self.hide()
        self.keyboard_asked = False
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)  # never focused unasked again

    def choose(self, energy: int) -> None:
        self.service.check_in(energy)
        self._done()
        self.answered.emit(energy)

    def skip(self) -> None:
        self.service.check_in(None)
        self._done()
        self.skipped.emit()

    def snooze(self) -> None:
        """Later (or left alone): the service notes it and the app's timer asks
        again after the snooze time, or not this evening once Later was used."""
        self._done()
        self.service.put_off_checkin()
        self.snoozed.emit()

    def closeEvent(self, event) -> None:
        # Closed means gone for good (quit, or a test's teardown): nothing may
        # come back later asking a store that is closed by then.
        self.idle_timer.stop()
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:
        # No number keys: a digit typed for a window that just closed must not
        # answer. Reached on purpose, Escape puts it off as Later does.
        if event.key() == Qt.Key.Key_Escape:
            self.snooze()
            return
        super().keyPressEvent(event)
