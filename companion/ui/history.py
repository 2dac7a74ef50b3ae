"""History: every logged call, break and breathing minute, newest first.

Filters ask the store again (core.history.HistoryFilter); nothing is
filtered here. A change to a call is written the moment it is made, and a
delete asks first. `changed` tells the app to recount rough calls."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from companion.core.breathing import PATTERNS
from companion.core.history import HistoryEntry, HistoryFilter
from companion.core.models import DEFAULT_TAGS, InvalidEntry, Rating, check_tag
from companion.translations import core_text

from .confirm import confirm
from .history_layout import HistoryLayout
from .keys import ClosesOnEscape
from .centred import centre_on_screen
from .placement import fit_to_screen
from .style import FollowsPalette

SEARCH_DELAY_MS = 300
NOTE_DELAY_MS = 1000
# Soft, never alarming; the words say the rating, the colour only helps the eye.
RATING_COLOURS = {Rating.ROUGH: "#a8603f", Rating.OK: "#5d6f69", Rating.GREAT: "#2f7a60"}
RATING_COLOURS_DARK = {Rating.ROUGH: "#e6a98f", Rating.OK: "#b5c4bf", Rating.GREAT: "#8fd1b5"}


def _local(moment) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


class HistoryWindow(ClosesOnEscape, FollowsPalette, HistoryLayout, QWidget):
    changed = Signal()  # an entry was changed or deleted

    def __init__(self, service, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.service = service  # companion.service.Service: changes go through it
        self.store, self.clock = service.store, service.clock
        self.entries: list[HistoryEntry] = []
        self._shown: tuple[str, int] | None = None  # the entry in the editor
        self._filling = False
        # Replaced in tests, so no modal question ever blocks them.
        self.ask_yes_no = self._ask_yes_no
        self.setWindowTitle(self.tr("History — Companion"))
        self.setAccessibleName(self.tr("History"))

        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self.note_timer = QTimer(self, singleShot=True, interval=NOTE_DELAY_MS)
        self.note_timer.timeout.connect(self.save_note)
        self._build()
        self._apply_style()
        self.refresh()
        fit_to_screen(self, 900, 640)
        centre_on_screen(self)  # the first time; kept with the window after

    def refresh_rows_colour(self) -> None:
        for row in range(self.table.rowCount()):
            self._colour_row(row)

    # -- filters -----------------------------------------------------------------
    def _today(self) -> date:
        return self.clock.now().astimezone().date()

    def _filters_changed(self) -> None:
        self.range_row.setVisible(self.when_box.currentData() == "range")
        calls = self.kind_box.currentData() in (None, "call")
        self.rating_box.setEnabled(calls)
        self.tag_box.setEnabled(calls)
        self.refresh()

    def current_filter(self) -> HistoryFilter:
        kind = self.kind_box.currentData()
        since = until = None
        when = self.when_box.currentData()
        if when == "range":
            since, until = self.from_edit.date().toPython(), self.to_edit.date().toPython()
            if since > until:
                since, until = until, since
        elif when is not None:
            until = self._today()
            since = until - timedelta(days=when)
        calls = kind in (None, "call")
        rating = self.rating_box.currentData() if calls else None
        return HistoryFilter(
            kinds=(kind,) if kind else HistoryFilter.kinds,
            rating=Rating(rating) if rating else None,
            tag=self.tag_box.currentData() if calls else None,
            since=since,
            until=until,
            search=self.search_edit.text().strip() if calls else "",
        )

    def _fill_tags(self) -> None:
        chosen = self.tag_box.currentData()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem(self.tr("Any tag"), None)
        # Own tags with no call yet can be chosen too; retired ones stay while calls carry them.
        for tag in sorted(set(self.store.tags_in_use()) | set(self.service.own_tags())):
            self.tag_box.addItem(tag, tag)
        self.tag_box.setCurrentIndex(max(self.tag_box.findData(chosen), 0) if chosen else 0)
        self.tag_box.blockSignals(False)
        self.pick_tag.blockSignals(True)
        self.pick_tag.clear()
        self.pick_tag.addItem(self.tr("Add a tag…"), None)
        for tag in dict.fromkeys((*DEFAULT_TAGS, *self.service.own_tags())):
            self.pick_tag.addItem(tag, tag)
        self.pick_tag.blockSignals(False)

    def _tag_picked(self, index: int) -> None:
        """One pick adds a tag to the call shown, as a tap does in the tag popup."""
        tag = self.pick_tag.itemData(index)
        self.pick_tag.setCurrentIndex(0)
        entry = self._shown_entry()
        if tag is None or entry is None or entry.kind != "call" or tag in entry.tags:
            return
        self._update(tags=[*entry.tags, tag])

    # -- the list -------------------------------------------------------------------
    def refresh(self) -> None:
        self.search_timer.stop()
        self._fill_tags()
        wanted = self.current_filter()
        self.entries = self.store.history(wanted)
        keep = self._shown
        self._filling = True
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            self._fill_row(row, entry)
        self._filling = False
        filtered = wanted != HistoryFilter()
        if not self.entries:
            self.empty_label.setText(self.tr("Nothing matches these filters.") if filtered
                                     else self.tr("Nothing logged yet. Calls, breaks and breathing minutes "
                                                  "will appear here."))
        self.empty_label.setVisible(not self.entries)
        if len(self.entries) >= wanted.limit:
            self._say(self.tr("Showing the newest {count}. Narrow the filters to find older entries.")
                      .format(count=wanted.limit))
        rows = [i for i, e in enumerate(self.entries) if (e.kind, e.id) == keep]
        if rows:
            self.table.selectRow(rows[0])
            # The row may have been selected already, so show what the store now says.
            self._show_entry(self.entries[rows[0]], keep_note=True)
        else:
            self.table.clearSelection()
            self._show_entry(None)

    def _fill_row(self, row: int, entry: HistoryEntry) -> None:
        cells = (
            QLocale().toString(_local(entry.at), "ddd d MMM yyyy, HH:mm"),
            self._what(entry),
            self._mood_text(entry),
            ", ".join(entry.tags),
            " ".join(entry.note.split()),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(entry.note if column == 4 and entry.note else "")
            self.table.setItem(row, column, item)
        self._colour_row(row)

    def _colour_row(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        what = self.table.item(row, 1)
        if entry.rating is not None and what is not None:
            dark = QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
            what.setForeground(QBrush(QColor((RATING_COLOURS_DARK if dark else RATING_COLOURS)[entry.rating])))

    def _what(self, entry: HistoryEntry) -> str:
        if entry.kind == "call":
            return {Rating.ROUGH: self.tr("Rough call"), Rating.OK: self.tr("OK call"),
                    Rating.GREAT: self.tr("Great call")}[entry.rating]
        seconds = (entry.ended_at - entry.at).total_seconds() if entry.ended_at else None
        if entry.kind == "breath":
            pattern = core_text(PATTERNS[entry.pattern].title) if entry.pattern in PATTERNS else entry.pattern
            if seconds is None:
                return self.tr("Breathing, {pattern}, not finished").format(pattern=pattern)
            if entry.completed:
                return self.tr("Breathing, {pattern}, {time}").format(pattern=pattern, time=self._length(seconds))
            return self.tr("Breathing, {pattern}, ended after {time}").format(
                pattern=pattern, time=self._length(seconds))
        if seconds is None:
            return self.tr("Break, still going")
        if entry.source == "away":
            return self.tr("Away from the keyboard, {time}").format(time=self._length(seconds))
        if entry.source == "locked":
            return self.tr("Screen locked, {time}").format(time=self._length(seconds))
        return self.tr("Break, {time}").format(time=self._length(seconds))

    def _length(self, seconds: float) -> str:
        seconds = max(0, round(seconds))
        # Unit symbols read the same for one or many, so no plural forms are needed in English.
        if seconds < 90:
            return self.tr("%n s", "", seconds)
        return self.tr("%n min", "", round(seconds / 60))

    def _mood_text(self, entry: HistoryEntry) -> str:
        if entry.kind == "breath" and entry.mood_before is not None and entry.mood is not None:
            return self.tr("{before} → {after}").format(before=entry.mood_before, after=entry.mood)
        return "" if entry.mood is None else str(entry.mood)

    # -- the chosen entry -----------------------------------------------------------
    def current_entry(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def select(self, kind: str, entry_id: int) -> bool:
        for row, entry in enumerate(self.entries):
            if (entry.kind, entry.id) == (kind, entry_id):
                self.table.selectRow(row)
                return True
        return False

    def _selection_changed(self) -> None:
        if self._filling:
            return
        entry = self.current_entry()
        key = (entry.kind, entry.id) if entry else None
        if key == self._shown:
            return
        left = self._shown_entry()
        note = self.call_note.toPlainText()
        self.note_timer.stop()
        self._show_entry(entry)
        # A note still being typed belongs to the entry that was open, not the new one.
        if left is not None and left.kind == "call" and note != left.note:
            self._store(left, note=note)

    def _shown_entry(self) -> HistoryEntry | None:
        return next((e for e in self.entries if (e.kind, e.id) == self._shown), None)

    def _show_entry(self, entry: HistoryEntry | None, keep_note: bool = False) -> None:
        self._shown = (entry.kind, entry.id) if entry else None
        self.problem_label.hide()
        self.delete_button.setEnabled(entry is not None)
        if entry is None:
            self.entry_title.setText(self.tr("Nothing chosen"))
            self.editor_pages.setCurrentWidget(self.nothing_page)
            return
        when = QLocale().toString(_local(entry.at), "dddd d MMMM yyyy, HH:mm")
        self.entry_title.setText(self.tr("{what}, {when}").format(what=self._what(entry), when=when))
        if entry.kind != "call":
            self.detail_page.setText(self._detail(entry))
            self.editor_pages.setCurrentWidget(self.detail_page)
            return
        self._filling = True
        self.call_rating.setCurrentIndex(self.call_rating.findData(entry.rating.value))
        self.call_mood.setCurrentIndex(max(self.call_mood.findData(entry.mood), 0) if entry.mood else 0)
        self.call_tags.setText(", ".join(entry.tags))
        if not keep_note:
            self.call_note.setPlainText(entry.note)
        self._filling = False
        self.editor_pages.setCurrentWidget(self.call_page)

    def _detail(self, entry: HistoryEntry) -> str:
        if entry.kind == "break":
            return self.tr("Breaks can be deleted here if one was logged by mistake.")
        if entry.mood_before is not None and entry.mood is not None:
            return self.tr("You felt {before} before and {after} after.").format(
                before=entry.mood_before, after=entry.mood)
        if entry.mood is not None:
            return self.tr("Afterwards you felt {after} out of 5.").format(after=entry.mood)
        return self.tr("No feeling was noted after this one.")

    # -- changing and deleting --------------------------------------------------
    def _update(self, **change) -> None:
        entry = self._shown_entry()
        if entry is not None and entry.kind == "call":
            self._store(entry, **change)

    def _store(self, entry: HistoryEntry, **change) -> None:
        try:
            self.service.edit_call(entry.id, **change)
        except InvalidEntry as exc:
            self.problem_label.setText(str(exc))
            self.problem_label.show()
            return
        self.problem_label.hide()
        self._say(self.tr("Saved."))
        self.refresh()
        self.changed.emit()

    def _rating_edited(self) -> None:
        if not self._filling:
            self._update(rating=Rating(self.call_rating.currentData()))

    def _mood_edited(self) -> None:
        if not self._filling:
            self._update(mood=self.call_mood.currentData())

    def _tags_edited(self) -> None:
        if self._filling:
            return
        entry = self._shown_entry()
        if entry is None or entry.kind != "call":
            return
        try:
            tags = [check_tag(t) for t in self.call_tags.text().split(",") if t.strip()]
        except InvalidEntry as exc:
            self.problem_label.setText(str(exc))
            self.problem_label.show()
            return
        if tuple(sorted(set(tags))) != entry.tags:
            self._update(tags=tags)

    def _note_typed(self) -> None:
        if not self._filling:
            self.note_timer.start()

    def save_note(self) -> None:
        self.note_timer.stop()
        entry = self._shown_entry()
        if entry is None or entry.kind != "call":
            return
        if self.call_note.toPlainText() != entry.note:
            self._update(note=self.call_note.toPlainText())

    def delete_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        question, act = {
            "call": (self.tr("Delete this call from your history? This cannot be undone."),
                     self.tr("Delete this call")),
            "breath": (self.tr("Delete this breathing session from your history? This cannot be undone."),
                       self.tr("Delete this session")),
            "break": (self.tr("Delete this break from your history? This cannot be undone."),
                      self.tr("Delete this break")),
        }[entry.kind]
        if not self.ask_yes_no(self.tr("Delete this entry?"), question, act, self.tr("Keep it")):
            return
        self.note_timer.stop()
        row = self.entries.index(entry)
        self.service.delete_entry(entry.kind, entry.id)
        self._shown = None
        self.refresh()
        if self.entries:
            self.table.selectRow(min(row, len(self.entries) - 1))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._say(self.tr("Deleted."))
        self.changed.emit()

    def _ask_yes_no(self, title: str, text: str, act: str, keep: str) -> bool:
        return confirm(self, title, text, act, keep)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    # -- window ---------------------------------------------------------------------
    def show_window(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()
        self.table.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            self.delete_current()
            return True
        if watched is self.call_note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            # A call may have been logged or tagged from the tray meanwhile.
            self.refresh()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_note()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Find):
            self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search_edit.selectAll()
            return
        super().keyPressEvent(event)
