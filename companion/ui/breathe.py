"""The "mute & breathe" window: a calm pacer, then "How do you feel now?".

Where the breath is comes from core.breathing as a function of clock time, so
the pacer never drifts when frames are dropped and tests drive it with a
FakeClock. The microphone is restored on every way out of a session."""

from __future__ import annotations

import math
import time
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from companion.core.breathing import (
    Pattern,
    breath_at,
    countdown_text,
    pattern_named,
    phase_changed,
)
from companion.platform.mic import MicStatus

from ..platform.sound import SoundCue
from .breathe_layout import BreatheLayout, _font
from .first_paint import FirstPaint
from .pacer import Colours
from .placement import fit_to_screen
from .style import FollowsPalette

FRAME_MS = 16  # smooth growth on a 60 Hz screen
CALM_FRAME_MS = 250  # reduce motion: the ring and numbers only need a few updates a second
EXTEND_SECONDS = 30
# With the words card beside "How do you feel now?" the window is this wide
# from the start, so the rating page never makes it grow (and move).
WIDTH_WITH_WORDS = 820
RECENT_MOOD = timedelta(minutes=15)
# How long a start waits for the window's first paint before it mutes anyway (seconds).
FIRST_PAINT_WAIT = 0.2


class BreatheWindow(FollowsPalette, BreatheLayout, QWidget):
    session_ended = Signal(int)  # breath session id, when the breathing part ends

    words_requested = Signal()

    def __init__(self, service, microphone, parent: QWidget | None = None, card=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.card = card
        self.service = service  # companion.service.Service: the session is recorded through it
        self.settings = service.settings
        self.clock = service.clock
        self.microphone = microphone
        self.colours = Colours.from_system()
        self.cue = SoundCue()

        self.session_id: int | None = None
        self._starting = False  # between the first paint and the mute (start)
        self.pattern: Pattern | None = None
        self.planned_seconds = 0
        self.mic_status: MicStatus | None = None
        self._mic_muted = False  # mute() was called and restore() not yet
        self._started = 0.0  # monotonic start of the session: drives the countdown
        self._pattern_started = 0.0  # monotonic start of the current pattern
        self._last_pattern_elapsed = 0.0
        self._reduce_motion = False
        self._place: QPoint | None = None  # where the window was last shown: the next session opens there

        self.setObjectName("breathe")
        self.setWindowTitle(self.tr("Breathe — Companion"))
        self.setAccessibleName(self.tr("Breathe"))

        self.frame_timer = QTimer(self)
        self.frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self.tick)

        self.pages = QStackedLayout(self)
        self.breathing_page = self._build_breathing_page()
        self.rating_page = self._build_rating_page()
        self.pages.addWidget(self.breathing_page)
        self.pages.addWidget(self._with_words(self.rating_page))
        self._apply_colours()
        # One size for both pages and every session; only the person resizes it.
        fit_to_screen(self, WIDTH_WITH_WORDS if card is not None else 420, 520)

        app = QApplication.instance()
        if app is not None:
            # A quit from the tray mid-session must still give the mic back.
            app.aboutToQuit.connect(self._on_quit)

    def _build_rating_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(26, 26, 26, 22)
        layout.addStretch(2)

        self.after_label = QLabel(page)
        self.after_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.after_label.setWordWrap(True)
        self.after_label.setProperty("role", "soft")
        layout.addWidget(self.after_label)
        layout.addSpacing(10)

        # The question holds the focus when the page opens: a screen reader
        # reads it, and no answer looks chosen before the person chooses.
        self.question_label = question = QLabel(self.tr("How do you feel now?"), page)
        question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        question.setFont(_font(self.font(), 20, QFont.Weight.DemiBold))
        layout.addWidget(question)
        layout.addSpacing(18)

        row = QHBoxLayout()
        row.setSpacing(10)
        row.addStretch(1)
        self.rate_buttons: list[QPushButton] = []
        # Round buttons that still hold their digit when the text is large.
        self._rate_side = max(56, QFontMetrics(_font(self.font(), 17, QFont.Weight.DemiBold)).height() + 24)
        names = {
            1: self.tr("1 of 5, feeling low"),
            2: self.tr("2 of 5"),
            3: self.tr("3 of 5, in between"),
            4: self.tr("4 of 5"),
            5: self.tr("5 of 5, feeling good"),
        }
        under = {1: self.tr("low"), 5: self.tr("good")}
        for n in range(1, 6):
            column = QVBoxLayout()
            column.setSpacing(4)
            button = QPushButton(str(n), page)
            button.setObjectName("rate")
            button.setFont(_font(self.font(), 17, QFont.Weight.DemiBold))
            button.setFixedSize(self._rate_side, self._rate_side)
            button.setAccessibleName(names[n])
            button.clicked.connect(lambda _=False, n=n: self.rate(n))
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            word = QLabel(under.get(n, ""), page)
            word.setAlignment(Qt.AlignmentFlag.AlignCenter)
            word.setProperty("role", "soft")
            column.addWidget(word)
            row.addLayout(column)
            self.rate_buttons.append(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.skip_button = QPushButton(self.tr("Skip"), page)
        self.skip_button.setAccessibleName(self.tr("Skip the question and close"))
        self.skip_button.clicked.connect(self.skip)
        bottom.addWidget(self.skip_button)
        layout.addLayout(bottom)
        return page

    def _apply_style(self) -> None:
        self.colours = Colours.from_system()
        self._apply_colours()

    def _centre(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        frame = self.frameGeometry()
        frame.moveCenter(screen.availableGeometry().center())
        self.move(frame.topLeft())

    def _put_back(self) -> None:
        """Where the last session was, if that is still on a screen; centred the first time."""
        place = self._place
        if place is None or QGuiApplication.screenAt(QRect(place, self.frameGeometry().size()).center()) is None:
            self._centre()
        else:
            self.move(place)

    def hideEvent(self, event) -> None:  # noqa: N802
        self._place = self.pos()  # the frame's top-left, as move() takes it
        super().hideEvent(event)

    def _bring_up(self) -> None:
        # The user asked for this window from the tray, so it may take focus:
        # that is what lets Esc work straight away.
        if not self.isVisible():
            self._put_back()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- session -------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.session_id is not None and self.pages.currentWidget() is self.breathing_page

    def start(self, seconds: int | None = None, pattern: str | None = None) -> None:
        if self.running or self._starting:  # a second click or key press while it opens
            self._bring_up()
            return
        name = pattern or self.settings["pattern"]
        chosen = pattern_named(name, self.settings.values)  # a bad name fails before the mic is touched
        self.planned_seconds = int(seconds if seconds is not None else self.settings["session_seconds"])
        self.pattern = chosen
        self._starting = True
        try:
            self._show_first(chosen.name)
            self._begin(chosen)
        finally:
            self._starting = False

    def _show_first(self, pattern: str) -> None:
        """The window on screen before the microphone work (a few runs of the
        mixer, some 50 ms): Breathe appears as fast as a plain window would,
        saying it is muting, and the mute follows within this same start."""
        painted: list[bool] = []
        FirstPaint(self, lambda: painted.append(True))
        self._show_pattern(pattern)
        self.mic_banner.setProperty("warning", False)
        self.mic_label.setText(self.tr("Muting your microphone…"))
        self.pages.setCurrentWidget(self.breathing_page)
        self._bring_up()
        # The window system's time, not the app's clock: a test's fake clock never moves by itself.
        deadline = time.monotonic() + FIRST_PAINT_WAIT
        while not painted and self.isVisible() and time.monotonic() < deadline:
            # Only window-system events: a click or key cannot land in a half-started session.
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 10)

    def _show_pattern(self, name: str) -> None:
        index = self.pattern_box.findData(name)
        self.pattern_box.blockSignals(True)
        self.pattern_box.setCurrentIndex(max(0, index))
        self.pattern_box.blockSignals(False)

    def _begin(self, chosen) -> None:
        self.mic_status = self._mute()
        self._show_mic(self.mic_status)
        try:
            session = self.service.start_breathing(
                chosen.name, self.planned_seconds, mic=_mic_record(self.mic_status), mood_within=RECENT_MOOD
            )
        except BaseException:
            self._restore_mic()
            raise
        self.session_id = session.id

        now = self.clock.monotonic()
        self._started = self._pattern_started = now
        self._last_pattern_elapsed = 0.0
        self.pages.setCurrentWidget(self.breathing_page)
        self._reduce_motion = bool(self.settings["reduce_motion"])
        self.frame_timer.setInterval(CALM_FRAME_MS if self._reduce_motion else FRAME_MS)
        self.tick()
        self.frame_timer.start()
        self._bring_up()
        self.end_button.setFocus()
        if not self.mic_status.supported:  # said at once, over whatever the screen reader was reading
            _announce(self.mic_banner, f"{self.mic_heading.text()}. {self.mic_label.text()}")

    def seconds_left(self) -> float:
        return self.planned_seconds - (self.clock.monotonic() - self._started)

    def tick(self) -> None:
        if not self.running or self.pattern is None:
            self.frame_timer.stop()
            return
        left = self.seconds_left()
        if left <= 0:
            self._end(completed=True)
            return
        reduce_motion = bool(self.settings["reduce_motion"])
        if reduce_motion != self._reduce_motion:
            self._reduce_motion = reduce_motion
            self.frame_timer.setInterval(CALM_FRAME_MS if reduce_motion else FRAME_MS)

        elapsed = self.clock.monotonic() - self._pattern_started
        if phase_changed(self.pattern, self._last_pattern_elapsed, elapsed) and self.settings["sound_cue"]:
            self.cue.play()
        self._last_pattern_elapsed = elapsed

        point = breath_at(self.pattern, elapsed)
        self.pacer.show_point(point.size, point.phase_progress, reduce_motion)
        self.phase_label.setText(self._phase_words(point.phase.kind))
        self.phase_seconds_label.setText(self.tr("{seconds} s").format(seconds=max(1, math.ceil(point.phase_left))))
        self.countdown_label.setText(self.tr("{time} left").format(time=countdown_text(left)))

    def _phase_words(self, kind: str) -> str:
        return {
            "in": self.tr("Breathe in"),
            "top_up": self.tr("A little more in"),
            "hold": self.tr("Hold"),
            "out": self.tr("Breathe out slowly"),
        }[kind]

    def extend(self) -> None:
        if not self.running:
            return
        self.planned_seconds += EXTEND_SECONDS
        self.tick()

    def _pattern_chosen(self, index: int) -> None:
        if not self.running:
            return
        self.pattern = pattern_named(self.pattern_box.itemData(index), self.settings.values)
        # The new rhythm starts from its first breath in; the countdown carries on.
        self._pattern_started = self.clock.monotonic()
        self._last_pattern_elapsed = 0.0
        self.tick()

    def end_now(self) -> None:
        if self.running:
            self._end(completed=False)

    def _end(self, completed: bool) -> None:
        session_id = self.session_id
        assert session_id is not None
        self.frame_timer.stop()
        self.pages.setCurrentWidget(self.rating_page)
        try:
            self._restore_mic()
        finally:
            self.service.end_breathing(session_id, completed=completed, planned_seconds=self.planned_seconds)
        if completed:
            self.after_label.setText(self.tr("Well done. You gave yourself a calm minute."))
        else:
            self.after_label.setText(self.tr("Even a short pause helps."))
        self.question_label.setFocus()  # not a rating button: Enter or Space must not answer for the person
        self.session_ended.emit(session_id)

    def rate(self, mood: int) -> None:
        if self.session_id is None or self.running:
            return
        self.service.rate_breathing(self.session_id, mood)
        self.session_id = None
        self.close()

    def skip(self) -> None:
        self.session_id = None
        self.close()

    # -- microphone ----------------------------------------------------------
    def _mute(self) -> MicStatus:
        try:
            status = self.microphone.mute()
        except Exception as exc:  # an OS mixer failing must not stop the breathing
            self._mic_muted = True  # restore() anyway: a partial mute must be undone
            return MicStatus(False, False, self.tr("Your microphone could not be muted ({error}). Use the "
                                                   "mute button on your headset or softphone.").format(error=exc))
        self._mic_muted = True
        return status

    def _restore_mic(self) -> None:
        if self._mic_muted:
            self._mic_muted = False
            self.microphone.restore()

    def _show_mic(self, status: MicStatus) -> None:
        """Muted (by us or already): one quiet line. Not muted: the warning band,
        icon and heading, first on the page, for the caller may hear the agent."""
        warning = not status.supported
        self.mic_label.setText(self._mic_words(status))
        self.mic_label.setAlignment(Qt.AlignmentFlag.AlignLeft if warning else Qt.AlignmentFlag.AlignCenter)
        self.mic_icon.setVisible(warning)
        self.mic_heading.setVisible(warning)
        if warning and self.mic_icon.pixmap().isNull():
            side = self.mic_heading.fontMetrics().height() * 3 // 2
            self.mic_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(side))
        banner = self.mic_banner
        banner.setAccessibleName(self.mic_heading.text() if warning else self.tr("Microphone"))
        banner.setAccessibleDescription(self.mic_label.text())
        banner.setProperty("warning", warning)
        for widget in (banner, *banner.findChildren(QLabel)):  # the style sheet reads the property anew
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _mic_words(self, status: MicStatus) -> str:
        if not status.supported:
            return status.message
        if status.muted_by_us:
            return self.tr("Microphone muted")
        return self.tr("Your microphone was already muted; it stays muted afterwards.")

    # -- leaving ---------------------------------------------------------------
    def _on_quit(self) -> None:
        if self.running:
            self._end(completed=False)

    def closeEvent(self, event) -> None:  # noqa: N802
        try:
            if self.running:
                self._end(completed=False)
        finally:
            self._restore_mic()
            self.frame_timer.stop()
            self.session_id = None
            self.pages.setCurrentWidget(self.breathing_page)
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = int(event.key())
        if self.running:
            if key == int(Qt.Key.Key_Escape):
                self.end_now()
                return
        elif self.pages.currentWidget() is self.rating_page:
            if key == int(Qt.Key.Key_Escape):
                self.skip()
                return
            if int(Qt.Key.Key_1) <= key <= int(Qt.Key.Key_5):
                self.rate(key - int(Qt.Key.Key_0))
                return
        super().keyPressEvent(event)


def _announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say `text` now, interrupting (a live region's "assertive")."""
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def _mic_record(status: MicStatus) -> str:
    """The short mic state kept with the session, for the review."""
    if not status.supported:
        return "unsupported"
    return "muted" if status.muted_by_us else "already muted"
