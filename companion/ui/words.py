"""Words that help: the agent's phrases for hard moments, one click to copy.

WordsPanel is the card itself and can sit inside other windows (the Breathe
window's last step shows a read-only one); WordsWindow is the card opened from
the tray menu, where phrases can also be added, changed and removed. Every
change goes straight to core.words, which saves it before returning."""

from __future__ import annotations

import weakref

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from companion.core.models import InvalidEntry
from companion.core.words import Phrase, WordCard

from .confirm import confirm
from .keys import ClosesOnEscape
from .placement import bold, calm_panel, fit_to_screen, push_button
from .style import FollowsPalette, apply_window_look, calm_colours, popup_style

FEEDBACK_MS = 2500
UNDO_MS = 10_000  # long enough to notice a slip of the finger and take it back


def card_style(palette: QPalette) -> str:
    """The calm popup look, plus the parts only the card has."""
    c = calm_colours(palette)
    line, link = c["line"], c["link"]
    # A little larger than the rest, and still so when the person's text size is large.
    phrase_points = round(max(QApplication.font().pointSizeF(), 9.5) * 1.15, 1)
    return popup_style(palette) + f"""
    QFrame#panel QFrame#row {{ background: transparent; border: none; border-bottom: 1px solid {line};
        border-radius: 0; }}
    QFrame#panel QLabel#phrase {{ font-size: {phrase_points}pt; }}
    QFrame#panel QPushButton#link {{ border: none; background: transparent; padding: 2px 4px;
        color: {link}; text-decoration: underline; }}
    QFrame#panel QPushButton#link:focus {{ border: 1px solid {link}; }}
    QFrame#panel QScrollArea, QFrame#panel QWidget#rows {{ background: transparent; border: none; }}
    """


class PhraseDialog(FollowsPalette, QDialog):
    """Add or change one phrase. `on_save(text, instead)` stores it; if the
    store refuses, the reason is shown and the dialog stays open."""

    def __init__(self, title: str, on_save, text: str = "", instead: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        lay = QVBoxLayout(self)
        caption = QLabel(self.tr("The words, as you would say them:"), self)
        caption.setWordWrap(True)
        self.text_edit = QPlainTextEdit(text, self)
        self.text_edit.setAccessibleName(self.tr("Phrase"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.text_edit.fontMetrics().lineSpacing() * 4 + 16)
        # The dialog's least width, set on the text box so long captions still widen it.
        self.text_edit.setMinimumWidth(400)
        caption.setBuddy(self.text_edit)
        instead_caption = QLabel(self.tr("Said instead of (optional, shown but never copied):"), self)
        instead_caption.setWordWrap(True)
        self.instead_edit = QLineEdit(instead, self)
        self.instead_edit.setAccessibleName(self.tr("Said instead of"))
        instead_caption.setBuddy(self.instead_edit)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        for widget in (caption, self.text_edit, instead_caption, self.instead_edit, self.problem):
            lay.addWidget(widget)
        lay.addLayout(buttons)
        self.text_edit.textChanged.connect(self._check)
        self._check()
        self._apply_style()

    def _apply_style(self) -> None:
        apply_window_look(self)

    def _check(self) -> None:
        self.save_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    def accept(self) -> None:
        try:
            self._on_save(self.text_edit.toPlainText(), self.instead_edit.text())
        except InvalidEntry as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()


class WordsPanel(FollowsPalette, QFrame):
    """One group of phrases at a time, chosen at the top; each with Copy."""

    copied = Signal(str)  # the phrase now on the clipboard
    edit_requested = Signal()  # read-only panel: the agent asked to change the phrases

    def __init__(self, card: WordCard, editable: bool = True, group: str | None = None,
                 parent: QWidget | None = None, framed: bool = True) -> None:
        super().__init__(parent)
        # framed: a card of its own; otherwise it takes the look of the card it sits in.
        self.framed = framed
        self.setObjectName("panel" if framed else "cardbody")
        self.setAccessibleName(self.tr("Words that help"))
        self.card = card
        self.editable = editable
        self.dialog: PhraseDialog | None = None
        self.copy_buttons: list[QPushButton] = []
        self.edit_buttons: list[QPushButton] = []
        self.remove_buttons: list[QPushButton] = []
        self._removed: tuple[str, int, Phrase] | None = None
        self._focus_after: tuple[str, int] | None = None
        self.feedback_timer = QTimer(self)
        self.feedback_timer.setSingleShot(True)
        self.feedback_timer.setInterval(FEEDBACK_MS)
        self.feedback_timer.timeout.connect(self._clear_feedback)
        self._build()
        self.show_group(group or card.groups[0].key)

        # Another open card (window or Breathe step) changed the phrases: show them.
        ref = weakref.ref(self)

        def changed() -> None:
            panel = ref()
            if panel is not None and isValid(panel):
                panel.refresh()

        card.on_change(changed)
        self.destroyed.connect(lambda *_: card.off_change(changed))

    # -- building --------------------------------------------------------------
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        margin = 14 if self.framed else 0
        lay.setContentsMargins(margin, 12 if self.framed else 6, margin, 12 if self.framed else 6)
        lay.setSpacing(8)
        self.group_box = QComboBox(self)
        self.group_box.setAccessibleName(self.tr("Which moment"))
        self.group_box.setToolTip(self.tr("Choose the moment you need words for."))
        self.group_box.currentIndexChanged.connect(lambda _i: self.refresh())
        lay.addWidget(self.group_box)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("quiet")
        self.hint_label.setWordWrap(True)
        lay.addWidget(self.hint_label)

        self.rows = QWidget()
        self.rows.setObjectName("rows")
        self.rows_layout = QVBoxLayout(self.rows)
        self.rows_layout.setContentsMargins(0, 0, 4, 0)
        self.rows_layout.setSpacing(0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.rows)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay.addWidget(self.scroll, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("quiet")
        self.status_label.setAccessibleName(self.tr("What just happened"))
        bottom.addWidget(self.status_label, 1)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setAccessibleName(self.tr("Undo: put the phrase back"))
        self.undo_button.clicked.connect(self.undo_remove)
        self.undo_button.hide()
        bottom.addWidget(self.undo_button)
        if self.editable:
            self.add_button = QPushButton(self.tr("Add a phrase…"), self)
            self.add_button.setAccessibleName(self.tr("Add a phrase to this group"))
            self.add_button.clicked.connect(self.add_phrase)
        else:
            self.add_button = QPushButton(self.tr("Change phrases…"), self)
            self.add_button.setObjectName("link")
            self.add_button.setAccessibleName(self.tr("Open Words that help to change the phrases"))
            self.add_button.clicked.connect(self.edit_requested.emit)
        bottom.addWidget(self.add_button)
        lay.addLayout(bottom)
        self._fill_groups()
        self._apply_style()

    def _fill_groups(self) -> None:
        key = self.current_key() if self.group_box.count() else None
        self.group_box.blockSignals(True)
        self.group_box.clear()
        for group in self.card.groups:
            self.group_box.addItem(group.title, group.key)
        found = self.group_box.findData(key) if key else -1
        self.group_box.setCurrentIndex(max(found, 0))
        self.group_box.blockSignals(False)

    def _apply_style(self) -> None:
        if not self.framed:
            return
        sheet = card_style(QApplication.palette())
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    # -- showing -----------------------------------------------------------------
    def current_key(self) -> str:
        return self.group_box.currentData()

    def show_group(self, key: str) -> None:
        index = self.group_box.findData(key)
        if index < 0:
            raise KeyError(key)
        if index == self.group_box.currentIndex():
            self.refresh()
        else:
            self.group_box.setCurrentIndex(index)

    def refresh(self) -> None:
        if [g.key for g in self.card.groups] != [self.group_box.itemData(i) for i in range(self.group_box.count())]:
            self._fill_groups()
        group = self.card.group(self.current_key())
        self.hint_label.setText(group.hint)
        self.hint_label.setVisible(bool(group.hint))
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.copy_buttons, self.edit_buttons, self.remove_buttons = [], [], []
        rows = [self._row(index, phrase) for index, phrase in enumerate(group.phrases)]
        if not rows:
            empty = QLabel(self.tr("No phrases here yet. Add one in your own words."), self.rows)
            empty.setObjectName("quiet")
            empty.setWordWrap(True)
            rows.append(empty)
        for row in rows:
            self.rows_layout.addWidget(row)
            row.setVisible(True)  # the layout alone would show it a loop turn later
        self.rows_layout.addStretch(1)
        self._chain_focus()

    def _row(self, index: int, phrase: Phrase) -> QFrame:
        row = QFrame(self.rows)
        row.setObjectName("row")
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 8, 0, 8)
        lay.setSpacing(10)
        words = QVBoxLayout()
        words.setSpacing(2)
        text = QLabel(phrase.text, row)
        text.setObjectName("phrase")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words.addWidget(text)
        if phrase.instead:
            instead = QLabel(self.tr("Instead of: “{words}”").format(words=phrase.instead), row)
            instead.setObjectName("quiet")
            instead.setWordWrap(True)
            words.addWidget(instead)
        if self.editable:
            links = QHBoxLayout()
            links.setSpacing(4)
            edit = QPushButton(self.tr("Edit"), row)
            edit.setObjectName("link")
            edit.setAccessibleName(self.tr("Edit: {phrase}").format(phrase=phrase.text))
            edit.clicked.connect(lambda _=False, i=index: self.edit_phrase(i))
            remove = QPushButton(self.tr("Remove"), row)
            remove.setObjectName("link")
            remove.setAccessibleName(self.tr("Remove: {phrase}").format(phrase=phrase.text))
            remove.clicked.connect(lambda _=False, i=index: self.remove_phrase(i))
            links.addWidget(edit)
            links.addWidget(remove)
            links.addStretch(1)
            words.addLayout(links)
            self.edit_buttons.append(edit)
            self.remove_buttons.append(remove)
        lay.addLayout(words, 1)
        copy = QPushButton(self.tr("Copy"), row)
        copy.setObjectName("primary")
        copy.setAccessibleName(self.tr("Copy: {phrase}").format(phrase=phrase.text))
        copy.setToolTip(self.tr("Copy to the clipboard, then paste it where you need it."))
        copy.clicked.connect(lambda _=False, i=index: self.copy(i))
        # Wide enough for "Copied" too, so the row does not jump when it changes.
        metrics = copy.fontMetrics()
        copy.setMinimumWidth(max(metrics.horizontalAdvance(t) for t in (self.tr("Copy"), self.tr("Copied"))) + 28)
        lay.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        self.copy_buttons.append(copy)
        return row

    def _chain_focus(self) -> None:
        chain: list[QWidget] = [self.group_box]
        for i, copy in enumerate(self.copy_buttons):
            chain.append(copy)
            if self.editable:
                chain.extend((self.edit_buttons[i], self.remove_buttons[i]))
        chain.extend((self.undo_button, self.add_button))
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        if self._focus_after is not None and self._focus_after[0] == self.current_key():
            index = self._focus_after[1]
            target = self.copy_buttons[index] if 0 <= index < len(self.copy_buttons) else self.add_button
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_after = None

    # -- what the agent does ---------------------------------------------------
    def phrases(self) -> list[Phrase]:
        return self.card.group(self.current_key()).phrases

    def copy(self, index: int) -> None:
        text = self.phrases()[index].text
        QApplication.clipboard().setText(text)
        for i, button in enumerate(self.copy_buttons):
            button.setText(self.tr("Copied") if i == index else self.tr("Copy"))
        self._say(self.tr("Copied. Paste it with Ctrl+V."))
        self.copied.emit(text)

    def add_phrase(self) -> None:
        key = self.current_key()

        def save(text: str, instead: str) -> None:
            self._focus_after = (key, len(self.card.group(key).phrases))
            self.card.add(key, text, instead)

        self._open_dialog(self.tr("Add a phrase"), save)

    def edit_phrase(self, index: int) -> None:
        key = self.current_key()
        phrase = self.phrases()[index]

        def save(text: str, instead: str) -> None:
            self._focus_after = (key, index)
            self.card.edit(key, index, text, instead)

        self._open_dialog(self.tr("Change a phrase"), save, phrase.text, phrase.instead)

    def _open_dialog(self, title: str, on_save, text: str = "", instead: str = "") -> None:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = PhraseDialog(title, on_save, text, instead, self.window())
        self.dialog.open()

    def remove_phrase(self, index: int) -> None:
        key = self.current_key()
        self._focus_after = (key, index)
        removed = self.card.remove(key, index)
        # Removing is one click, so taking it back must be too.
        self._removed = (key, index, removed)
        self._say(self.tr("Phrase removed."), undo=True)

    def undo_remove(self) -> None:
        if self._removed is None:
            return
        key, index, phrase = self._removed
        self._removed = None
        self._focus_after = (key, index)
        self.card.add(key, phrase.text, phrase.instead, index=index)
        if self.current_key() != key:
            self.show_group(key)
        self._say(self.tr("The phrase is back."))

    def _say(self, text: str, undo: bool = False) -> None:
        self.status_label.setText(text)
        self.undo_button.setVisible(undo)
        self.feedback_timer.start(UNDO_MS if undo else FEEDBACK_MS)

    def _clear_feedback(self) -> None:
        self.status_label.clear()
        if self.undo_button.hasFocus():
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.undo_button.hide()
        self._removed = None
        for button in self.copy_buttons:
            button.setText(self.tr("Copy"))


class WordsWindow(ClosesOnEscape, FollowsPalette, QWidget):
    """The card from the tray menu: all groups, editable."""

    def __init__(self, card: WordCard, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.card = card
        self.setWindowTitle(self.tr("Words that help — Companion"))
        self.setAccessibleName(self.tr("Words that help"))
        # Replaced in tests, so no modal question ever blocks them.
        self.ask_yes_no = self._ask_yes_no

        self.frame, inner = calm_panel(self, (16, 14, 16, 12))
        heading = bold(QLabel(self.tr("Words that help"), self.frame), 1.3)
        inner.addWidget(heading)
        intro = QLabel(self.tr("Your own words for the hard moments. Copy one with a click, "
                               "or change them until they sound like you."), self.frame)
        intro.setObjectName("quiet")
        intro.setWordWrap(True)
        inner.addWidget(intro)

        self.panel = WordsPanel(card, editable=True, parent=self.frame, framed=False)
        inner.addWidget(self.panel, 1)

        bottom = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("Restore the original phrases…"), self.frame)
        self.restore_button.setObjectName("link")
        self.restore_button.clicked.connect(self.restore_defaults)
        self.close_button = push_button(self.tr("Close"), self.close, self.frame,
                                        self.tr("Close. Everything is already saved."))
        bottom.addWidget(self.restore_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        inner.addLayout(bottom)
        QWidget.setTabOrder(self.panel.add_button, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.close_button)
        self._apply_style()
        fit_to_screen(self, 480, 580)

    def _apply_style(self) -> None:
        sheet = card_style(QApplication.palette()) + "QFrame#panel { border: none; border-radius: 0; }"
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def show_card(self, group: str | None = None) -> None:
        if group is not None:
            self.panel.show_group(group)
        self.show()
        self.raise_()
        self.activateWindow()
        self.panel.group_box.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def restore_defaults(self) -> None:
        if self.ask_yes_no(
            self.tr("Restore the original phrases?"),
            self.tr("Your own phrases and changes will be replaced by the ones Companion came with."),
            self.tr("Restore the originals"), self.tr("Keep my phrases"),
        ):
            self.card.restore_defaults()

    def _ask_yes_no(self, title: str, text: str, act: str, keep: str) -> bool:
        return confirm(self, title, text, act, keep)
