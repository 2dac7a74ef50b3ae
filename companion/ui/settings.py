"""The Settings dialog, drawn from core.settings.SCHEMA.

No key has code of its own here: each Setting.kind maps to an editor factory,
and every edit goes straight to Settings.set(), which validates and saves. The
dialog only shows what core accepts, so a rejected value snaps back."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core.breathing import PATTERNS
from companion.core.keys import COMMANDS
from companion.core.settings import (
    BY_KEY,
    DAY_NAMES,
    SCHEMA,
    SPANS,
    Setting,
    SettingError,
    Settings,
)
from companion.translations import core_text

from .confirm import confirm
from .field_notes import READ_A_NOTE, FieldNote, number_box, typed_whole
from .style import FollowsPalette, apply_window_look, check_box_width

# The day buttons sit close together: a row of seven small toggles.
_DAY_BUTTONS = "QPushButton[day=\"true\"] { padding: 4px 8px; border-radius: 6px; }"


# Settings that only mean something while another setting has a given value.
_ENABLED_WHEN: tuple[tuple[Callable[[str], bool], str, Any], ...] = (
    (lambda key: key.startswith("custom_"), "pattern", "custom"),
    (lambda key: key in ("quiet_start", "quiet_end"), "quiet_hours", True),
)


@dataclass
class Editor:
    """One setting's widget, how to read its value and how to show a value."""
    widget: QWidget
    read: Callable[[], Any]
    show: Callable[[Any], None]
    has_own_label: bool = False  # a checkbox carries its label as its text


def _spin_common(box: QAbstractSpinBox) -> None:
    # Save on Enter, focus loss or the arrows, not on every keystroke
    # ("1" on the way to "120" would otherwise be saved, then replaced).
    box.setKeyboardTracking(False)
    box.setAccelerated(True)


def _number_editor(dialog: SettingsDialog, s: Setting, edited: Callable[[], None]) -> Editor:
    box = number_box(s)
    box.setSuffix(core_text(s.suffix))
    if s.off_value is not None and s.off_value == s.minimum:
        box.setSpecialValueText(QCoreApplication.translate("SettingsDialog", "Off"))
    _spin_common(box)
    box.valueChanged.connect(edited)
    # A number outside the range goes to core as typed, to be refused in words.
    box.outside = lambda number: dialog._edited(s.key, typed_whole(number))
    read = box.value if s.kind == "int" else lambda: round(box.value(), 1)
    return Editor(box, read, box.setValue)


def _bool_editor(dialog: SettingsDialog, s: Setting, edited: Callable[[], None]) -> Editor:
    box = QCheckBox(core_text(s.label))
    box.toggled.connect(edited)
    return Editor(box, box.isChecked, box.setChecked, has_own_label=True)


def _time_editor(dialog: SettingsDialog, s: Setting, edited: Callable[[], None]) -> Editor:
    box = QTimeEdit()
    box.setDisplayFormat("HH:mm")
    _spin_common(box)
    box.timeChanged.connect(edited)
    return Editor(box, lambda: box.time().toString("HH:mm"), lambda v: box.setTime(QTime.fromString(v, "HH:mm")))


def _choice_title(dialog: SettingsDialog, choice: str) -> str:
    if choice in PATTERNS:
        return core_text(PATTERNS[choice].title)
    if choice == "custom":
        return QCoreApplication.translate("SettingsDialog", "Custom")
    return choice.replace("_", " ").capitalize()


def _choice_editor(dialog: SettingsDialog, s: Setting, edited: Callable[[], None]) -> Editor:
    box = QComboBox()
    for choice in s.choices:
        box.addItem(_choice_title(dialog, choice), choice)
    box.currentIndexChanged.connect(edited)
    return Editor(box, box.currentData, lambda v: box.setCurrentIndex(box.findData(v)))


def _days_editor(dialog: SettingsDialog, s: Setting, edited: Callable[[], None]) -> Editor:
    short = (QCoreApplication.translate("SettingsDialog", "Mon"), QCoreApplication.translate("SettingsDialog", "Tue"),
             QCoreApplication.translate("SettingsDialog", "Wed"), QCoreApplication.translate("SettingsDialog", "Thu"),
             QCoreApplication.translate("SettingsDialog", "Fri"), QCoreApplication.translate("SettingsDialog", "Sat"),
             QCoreApplication.translate("SettingsDialog", "Sun"))
    full = (QCoreApplication.translate("SettingsDialog", "Monday"),
            QCoreApplication.translate("SettingsDialog", "Tuesday"),
            QCoreApplication.translate("SettingsDialog", "Wednesday"),
            QCoreApplication.translate("SettingsDialog", "Thursday"),
            QCoreApplication.translate("SettingsDialog", "Friday"),
            QCoreApplication.translate("SettingsDialog", "Saturday"),
            QCoreApplication.translate("SettingsDialog", "Sunday"))
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    buttons: dict[str, QPushButton] = {}
    for day, text, name in zip(DAY_NAMES, short, full):
        button = QPushButton(text)
        button.setCheckable(True)
        button.setProperty("day", True)  # a chosen day in the look's filled colour (window_style)
        button.setAutoDefault(False)  # Enter in a field must not flip a day
        button.setObjectName(f"day_{day}")
        button.setAccessibleName(name)
        button.setToolTip(core_text(s.help))
        button.toggled.connect(edited)
        layout.addWidget(button)
        buttons[day] = button
    layout.addStretch(1)

    def read() -> str:
        return ",".join(day for day, b in buttons.items() if b.isChecked())

    def show(value: str) -> None:
        chosen = set(value.split(","))
        for day, b in buttons.items():
            b.setChecked(day in chosen)

    return Editor(row, read, show)


def _keys_editor(dialog: SettingsDialog, s: Setting, edited: Callable[[], None]) -> Editor:
    """A field that records one key combination (click it, press the keys;
    its clear button unbinds), and a Copy button for the command to bind in
    the desktop's own keyboard settings where Companion cannot grab keys."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    box = QKeySequenceEdit()
    box.setObjectName(f"keys_{s.key}")
    box.setMaximumSequenceLength(1)
    box.setClearButtonEnabled(True)
    box.editingFinished.connect(edited)
    box.keySequenceChanged.connect(lambda keys: edited() if keys.isEmpty() else None)  # cleared
    layout.addWidget(box, 1)
    command = COMMANDS[s.key.removeprefix("shortcut_")]
    copy = QPushButton(QCoreApplication.translate("SettingsDialog", "Copy command"))
    copy.setObjectName(f"copy_{s.key}")
    copy.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Copy the command {command}").format(
        command=command))
    copy.setAutoDefault(False)
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(command))
    copy.hide()  # shown where the desktop does not let Companion grab keys (show_shortcut_states)
    layout.addWidget(copy)
    portable = QKeySequence.SequenceFormat.PortableText
    return Editor(row, lambda: box.keySequence().toString(portable),
                  lambda value: box.setKeySequence(QKeySequence.fromString(value, portable)))


EDITOR_FACTORIES: dict[str, Callable[[SettingsDialog, Setting, Callable[[], None]], Editor]] = {
    "int": _number_editor,
    "float": _number_editor,
    "bool": _bool_editor,
    "time": _time_editor,
    "choice": _choice_editor,
    "days": _days_editor,
    "keys": _keys_editor,
}


class SettingsDialog(FollowsPalette, QDialog):
    """Every setting, grouped as in the schema; each change is saved at once."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, service=None, keys=None) -> None:
        """`keys`: the app's global shortcuts (ui/global_keys.py), whose states
        are shown under the shortcut fields."""
        super().__init__(parent)
        self.settings, self.keys = settings, keys
        self.editors: dict[str, Editor] = {}
        self.notes: dict[str, FieldNote] = {}
        self._noted_at = 0.0  # when a typed number was last refused (time.monotonic)
        self._quiet = False  # True while we put stored values into widgets
        self.setModal(False)
        self.setWindowTitle(self.tr("Settings — Companion"))

        self.notice = QLabel()
        self.notice.setObjectName("problems_notice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setProperty("notice", "note")  # a warm note (window_style)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setObjectName("edit_error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setProperty("notice", "error")
        self.error.setAccessibleName(self.tr("Problem with the last change"))
        self.error.hide()

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Setting groups"))
        self._build_pages()
        self.tag_editor = None
        if service is not None:  # the own call tags live in the data file, through the service
            from .tag_editor import TagEditor

            self.tag_editor = TagEditor(service)
            self.tag_editor.problem.setProperty("notice", "error")
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setWidget(self.tag_editor)
            self.tabs.addTab(scroll, self.tr("Call tags"))

        self.open_folder_button = QPushButton(self.tr("Open settings file folder"))
        self.open_folder_button.setAccessibleName(self.tr("Open settings file folder"))
        self.open_folder_button.clicked.connect(self.open_folder)
        self.restore_button = QPushButton(self.tr("Restore defaults"))
        self.restore_button.setAccessibleName(self.tr("Restore defaults"))
        self.restore_button.clicked.connect(self.restore_defaults)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close settings"))
        self.close_button.clicked.connect(self.close)
        # Enter only confirms the field being typed in: no button is default,
        # so it never closes the dialog or restores defaults by surprise.
        for button in (self.open_folder_button, self.restore_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self._apply_style()
        self.show_problems(settings.problems)
        self.refresh()
        self.show_shortcut_states()
        self._listen()
        self._fit_to_screen()

    # -- building ---------------------------------------------------------

    def _build_pages(self) -> None:
        forms: dict[str, QFormLayout] = {}
        # A check box's help lines up with its words, not with its box.
        box_indent = check_box_width() + self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
        for s in SCHEMA:
            if s.group not in forms:
                forms[s.group] = self._add_page(s.group)
            form = forms[s.group]
            editor = EDITOR_FACTORIES[s.kind](self, s, lambda *_, key=s.key: self._edited(key))
            w = editor.widget
            w.setObjectName(w.objectName() or f"edit_{s.key}")
            help_text = core_text(s.help)
            w.setToolTip(help_text)
            w.setWhatsThis(help_text)
            w.setAccessibleName(core_text(s.label))
            w.setAccessibleDescription(help_text)
            if editor.has_own_label:
                form.addRow(w)
            else:
                # Labels keep one line; WrapLongRows moves the field below a
                # label that no longer fits, so nothing is clipped at large text.
                # A label with a buddy reads "&" as its Alt letter: "Mute & breathe" needs it doubled.
                label = QLabel(core_text(s.label).replace("&", "&&"))
                label.setBuddy(w)
                label.setToolTip(help_text)
                form.addRow(label, w)
            # The help in view under its field, and room for a note: the page
            # reads from one setting to the next, each with its explanation.
            note = FieldNote(help_text, box_indent if editor.has_own_label else 0)
            note.setObjectName(f"about_{s.key}")
            note.layout().setContentsMargins(note.layout().contentsMargins().left(), 0, 0, 10)
            form.addRow(note)
            self.editors[s.key] = editor
            self.notes[s.key] = note

    def _add_page(self, group: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        # At large text sizes the field drops below its label instead of
        # squeezing both into an unreadable column.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own: it scrolls to whichever field has the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, core_text(group))
        return form

    def _apply_style(self) -> None:
        apply_window_look(self, _DAY_BUTTONS)
        palette = QGuiApplication.palette()
        for note in self.notes.values():
            note.apply_palette(palette)

    def _fit_to_screen(self) -> None:
        pages = [self.tabs.widget(i).widget() for i in range(self.tabs.count())]
        # Wide enough for every tab's name too, so none hides behind scroll arrows.
        want = (max([p.sizeHint().width() for p in pages] + [self.tabs.tabBar().sizeHint().width()]),
                max(p.sizeHint().height() for p in pages))
        width, height = want[0] + 60, want[1] + self.sizeHint().height() - self.tabs.sizeHint().height() + 80
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, int(room.width() * 0.9)), min(height, int(room.height() * 0.9))
        self.resize(width, height)

    def _listen(self) -> None:
        # Settings keeps its listeners for good; a weak link lets this dialog
        # be closed and deleted without leaving a dangling callback behind.
        me = weakref.ref(self)

        def changed(key: str, value: Any) -> None:
            dialog = me()
            if dialog is not None and shiboken6.isValid(dialog):
                dialog._show_value(key, value)

        self.settings.on_change(changed)

    # -- showing ----------------------------------------------------------

    def refresh(self) -> None:
        """Put every stored value into its widget (e.g. after a reload)."""
        for key in self.editors:
            self._show_value(key, self.settings[key])

    def _show_value(self, key: str, value: Any) -> None:
        editor = self.editors.get(key)
        if editor is None:
            return
        self._quiet = True
        try:
            if editor.read() != value:
                editor.show(value)
        finally:
            self._quiet = False
        self._update_enabled()
        self._show_spans()

    def _show_spans(self) -> None:
        for span in SPANS:
            self.notes[span.end].show_span(span, self.settings)

    def _say(self, key: str, text: str) -> None:
        """A note under the field (or none); a screen reader hears it with the help."""
        note = self.notes[key]
        note.say(text)
        self.editors[key].widget.setAccessibleDescription(note.description())

    def show_shortcut_states(self) -> None:
        """Under each shortcut: works, or why not (taken, or not possible on this
        desktop, with the command to bind there instead and its Copy button)."""
        if self.keys is None:
            return
        for key, (works, text) in self.keys.states.items():
            self.notes[key].show_state(text if works else "")
            self._say(key, "" if works else text)
            self.editors[key].widget.findChild(QPushButton, f"copy_{key}").setVisible(not self.keys.available)

    def _update_enabled(self) -> None:
        for key, editor in self.editors.items():
            for applies, other, wanted in _ENABLED_WHEN:
                if applies(key):
                    editor.widget.setEnabled(self.settings[other] == wanted)

    def show_problems(self, problems: list[str]) -> None:
        if not problems:
            self.notice.hide()
            return
        self.notice.setText(self.tr(
            "Some settings in your file could not be used:\n{problems}\n\n"
            "Everything else is as you set it. The file is here:\n{path}"
        ).format(problems="\n".join(f"• {p}" for p in problems), path=str(self.settings.path)))
        self.notice.show()

    # -- editing ----------------------------------------------------------

    def _edited(self, key: str, typed: Any = None) -> None:
        """Save what the field now shows, or `typed`: a number the field
        could not hold, so that core says why it is not taken."""
        if self._quiet:
            return
        try:
            self.settings.set(key, self.editors[key].read() if typed is None else typed)
        except SettingError as exc:
            if exc.note:  # about this field: said under it, and the field shows what was kept
                self._say(key, FieldNote.refused(exc, FieldNote.kept(key, self.settings[key])))
                if typed is not None:  # given up on the way out of the field, maybe to Close
                    self._noted_at = time.monotonic()
            else:  # the file could not be written: not any one field's doing
                self.error.setText(self.tr("That change was not saved. {reason}").format(reason=exc))
                self.error.show()
            self._show_value(key, self.settings[key])
            return
        self.error.hide()
        # Taken: what was said about this field, or about its pair of times, is past.
        for span in SPANS:
            if key in (span.start, span.end):
                self._say(span.start, "")
                self._say(span.end, "")
        self._say(key, "")
        if BY_KEY[key].kind == "keys":  # bound again by the app as it was saved: say how that went
            self.show_shortcut_states()

    def restore_defaults(self) -> None:
        if not self.ask_yes_no(
            self.tr("Restore defaults"),
            self.tr("Put every setting back to how Companion started out? Your call log is not touched."),
            self.tr("Restore defaults"), self.tr("Keep my settings"),
        ):
            return
        # All at once: one by one, 09:00 as the start could meet a 09:00 end.
        self.settings.update({s.key: s.default for s in SCHEMA})
        # update() skips keys already at their default, so write the file once
        # more: that also clears bad or unknown entries left in it.
        self.settings.save()
        # The file's earlier problems are gone with it.
        self.settings.problems.clear()
        self.show_problems([])
        self.error.hide()
        for key in self.notes:
            self._say(key, "")

    def ask_yes_no(self, title: str, text: str, act: str, keep: str) -> bool:
        return confirm(self, title, text, act, keep)

    def closeEvent(self, event) -> None:  # noqa: N802
        if time.monotonic() - self._noted_at < READ_A_NOTE:
            # The number just typed was refused as the focus left it for Close:
            # stay open once, so the note saying what was kept is seen.
            self._noted_at = 0.0
            event.ignore()
            return
        super().closeEvent(event)

    def open_folder(self) -> None:
        folder = self.settings.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
