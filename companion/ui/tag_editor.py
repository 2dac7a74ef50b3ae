"""The Settings dialog's "Call tags" page: the person's own tags (a queue's
topics) beside the built-in ones. Every change is a service verb
(service/tags.py); this page only shows what the service holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from companion.core.models import DEFAULT_TAGS, InvalidEntry


class TagEditor(QWidget):
    def __init__(self, service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setAccessibleName(self.tr("Call tags"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Your own tags, such as the topics of your queue, sit next to the built-in ones in the tag "
            "popup and in History. Renaming a tag renames it on the calls that carry it too; a retired "
            "tag is no longer offered, and the calls that carry it keep it."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.tag_list = QListWidget()
        self.tag_list.setAccessibleName(self.tr("Your own tags"))
        self.tag_list.currentItemChanged.connect(self._chosen)
        lay.addWidget(self.tag_list, 1)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Tag name"))
        self.name.setPlaceholderText(self.tr("A tag, for example billing"))
        self.name.returnPressed.connect(self.add)
        lay.addWidget(self.name)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add this tag"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.setAccessibleName(self.tr("Rename the chosen tag to this name"))
        self.retire_button = QPushButton(self.tr("Retire"))
        self.retire_button.setAccessibleName(self.tr("Retire the chosen tag"))
        for button, action in ((self.add_button, self.add), (self.rename_button, self.rename),
                               (self.retire_button, self.retire)):
            button.setAutoDefault(False)
            button.clicked.connect(action)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.problem = QLabel()
        self.problem.setObjectName("tag_error")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem with the last tag change"))
        self.problem.hide()
        lay.addWidget(self.problem)
        self.retired = QLabel()
        self.retired.setWordWrap(True)
        self.retired.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.retired)
        built_in = QLabel(self.tr("Built in: {tags}.").format(tags=", ".join(DEFAULT_TAGS)))
        built_in.setWordWrap(True)
        lay.addWidget(built_in)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.chosen()
        self.tag_list.clear()
        for tag in self.service.own_tags():
            item = QListWidgetItem(tag)
            self.tag_list.addItem(item)
            if tag == chosen:
                self.tag_list.setCurrentItem(item)
        retired = self.service.retired_tags()
        self.retired.setVisible(bool(retired))
        self.retired.setText(self.tr("Retired: {tags}. Add one again to offer it again.").format(
            tags=", ".join(retired)))
        self._chosen()

    def chosen(self) -> str | None:
        item = self.tag_list.currentItem()
        return item.text() if item is not None else None

    def _chosen(self, *_) -> None:
        self.rename_button.setEnabled(self.chosen() is not None)
        self.retire_button.setEnabled(self.chosen() is not None)

    def _do(self, verb, *args) -> None:
        try:
            verb(*args)
        except InvalidEntry as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.hide()
        self.name.clear()
        self.refresh()

    def add(self) -> None:
        self._do(self.service.add_tag, self.name.text())

    def rename(self) -> None:
        if self.chosen() is not None:
            self._do(self.service.rename_tag, self.chosen(), self.name.text())

    def retire(self) -> None:
        if self.chosen() is not None:
            self._do(self.service.retire_tag, self.chosen())
