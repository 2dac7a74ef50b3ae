"""The first-run welcome: one calm screen that says where Companion lives and
sets the three things worth setting on day one (work hours, when to suggest
a break, start at login). Skip keeps every default and writes nothing.

The person has just installed the app and is looking for it, so unlike the
tray popups this is an ordinary window that may take the keyboard."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core import paths
from companion.core.settings import BY_KEY, SPANS, SettingError, Settings, check_together, validate
from companion.translations import core_text

from .field_notes import READ_A_NOTE, FieldNote, number_box, typed_whole
from .placement import bold, fit_to_screen
from .style import FollowsPalette, apply_window_look

SAVED, SKIPPED = "saved", "skipped"
WORK_HOURS = next(span for span in SPANS if span.start == "work_start")


class _ScrollsOnlyWhenShort(QScrollArea):
    """A scroll area that asks for all of its page, so the window sizes to the
    page as before; only a screen too short for it brings the scroll bar."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not to the page

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # The page's layout hint leaves out the page's own minimum width.
        page = self.widget()
        return page.sizeHint().expandedTo(page.minimumSize()) if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # Never narrower than the page (nothing scrolls sideways: it would cut
        # the words and the buttons off); only the height may give way to scrolling.
        least = super().minimumSizeHint()
        return least.expandedTo(QSize(self.widget().minimumWidth(), 0)) if self.widget() is not None else least

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self.widget() is not None and self.widget().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.widget().heightForWidth(width)


class WelcomeWindow(FollowsPalette, QWidget):
    finished = Signal()  # saved or skipped; `outcome` says which

    def __init__(self, settings: Settings, parent: QWidget | None = None, shortcut: str = "") -> None:
        """`shortcut`: the Mute & breathe keys when they work on this desktop."""
        super().__init__(parent, Qt.WindowType.Window)
        self.settings, self._shortcut = settings, shortcut
        self.outcome: str | None = None
        self._noted_at = 0.0  # when a typed number was last refused (time.monotonic)
        self.setWindowTitle(self.tr("Welcome to Companion"))
        self.setAccessibleName(self.tr("Welcome to Companion"))
        self._build()
        self._apply_style()

    # -- building ----------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame = QFrame(self)
        frame.setObjectName("panel")
        # Wide enough to read in long lines, and wider still with large text.
        screen = self.screen() or QGuiApplication.primaryScreen()
        # ...but never wider than the screen leaves beside a scroll bar.
        room = (screen.availableGeometry().width() if screen is not None else 1280) - 24 - \
            self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        frame.setMinimumWidth(min(max(480, self.fontMetrics().averageCharWidth() * 64), 1100, room))
        # Where even the whole screen is too short (very large text), it scrolls rather than squeezing the words.
        self._scroll = scroll = _ScrollsOnlyWhenShort()
        scroll.setAccessibleName(self.tr("Welcome to Companion"))
        scroll.setWidget(frame)
        outer.addWidget(scroll)
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(24, 20, 24, 18)
        lay.setSpacing(10)

        top = QHBoxLayout()
        top.setSpacing(14)
        icon = QLabel(frame)
        size = self.fontMetrics().height() * 3
        icon.setPixmap(QIcon(str(paths.asset("companion.svg"))).pixmap(QSize(size, size)))
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        heading = bold(QLabel(self.tr("Welcome to Companion"), frame), 1.4)
        heading.setWordWrap(True)
        top.addWidget(heading, 1)
        lay.addLayout(top)

        from companion.platform.display import click_opens_menu

        tray = QLabel(self.tr(
            "Companion lives in your system tray, as a small teal circle near the clock. "
            "After a hard call, click it and choose Mute & breathe, the first item, to mute your microphone "
            "and breathe for a minute (a double click does it at once); the same menu logs how a call went, "
            "takes a break and opens everything else.") if click_opens_menu() else self.tr(
            "Companion lives in your system tray, as a small teal circle near the clock. "
            "After a hard call, click it to mute your microphone and breathe for a minute; "
            "right-click it to log how a call went, take a break or open everything else."), frame)
        tray.setWordWrap(True)
        lay.addWidget(tray)
        if self._shortcut:
            keys = QLabel(self.tr("From any window, {keys} does the same: your hands can stay on the keyboard. "
                                  "Settings can change it, and give Rough, OK and Great calls keys too.")
                          .format(keys=self._shortcut), frame)
            keys.setObjectName("welcome_shortcut")
            keys.setWordWrap(True)
            lay.addWidget(keys)
        lay.addWidget(self._quiet(self.tr("Three things to set now. You can change them any time in Settings."),
                                  frame))

        # Each setting sits right after its words, one short section each,
        # so the eye never has to cross the window to find a field.
        self.start_edit = self._time_edit(self.tr("Your work day starts at"), "work_start")
        self.end_edit = self._time_edit(self.tr("Your work day ends at"), "work_end")
        lay.addWidget(self._heading(self.tr("Work hours"), frame))
        hours = QHBoxLayout()
        hours.setSpacing(8)
        for caption, edit in ((self.tr("Starts at"), self.start_edit), (self.tr("Ends at"), self.end_edit)):
            hours.addWidget(self._label(caption, edit))
            hours.addWidget(edit)
            hours.addSpacing(16)
        hours.addStretch(1)
        lay.addLayout(hours)
        # Under the hours: the stretch of day they make ("22:00 – 06:00 (next
        # day), 8 h"), or why core will not take them.
        self.hours_note = FieldNote(
            self.tr("Companion only suggests breaks and asks questions during these hours."), parent=frame)
        lay.addWidget(self.hours_note)
        for edit in (self.start_edit, self.end_edit):
            edit.timeChanged.connect(self._hours_changed)

        lay.addWidget(self._heading(self.tr("Rough calls"), frame))
        rough = BY_KEY["rough_streak"]
        self.rough_spin = number_box(rough)
        self.rough_spin.setParent(frame)
        self.rough_spin.setValue(int(self.settings["rough_streak"]))
        self.rough_spin.setAccessibleName(self.tr("Rough calls in a row before a break is suggested"))
        self.rough_spin.outside = self._rough_outside
        self.rough_spin.valueChanged.connect(lambda _: self._say(self.rough_note, self.rough_spin, ""))
        row = QHBoxLayout()
        label = self._label(self.tr("Suggest a break after this many rough calls in a row:"), self.rough_spin)
        label.setWordWrap(True)
        row.addWidget(label)
        row.addWidget(self.rough_spin)
        row.addStretch(1)
        lay.addLayout(row)
        self.rough_note = FieldNote(core_text(rough.help), parent=frame)
        self.rough_spin.setAccessibleDescription(self.rough_note.description())
        lay.addWidget(self.rough_note)
        self._hours_changed()

        lay.addWidget(self._heading(self.tr("Starting up"), frame))
        self.login_box = QCheckBox(self.tr("Start Companion when I log in"), frame)
        self.login_box.setChecked(bool(self.settings["start_at_login"]))
        lay.addWidget(self.login_box)

        self.problem = QLabel(frame)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        lay.addWidget(self.problem)
        lay.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton(self.tr("Skip"), frame)
        self.skip_button.setAccessibleName(self.tr("Skip and keep the usual settings"))
        self.skip_button.clicked.connect(self.skip)
        self.save_button = QPushButton(self.tr("Save and start"), frame)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(self.tr("Save these settings and start"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        lay.addLayout(buttons)

        chain = [self.start_edit, self.end_edit, self.rough_spin, self.login_box, self.skip_button,
                 self.save_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _time_edit(self, name: str, key: str) -> QTimeEdit:
        edit = QTimeEdit(self)
        edit.setDisplayFormat("HH:mm")
        edit.setTime(QTime.fromString(self.settings[key], "HH:mm"))
        edit.setAccessibleName(name)
        return edit

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _heading(self, text: str, parent: QWidget) -> QLabel:
        return bold(QLabel(text, parent))

    def _quiet(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("quiet")
        label.setWordWrap(True)
        return label

    def _apply_style(self) -> None:
        apply_window_look(self)
        for note in (self.hours_note, self.rough_note):
            note.apply_palette(QApplication.palette())

    # -- what the fields say -------------------------------------------------------
    def _say(self, note: FieldNote, field: QWidget, text: str) -> None:
        note.say(text)
        field.setAccessibleDescription(note.description())
        if self.isVisible():
            self._make_room()

    def _make_room(self) -> None:
        """A line more must not squeeze the words above it: the window grows,
        and where the screen has no more height (large text), wider, so that
        lines wrap less; then it is moved back onto the screen if need be."""
        self._scroll.updateGeometry()  # the page grew: its scroll area asks for the new size
        self.layout().activate()
        fit_to_screen(self, self.width(), self.height())
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        while self.heightForWidth(self.width()) > self.height() and self.width() < room.width() - 24:
            self.resize(min(room.width() - 24, self.width() + 64), self.height())
        frame = self.frameGeometry()
        frame.moveLeft(max(room.left(), min(frame.left(), room.right() - frame.width())))
        frame.moveTop(max(room.top(), min(frame.top(), room.bottom() - frame.height())))
        if frame.topLeft() != self.frameGeometry().topLeft():
            self.move(frame.topLeft())

    def _hours_changed(self) -> None:
        hours = {"work_start": self.start_edit.time().toString("HH:mm"),
                 "work_end": self.end_edit.time().toString("HH:mm")}
        values = {**self.settings.values, **hours}
        try:
            check_together(values)
        except SettingError as exc:
            self.hours_note.span.hide()
            self._say(self.hours_note, self.end_edit, exc.note)
            return
        self.hours_note.show_span(WORK_HOURS, values)
        self._say(self.hours_note, self.end_edit, "")

    def _rough_outside(self, number: float) -> None:
        """A number the box cannot hold: core says why, and the box keeps its last one."""
        try:
            validate(BY_KEY["rough_streak"], typed_whole(number))
        except SettingError as exc:
            kept = FieldNote.kept("rough_streak", self.rough_spin.value())
            self._say(self.rough_note, self.rough_spin, FieldNote.refused(exc, kept))
            self._noted_at = time.monotonic()

    # -- showing -------------------------------------------------------------------
    def show_window(self) -> None:
        fit_to_screen(self, 0, 0)
        self._make_room()  # large text, or a system font a little taller: wider, never squeezed
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())
        self.show()
        self.raise_()
        self.activateWindow()
        self.start_edit.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # -- answering -----------------------------------------------------------------
    def values(self) -> dict[str, object]:
        for box in (self.start_edit, self.end_edit, self.rough_spin):
            box.interpretText()  # a number typed but not yet confirmed still counts
        return {
            "work_start": self.start_edit.time().toString("HH:mm"),
            "work_end": self.end_edit.time().toString("HH:mm"),
            "rough_streak": self.rough_spin.value(),
            "start_at_login": self.login_box.isChecked(),
        }

    def save(self) -> None:
        values = self.values()
        if time.monotonic() - self._noted_at < READ_A_NOTE and self.rough_note.note.isVisibleTo(self):
            # A number was just refused and another kept (say, on the way from
            # the field to this button): closing now would hide the note.
            self._noted_at = 0.0
            return
        try:
            self.settings.update(values)  # side by side: 17:30-02:00 is fine whatever was there
        except (SettingError, OSError) as exc:
            if getattr(exc, "note", ""):
                if exc.key == "rough_streak":
                    self._say(self.rough_note, self.rough_spin, exc.note)
                else:
                    self._say(self.hours_note, self.end_edit, exc.note)
                return
            self.problem.setText(self.tr("That could not be saved: {reason}").format(reason=exc))
            self.problem.show()
            return
        self._finish(SAVED)

    def skip(self) -> None:
        self._finish(SKIPPED)

    def _finish(self, outcome: str) -> None:
        if self.outcome is not None:
            return
        self.outcome = outcome
        self.close()
        self.finished.emit()

    def closeEvent(self, event) -> None:  # noqa: N802
        # Closed from the title bar: the same as Skip.
        if self.outcome is None:
            self.outcome = SKIPPED
            self.finished.emit()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.skip()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Fields pass Enter on once they have taken the value: Enter saves,
            # unless the focus is on Skip, where it means Skip.
            (self.skip_button if self.focusWidget() is self.skip_button else self.save_button).click()
            return
        super().keyPressEvent(event)
