"""The small popup after a call is logged: tags, mood, a note, and Undo.

Every change is written the moment it is made, so the popup can close by
itself at any time without losing anything."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from companion.core.models import GOOD_TAGS, MOOD_MAX, MOOD_MIN, ROUGH_TAGS, Call, InvalidEntry, Rating

from .placement import (
    POPUP_FLAGS, apply_popup_style, bold, calm_panel, make_popup, place_near_tray, show_without_focus,
)

# Offered after each kind of call; tags a call already has are shown too.
TAGS_FOR = {
    Rating.ROUGH: ROUGH_TAGS,
    Rating.OK: ("resolved", "unresolved", "escalated"),
    Rating.GREAT: GOOD_TAGS,
}
TAG_COLUMNS = 3


class TagPopup(QWidget):
    changed = Signal(int)
    undone = Signal(int)

    def __init__(self, service, parent: QWidget | None = None) -> None:
        super().__init__(parent, POPUP_FLAGS)
        make_popup(self)
        self.setAccessibleName(self.tr("Logged call"))
        self._service, self._settings = service, service.settings
        self._call: Call | None = None
        self._tray_rect: QRect | None = None
        self._hovered = False
        self._note_shown = ""
        self._note_bad = False
        self._leave_note_out = False
        self.tag_buttons: dict[str, QPushButton] = {}
        self.close_timer = QTimer(self)
        self.close_timer.setSingleShot(True)
        self.close_timer.timeout.connect(self.close)
        self._build()

    # -- building ------------------------------------------------------------
    def _build(self) -> None:
        panel, lay = calm_panel(self, (16, 10, 10, 14), 8)
        self._panel = panel

        top = QHBoxLayout()
        self.heading = bold(QLabel(panel), 1.15)
        self.close_button = QPushButton("\u00d7", panel)
        self.close_button.setObjectName("closer")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close. Everything is already saved."))
        self.close_button.clicked.connect(self.close)
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)

        self.kind_line = QLabel(panel)
        self.kind_line.setObjectName("quiet")
        self.kind_line.setWordWrap(True)
        lay.addWidget(self.kind_line)

        self.tag_grid = QGridLayout()
        self.tag_grid.setSpacing(6)
        lay.addLayout(self.tag_grid)

        mood_caption = QLabel(self.tr("How are you feeling? 1 is drained, 5 is good."), panel)
        mood_caption.setObjectName("quiet")
        mood_caption.setWordWrap(True)
        lay.addWidget(mood_caption)
        moods = QHBoxLayout()
        moods.setSpacing(6)
        words = {1: self.tr("Drained"), 2: self.tr("Low"), 3: self.tr("Okay"), 4: self.tr("Good"),
                 5: self.tr("Great")}
        self.mood_buttons: dict[int, QPushButton] = {}
        for n in range(MOOD_MIN, MOOD_MAX + 1):
            button = QPushButton(str(n), panel)
            button.setCheckable(True)
            button.setMinimumWidth(40)
            button.setToolTip(words[n])
            button.setAccessibleName(self.tr("Mood {0} of 5: {1}").format(n, words[n]))
            button.clicked.connect(lambda checked, n=n: self._mood_clicked(n, checked))
            self.mood_buttons[n] = button
            moods.addWidget(button)
        moods.addStretch(1)
        mood_caption.setBuddy(self.mood_buttons[MOOD_MIN])
        lay.addLayout(moods)

        self.note = QLineEdit(panel)
        # The panel's least width, set on the note so longer words still widen it.
        self.note.setMinimumWidth(304)
        self.note.setPlaceholderText(self.tr("Add a note (optional)"))
        self.note.setAccessibleName(self.tr("Note"))
        self.note.editingFinished.connect(self._save_note)
        self.note.installEventFilter(self)
        lay.addWidget(self.note)

        self.problem = QLabel(panel)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        lay.addWidget(self.problem)

        bottom = QHBoxLayout()
        self.saved_hint = QLabel(self.tr("Saved as you go. This closes by itself."), panel)
        self.saved_hint.setObjectName("quiet")
        self.saved_hint.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"), panel)
        self.undo_button.setAccessibleName(self.tr("Undo: take this call out of the log"))
        self.undo_button.setToolTip(self.tr("Take this call out of the log"))
        self.undo_button.clicked.connect(self.undo)
        bottom.addWidget(self.saved_hint, 1)
        bottom.addWidget(self.undo_button)
        lay.addLayout(bottom)

        apply_popup_style(self)

    def _tag_label(self, tag: str) -> str:
        labels = {
            "abusive": self.tr("Abusive"), "angry": self.tr("Angry"), "escalated": self.tr("Escalated"),
            "bad survey": self.tr("Bad survey"), "unresolved": self.tr("Unresolved"),
            "compliment": self.tr("Compliment"), "thanked": self.tr("Thanked"), "resolved": self.tr("Resolved"),
        }
        return labels.get(tag, tag)

    def _fill_tags(self, call: Call) -> None:
        for button in self.tag_buttons.values():
            self.tag_grid.removeWidget(button)
            button.hide()  # deleteLater alone would leave it painted until the loop runs
            button.deleteLater()
        self.tag_buttons = {}
        # The built-in tags for this kind of call, then the person's own (a queue's topics).
        offered = tuple(dict.fromkeys(TAGS_FOR[call.rating] + tuple(self._service.own_tags()) + call.tags))
        for i, tag in enumerate(offered):
            button = QPushButton(self._tag_label(tag), self._panel)
            button.setCheckable(True)
            button.setChecked(tag in call.tags)
            button.setAccessibleName(self.tr("Tag: {0}").format(self._tag_label(tag)))
            button.clicked.connect(self._tags_clicked)
            self.tag_grid.addWidget(button, i // TAG_COLUMNS, i % TAG_COLUMNS)
            button.setVisible(True)  # the layout would only show it on a later loop turn
            self.tag_buttons[tag] = button
        chain = [*self.tag_buttons.values(), *self.mood_buttons.values(), self.note, self.undo_button,
                 self.close_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # -- showing -------------------------------------------------------------
    @property
    def call(self) -> Call | None:
        return self._call

    def show_for(self, call: Call, tray_rect: QRect | None = None) -> None:
        """Show the popup for a call that has just been logged."""
        if self._call is not None and self._call.id != call.id:
            self._save_note()
        self._call, self._tray_rect = call, tray_rect
        self._note_bad = self._leave_note_out = self._hovered = False
        self.heading.setText({
            Rating.ROUGH: self.tr("Rough call logged"),
            Rating.OK: self.tr("OK call logged"),
            Rating.GREAT: self.tr("Great call logged"),
        }[call.rating])
        kind = {
            Rating.ROUGH: self.tr("That was hard, and it wasn't about you. One slow breath out before the next."),
            Rating.GREAT: self.tr("Hold on to this one. The good calls are yours to keep."),
        }.get(call.rating, "")
        self.kind_line.setText(kind)
        self.kind_line.setVisible(bool(kind))
        self._fill_tags(call)
        self._show_mood(call.mood)
        self.note.setText(call.note)
        self._note_shown = self.note.text()
        self._clear_problem()
        apply_popup_style(self)
        place_near_tray(self, tray_rect)
        show_without_focus(self)
        self._restart_timer()

    def _restart_timer(self) -> None:
        if self._call is None or self._hovered or self._note_bad or self.note.hasFocus():
            return
        self.close_timer.start(int(self._settings["popup_seconds"]) * 1000)

    # -- storing ---------------------------------------------------------------
    def _store_change(self, **fields) -> bool:
        if self._call is None:
            return False
        try:
            self._call = self._service.edit_call(self._call.id, **fields)
        except InvalidEntry as exc:
            self._show_problem(str(exc))
            return False
        self.changed.emit(self._call.id)
        return True

    def _tags_clicked(self) -> None:
        tags = [tag for tag, button in self.tag_buttons.items() if button.isChecked()]
        if self._store_change(tags=tags):
            self._clear_problem()
        elif self._call is not None:
            for tag, button in self.tag_buttons.items():
                button.setChecked(tag in self._call.tags)

    def _mood_clicked(self, n: int, checked: bool) -> None:
        mood = n if checked else None
        if self._store_change(mood=mood):
            self._clear_problem()
        self._show_mood(self._call.mood if self._call is not None else None)

    def _show_mood(self, mood: int | None) -> None:
        for n, button in self.mood_buttons.items():
            button.setChecked(n == mood)

    def _save_note(self) -> bool:
        text = self.note.text()
        if self._call is None or text == self._note_shown:
            return True
        if not self._store_change(note=text):
            # Keep the text and stay open until it can be saved.
            self._note_bad = True
            self.close_timer.stop()
            return False
        self._note_shown = text
        self._note_bad = False
        self._clear_problem()
        return True

    def undo(self) -> None:
        if self._call is None:
            return
        call_id = self._call.id
        self._call = None
        self._service.undo_call(call_id)
        self.close()
        self.undone.emit(call_id)

    # -- messages --------------------------------------------------------------
    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.saved_hint.hide()
        self._refit()

    def _clear_problem(self) -> None:
        if self.problem.text():
            self.problem.clear()
            self.problem.hide()
            self.saved_hint.show()
            self._refit()

    def _refit(self) -> None:
        if self.isVisible():
            place_near_tray(self, self._tray_rect)

    # -- events ------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if watched is self.note:
            if event.type() == QEvent.Type.FocusIn:
                self.close_timer.stop()
            elif event.type() == QEvent.Type.FocusOut and not self._hovered and not self._note_bad:
                if self._call is not None and self.isVisible():
                    self.close_timer.start(int(self._settings["popup_seconds"]) * 1000)
        return super().eventFilter(watched, event)

    def enterEvent(self, event) -> None:
        self._hovered = True
        self.close_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self._hovered = False
        self._restart_timer()
        super().leaveEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event) -> None:
        # Hidden without a close (the app hiding it): still keep what was typed if it can be kept.
        if self._call is not None and not event.spontaneous():
            self._save_note()
            self.close_timer.stop()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:
        if self._call is not None and not self._save_note() and not self._leave_note_out:
            # One more chance to fix the note; a second close leaves it out.
            self._leave_note_out = True
            self._show_problem(self.problem.text() + " " + self.tr(
                "Shorten the note and it will be saved, or close again to leave it out."))
            event.ignore()
            return
        self.close_timer.stop()
        self._call = None
        super().closeEvent(event)
