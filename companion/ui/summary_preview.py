"""The team-lead summary, shown exactly as it will be saved: counts and rates,
never notes, mood, energy or self-check. The agent may tick tags (rough calls
by that tag, week by week) and the hours that stood out; nothing is ticked
until they tick it. Opened from the weekly review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from companion.core import exports

from .style import FollowsPalette, apply_window_look

# make(ticked tags, hours ticked, "text" or "csv") -> what would be saved.
Maker = Callable[[tuple[str, ...], bool, str], str]


class SummaryPreview(FollowsPalette, QDialog):
    """Shows exactly what the team-lead summary holds before it is saved."""

    saved = Signal(str)

    def __init__(self, make: Maker | str, tags: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make: Maker = make if callable(make) else (lambda tags, hours, kind, text=make: text)
        self.suggested = "companion-summary.txt"
        self.ask_save_path = None
        self.setWindowTitle(self.tr("Summary for my team lead"))
        self.setAccessibleName(self.tr("Summary for my team lead"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This is everything the summary holds: counts and rates, with no notes, mood, energy or "
            "self-check answers. Tick a tag to add its rough calls week by week. Read it through, then "
            "save it (as text, or as CSV) and pass it on however you like."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tag_boxes: dict[str, QCheckBox] = {}
        ticks = QHBoxLayout()
        for tag in tags:
            box = QCheckBox(tag)
            box.setAccessibleName(self.tr("Add rough calls tagged {tag}").format(tag=tag))
            box.toggled.connect(self._ticked)
            ticks.addWidget(box)
            self.tag_boxes[tag] = box
        self.hours_box = QCheckBox(self.tr("Hours that stood out"))
        self.hours_box.toggled.connect(self._ticked)
        ticks.addWidget(self.hours_box)
        ticks.addStretch(1)
        tick_row = QWidget()
        tick_row.setLayout(ticks)
        tick_scroll = QScrollArea()
        tick_scroll.setWidget(tick_row)
        tick_scroll.setWidgetResizable(True)
        tick_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        tick_scroll.setFixedHeight(tick_row.sizeHint().height() + 18)
        tick_scroll.setAccessibleName(self.tr("What to add to the summary"))
        layout.addWidget(tick_scroll)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setAccessibleName(self.tr("Summary text"))
        layout.addWidget(self.preview, 1)
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        copy = QPushButton(self.tr("Copy"))
        copy.setAccessibleName(self.tr("Copy the summary"))
        copy.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(self.tr("Save the summary to a file"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_clicked)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the summary"))
        close.clicked.connect(self.reject)
        for button in (copy, self.save_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._ticked()
        self._apply_style()

    def _apply_style(self) -> None:
        apply_window_look(self)

    def ticked(self) -> tuple[str, ...]:
        return tuple(tag for tag, box in self.tag_boxes.items() if box.isChecked())

    def _ticked(self, *_) -> None:
        self.text = self.make(self.ticked(), self.hours_box.isChecked(), "text")
        self.preview.setPlainText(self.text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.status.setText(self.tr("Copied."))

    def save_clicked(self) -> None:
        ask = self.ask_save_path or (lambda title, name, kinds: QFileDialog.getSaveFileName(
            self, title, str(Path.home() / name), kinds)[0])
        path = ask(self.tr("Save the summary"), self.suggested,
                   self.tr("Text files (*.txt);;CSV spreadsheets (*.csv)"))
        if not path:
            return
        as_csv = str(path).lower().endswith(".csv")
        content = self.make(self.ticked(), self.hours_box.isChecked(), "csv") if as_csv else self.text
        try:
            exports.write_private(path, content)
        except OSError as exc:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=str(exc)))
            return
        self.saved.emit(str(path))
        self.accept()
