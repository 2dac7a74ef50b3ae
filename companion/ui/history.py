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
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.core.breathing import PATTERNS
from companion.core.history import HistoryEntry, HistoryFilter
from companion.core.models import InvalidEntry, Rating, check_tag
from companion.translations import core_text

from .keys import ClosesOnEscape
from .placement import bold, calm_panel, fit_to_screen, popup_style
from .style import FollowsPalette

SEARCH_DELAY_MS = 300
NOTE_DELAY_MS = 1000
COLUMNS = 5  # when, what, mood, tags, note
# Soft, never alarming; the words say the rating, the colour only helps the eye.
RATING_COLOURS = {Rating.ROUGH: "#a8603f", Rating.OK: "#5d6f69", Rating.GREAT: "#2f7a60"}
RATING_COLOURS_DARK = {Rating.ROUGH: "#e6a98f", Rating.OK: "#b5c4bf", Rating.GREAT: "#8fd1b5"}


def _local(moment) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


def history_style(palette: QPalette) -> str:
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    base, edge, text, chosen, head = (
        ("#2e3d3a", "#3f524d", "#e3eeea", "#3e6a60", "#2a3835") if dark
        else ("#ffffff", "#c5d8d0", "#22332f", "#cde6dc", "#e8f0ec")
    )
    return popup_style(palette) + f"""
    QFrame#panel {{ border: none; border-radius: 0; }}
    QFrame#panel QTableWidget {{ background: {base}; color: {text}; border: 1px solid {edge};
        border-radius: 8px; gridline-color: {edge}; selection-background-color: {chosen};
        selection-color: {text}; }}
    QFrame#panel QHeaderView::section {{ background: {head}; color: {text}; border: none;
        border-bottom: 1px solid {edge}; padding: 5px 6px; font-weight: bold; }}
    QFrame#panel QFrame#editor {{ background: {head}; border: 1px solid {edge}; border-radius: 10px; }}
    QFrame#panel QPlainTextEdit {{ color: {text}; background: {base}; border: 1px solid {edge};
        border-radius: 8px; padding: 4px; }}
    QFrame#panel QPushButton#danger {{ color: {"#e6a98f" if dark else "#9a4a2c"}; }}
    """


class HistoryWindow(ClosesOnEscape, FollowsPalette, QWidget):
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

    # -- building --------------------------------------------------------------
    def _build(self) -> None:
        frame, lay = calm_panel(self, (18, 14, 18, 14), 10)
        self.frame = frame

        heading = bold(QLabel(self.tr("History"), frame), 1.3)
        lay.addWidget(heading)
        intro = QLabel(self.tr("Every call, break and breathing minute you have logged, newest first. "
                               "Changes are saved as you make them."), frame)
        intro.setObjectName("quiet")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addLayout(self._build_filters(frame))

        self.table = QTableWidget(0, COLUMNS, frame)
        self.table.setAccessibleName(self.tr("Logged entries"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("What"), self.tr("Mood"), self.tr("Tags"), self.tr("Note")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 4):
            header.setSectionResizeMode(column, mode)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.installEventFilter(self)
        lay.addWidget(self.table, 1)

        self.empty_label = QLabel(frame)
        self.empty_label.setObjectName("quiet")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        lay.addWidget(self.empty_label)

        lay.addWidget(self._build_editor(frame))

        bottom = QHBoxLayout()
        self.status_label = QLabel(frame)
        self.status_label.setObjectName("quiet")
        self.status_label.setAccessibleName(self.tr("What just happened"))
        bottom.addWidget(self.status_label, 1)
        self.close_button = QPushButton(self.tr("Close"), frame)
        self.close_button.setAccessibleName(self.tr("Close. Everything is already saved."))
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        lay.addLayout(bottom)

    def _build_filters(self, parent: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.kind_box = self._combo(parent, self.tr("Show"), [
            (self.tr("Everything"), None), (self.tr("Calls"), "call"),
            (self.tr("Breathing"), "breath"), (self.tr("Breaks"), "break")])
        self.rating_box = self._combo(parent, self.tr("Rating"), [
            (self.tr("Any rating"), None), (self.tr("Rough"), Rating.ROUGH.value),
            (self.tr("OK"), Rating.OK.value), (self.tr("Great"), Rating.GREAT.value)])
        self.tag_box = self._combo(parent, self.tr("Tag"), [(self.tr("Any tag"), None)])
        self.when_box = self._combo(parent, self.tr("Dates"), [
            (self.tr("Any time"), None), (self.tr("Today"), 0), (self.tr("Last 7 days"), 6),
            (self.tr("Last 30 days"), 29), (self.tr("Between dates"), "range")])
        today = self._today()
        self.from_edit = self._date_edit(parent, self.tr("From"), today - timedelta(days=6))
        self.to_edit = self._date_edit(parent, self.tr("To"), today)
        self.search_edit = QLineEdit(parent)
        self.search_edit.setPlaceholderText(self.tr("Search notes and tags"))
        self.search_edit.setAccessibleName(self.tr("Search notes and tags"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)

        captions = (self.tr("Show"), self.tr("Rating"), self.tr("Tag"), self.tr("Dates"))
        for column, (caption, box) in enumerate(zip(captions, (self.kind_box, self.rating_box, self.tag_box,
                                                                self.when_box))):
            label = QLabel(caption, parent)
            label.setObjectName("quiet")
            label.setBuddy(box)
            grid.addWidget(label, 0, column)
            grid.addWidget(box, 1, column)
        self.range_row = QWidget(parent)
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(0, 0, 0, 0)
        for caption, edit in ((self.tr("From"), self.from_edit), (self.tr("to"), self.to_edit)):
            label = QLabel(caption, self.range_row)
            label.setBuddy(edit)
            row.addWidget(label)
            row.addWidget(edit)
        self.range_row.hide()
        grid.addWidget(self.range_row, 1, 4)
        grid.addWidget(self.search_edit, 1, 5)
        grid.setColumnStretch(5, 1)
        return grid

    def _combo(self, parent: QWidget, name: str, items: list[tuple[str, object]]) -> QComboBox:
        box = QComboBox(parent)
        box.setAccessibleName(name)
        for text, data in items:
            box.addItem(text, data)
        box.currentIndexChanged.connect(lambda _i: self._filters_changed())
        return box

    def _date_edit(self, parent: QWidget, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        edit.dateChanged.connect(lambda _d: self._filters_changed())
        return edit

    def _build_editor(self, parent: QWidget) -> QFrame:
        editor = self.editor = QFrame(parent)
        editor.setObjectName("editor")
        editor.setAccessibleName(self.tr("The chosen entry"))
        lay = QVBoxLayout(editor)
        lay.setContentsMargins(14, 10, 14, 10)
        top = QHBoxLayout()
        self.entry_title = bold(QLabel(editor))
        self.entry_title.setAccessibleName(self.tr("Chosen entry"))
        top.addWidget(self.entry_title, 1)
        self.delete_button = QPushButton(self.tr("Delete…"), editor)
        self.delete_button.setObjectName("danger")
        self.delete_button.setAccessibleName(self.tr("Delete this entry"))
        self.delete_button.setToolTip(self.tr("Delete this entry (Delete key). You will be asked first."))
        self.delete_button.clicked.connect(self.delete_current)
        top.addWidget(self.delete_button)
        lay.addLayout(top)

        self.editor_pages = QStackedLayout()
        self.nothing_page = QLabel(self.tr("Choose an entry above to change or delete it."), editor)
        self.nothing_page.setObjectName("quiet")
        self.nothing_page.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.editor_pages.addWidget(self.nothing_page)
        self.detail_page = QLabel(editor)
        self.detail_page.setObjectName("quiet")
        self.detail_page.setWordWrap(True)
        self.detail_page.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.editor_pages.addWidget(self.detail_page)
        self.call_page = QWidget(editor)
        grid = QGridLayout(self.call_page)
        grid.setContentsMargins(0, 0, 0, 0)
        self.call_rating = QComboBox(self.call_page)
        self.call_rating.setAccessibleName(self.tr("How the call went"))
        for text, rating in ((self.tr("Rough"), Rating.ROUGH), (self.tr("OK"), Rating.OK),
                             (self.tr("Great"), Rating.GREAT)):
            self.call_rating.addItem(text, rating.value)
        self.call_rating.currentIndexChanged.connect(self._rating_edited)
        self.call_mood = QComboBox(self.call_page)
        self.call_mood.setAccessibleName(self.tr("Mood after the call"))
        for text, mood in ((self.tr("Not noted"), None), (self.tr("1, drained"), 1), (self.tr("2, low"), 2),
                           (self.tr("3, okay"), 3), (self.tr("4, good"), 4), (self.tr("5, great"), 5)):
            self.call_mood.addItem(text, mood)
        self.call_mood.currentIndexChanged.connect(self._mood_edited)
        self.call_tags = QLineEdit(self.call_page)
        self.call_tags.setAccessibleName(self.tr("Tags, separated by commas"))
        self.call_tags.setPlaceholderText(self.tr("Tags, separated by commas"))
        self.call_tags.editingFinished.connect(self._tags_edited)
        self.call_note = QPlainTextEdit(self.call_page)
        self.call_note.setAccessibleName(self.tr("Note"))
        self.call_note.setPlaceholderText(self.tr("A note (optional)"))
        self.call_note.setTabChangesFocus(True)
        self.call_note.setFixedHeight(self.call_note.fontMetrics().lineSpacing() * 3 + 14)
        self.call_note.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.call_note.textChanged.connect(self._note_typed)
        self.call_note.installEventFilter(self)
        for column, (caption, widget) in enumerate(((self.tr("Call"), self.call_rating),
                                                    (self.tr("Mood"), self.call_mood),
                                                    (self.tr("Tags"), self.call_tags))):
            label = QLabel(caption, self.call_page)
            label.setObjectName("quiet")
            label.setBuddy(widget)
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
        note_label = QLabel(self.tr("Note"), self.call_page)
        note_label.setObjectName("quiet")
        note_label.setBuddy(self.call_note)
        grid.addWidget(note_label, 2, 0)
        grid.addWidget(self.call_note, 3, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        self.editor_pages.addWidget(self.call_page)
        lay.addLayout(self.editor_pages)
        self.problem_label = QLabel(editor)
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        lay.addWidget(self.problem_label)
        return editor

    def _apply_style(self) -> None:
        sheet = history_style(QApplication.palette())
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
            self.refresh_rows_colour()

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
        for tag in self.store.tags_in_use():
            self.tag_box.addItem(tag, tag)
        self.tag_box.setCurrentIndex(max(self.tag_box.findData(chosen), 0) if chosen else 0)
        self.tag_box.blockSignals(False)

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
        question = {
            "call": self.tr("Delete this call from your history? This cannot be undone."),
            "breath": self.tr("Delete this breathing session from your history? This cannot be undone."),
            "break": self.tr("Delete this break from your history? This cannot be undone."),
        }[entry.kind]
        if not self.ask_yes_no(self.tr("Delete this entry?"), question):
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

    def _ask_yes_no(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

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
