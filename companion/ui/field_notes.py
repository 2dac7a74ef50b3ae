"""What a settings field says under itself: its help from the schema, always
in view; for a pair of times, the stretch of the day they make; and, when core
refused or corrected a value, a short calm note saying so.

Shared by the Settings dialog and the welcome. Nothing here decides what is
allowed: number boxes take the schema's range for their arrows, but a number
typed outside it is handed on to be refused by core, in core's words, instead
of being quietly replaced by the box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from companion.core.settings import BY_KEY, Setting, SettingError, Span, plain_value
from companion.translations import core_text

from .placement import calm_colours

# Help reads a little smaller than the label it explains, never so small it strains.
HELP_SCALE = 0.92
# A note that a typed number was refused, shown less than this many seconds
# ago (on the way from the field to Save or Close, say), has not been read yet.
READ_A_NOTE = 1.5


class _TakesAnyNumber:
    """Mixed into a spin box: any number may be typed, and one outside the
    box's range goes to `outside` (then the box shows its last value again)."""

    outside: Callable[[float], None] | None = None

    def _typed_number(self, text: str) -> float | None:
        body = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        number, ok = (self.locale().toInt(body) if isinstance(self, QSpinBox) else self.locale().toDouble(body))
        return number if ok else None

    def validate(self, text: str, pos: int):  # noqa: D102 - Qt's own
        state, text, pos = super().validate(text, pos)
        number = self._typed_number(text)
        if state == QValidator.State.Invalid and number is not None and not self._in_range(number):
            # Qt would refuse the key press, and 9999 would quietly become 99.
            state = QValidator.State.Intermediate
        return state, text, pos

    def fixup(self, text: str) -> str:  # noqa: D102 - Qt's own
        number = self._typed_number(text)
        if number is not None and not self._in_range(number) and self.outside is not None:
            self.outside(number)
        return super().fixup(text)

    def _in_range(self, number: float) -> bool:
        return self.minimum() <= number <= self.maximum()


class SchemaSpinBox(_TakesAnyNumber, QSpinBox):
    pass


class SchemaDoubleSpinBox(_TakesAnyNumber, QDoubleSpinBox):
    pass


def number_box(setting: Setting) -> QSpinBox | QDoubleSpinBox:
    """A spin box whose arrows keep to the schema's range, and that hands a
    number typed outside it to `outside`."""
    if setting.kind == "int":
        box: QSpinBox | QDoubleSpinBox = SchemaSpinBox()
        box.setRange(int(setting.minimum), int(setting.maximum))
    else:
        box = SchemaDoubleSpinBox()
        box.setDecimals(1)
        box.setSingleStep(0.5)
        box.setRange(float(setting.minimum), float(setting.maximum))
    # The value changes when the number is given (Enter, Tab), not digit by
    # digit: on the way to 25 the box would first take 2, then "keep" that.
    box.setKeyboardTracking(False)
    return box


def typed_whole(number: float) -> Any:
    """What was typed, as core should judge it: 12 rather than 12.0."""
    return int(number) if float(number).is_integer() else number


class FieldNote(QWidget):
    """The lines under one field: help, the span (for the end of a pair of
    times) and the note, each hidden while it has nothing to say."""

    def __init__(self, help_text: str, indent: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.help_text = help_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(indent, 0, 0, 0)
        layout.setSpacing(2)
        self.help = self._line("help", help_text, small=True)
        self.span = self._line("span", "")
        self.note = self._line("note", "")
        for line in (self.span, self.help, self.note):
            layout.addWidget(line)
        self.span.hide()
        self.note.hide()
        self.help.setVisible(bool(help_text))
        self.apply_palette(self.palette())

    def _line(self, name: str, text: str, small: bool = False) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        if small:
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * HELP_SCALE)
            label.setFont(font)
        return label

    def apply_palette(self, palette: QPalette) -> None:
        # Each label styled on its own: a sheet over a whole window changes the
        # size of every native control in it.
        colours = calm_colours(palette)
        for label, colour in ((self.help, colours["quiet"]), (self.span, colours["text"]),
                              (self.note, colours["problem"])):
            sheet = f"QLabel {{ color: {colour}; background: transparent; }}"
            if label.styleSheet() != sheet:
                label.setStyleSheet(sheet)

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_state(self, text: str) -> None:
        """A plain line of how things stand (a shortcut that works), not a problem."""
        self.span.setText(text)
        self.span.setVisible(bool(text))

    def clear(self) -> None:
        self.say("")

    def description(self) -> str:
        """What a screen reader should hear about the field: its help, and the note while it shows."""
        said = self.note.text() if not self.note.isHidden() else ""
        return " ".join(part for part in (self.help_text, said) if part)

    # -- words --------------------------------------------------------------
    @staticmethod
    def refused(error: SettingError, kept: str) -> str:
        """Core's short note, and what the field holds instead."""
        return QCoreApplication.translate("FieldNote", "{note} Kept {kept}.").format(note=error.note, kept=kept)

    @staticmethod
    def kept(key: str, value: Any) -> str:
        return plain_value(BY_KEY[key], value)

    def show_span(self, span: Span, values) -> None:
        start, end = values[span.start], values[span.end]
        minutes = span.minutes(values)
        hours, rest = divmod(minutes, 60)
        if not rest:
            length = QCoreApplication.translate("FieldNote", "{hours} h").format(hours=hours)
        elif not hours:
            length = QCoreApplication.translate("FieldNote", "{minutes} min").format(minutes=rest)
        else:
            length = QCoreApplication.translate("FieldNote", "{hours} h {minutes} min").format(
                hours=hours, minutes=rest)
        if span.overnight(values):
            text = QCoreApplication.translate("FieldNote", "{name}: {start} – {end} (next day), {length}")
        else:
            text = QCoreApplication.translate("FieldNote", "{name}: {start} – {end}, {length}")
        self.span.setText(text.format(name=core_text(span.name), start=start, end=end, length=length))
        self.span.show()
