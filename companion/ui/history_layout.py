"""How the history window is laid out: the filters, the table and the editor
for the chosen entry, and its colours. HistoryLayout is that part of
HistoryWindow; history.py fills and changes what is built here."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
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
    QPlainTextEdit,
    QPushButton,
    QStackedLayout,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core.models import Rating

from .placement import bold, calm_panel, push_button
from .style import calm_colours, popup_style

COLUMNS = 5  # when, what, mood, tags, note


def history_style(palette: QPalette) -> str:
    c = calm_colours(palette)
    base, edge, text, chosen, head = c["button"], c["edge"], c["text"], c["chosen"], c["head"]
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
    QFrame#panel QPushButton#danger {{ color: {c["problem"]}; }}
    """


class HistoryLayout:
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
        self.close_button = push_button(self.tr("Close"), self.close, frame,
                                        self.tr("Close. Everything is already saved."))
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
        self.pick_tag = QComboBox(self.call_page)
        self.pick_tag.setAccessibleName(self.tr("Add a tag to this call"))
        self.pick_tag.activated.connect(self._tag_picked)
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
                                                    (self.tr("Tags"), self.call_tags),
                                                    (self.tr("Add"), self.pick_tag))):
            label = QLabel(caption, self.call_page)
            label.setObjectName("quiet")
            label.setBuddy(widget)
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
        note_label = QLabel(self.tr("Note"), self.call_page)
        note_label.setObjectName("quiet")
        note_label.setBuddy(self.call_note)
        grid.addWidget(note_label, 2, 0)
        grid.addWidget(self.call_note, 3, 0, 1, 4)
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
