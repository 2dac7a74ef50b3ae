"""The team-lead summary, shown exactly as it will be saved: counts and rates,
never notes. Opened from the weekly review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from companion.core import exports


class SummaryPreview(QDialog):
    """Shows exactly what the team-lead summary holds before it is saved."""

    saved = Signal(str)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.suggested = "companion-summary.txt"
        self.ask_save_path = None
        self.setWindowTitle(self.tr("Summary for my team lead"))
        self.setAccessibleName(self.tr("Summary for my team lead"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This is everything the summary holds: counts and rates, with no notes and no self-check "
            "answers. Read it through, then save it and pass it on however you like."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.preview = QPlainTextEdit(text)
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
        self.save_button.setAccessibleName(self.tr("Save the summary to a file"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_clicked)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the summary"))
        close.clicked.connect(self.reject)
        for button in (copy, self.save_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.status.setText(self.tr("Copied."))

    def save_clicked(self) -> None:
        ask = self.ask_save_path or (lambda title, name, kinds: QFileDialog.getSaveFileName(
            self, title, str(Path.home() / name), kinds)[0])
        path = ask(self.tr("Save the summary"), self.suggested, self.tr("Text files (*.txt)"))
        if not path:
            return
        try:
            exports.write_private(path, self.text)
        except OSError as exc:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=str(exc)))
            return
        self.saved.emit(str(path))
        self.accept()
