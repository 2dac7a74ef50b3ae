"""Every window and popup, checked the way a keyboard or screen-reader user and
someone with large text would meet it.

Names: what counts is the name Qt's accessibility layer hands a screen reader
(QAccessibleInterface.text(Name)): an accessibleName if set, otherwise a
button's or check box's own text, otherwise the text of a label whose buddy
the control is. So a button reading "Save and start" needs nothing more,
while "×" or "3" must have an accessible name that says what it does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from ui_gallery import BUILDERS, sample, set_palette

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
            QAbstractItemView, QTabBar, QAbstractSlider)
SCREEN = (1280, 800)


@pytest.fixture
def open_window(qtbot, tmp_path):
    """Build one gallery window on fresh sample data; closed again afterwards."""
    made = []

    def build(name: str):
        clock, store, settings, card = sample(tmp_path)
        shown = BUILDERS[name](store, settings, clock, card)
        made.append((shown.widget, store))
        QApplication.processEvents()
        return shown

    yield build
    for widget, store in made:
        widget.hide()
        widget.deleteLater()
        QApplication.processEvents()
        store.close()


@pytest.fixture
def light():
    set_palette(dark=False)
    yield
    set_palette(dark=False)


def _internal(widget: QWidget) -> bool:
    """Parts of a control that are not controls themselves: the line edit inside
    a spin box or combo box, a table's header, a view's viewport, scroll bars."""
    parent = widget.parentWidget()
    if widget.focusProxy() is not None:  # a tab widget: its tab bar takes the focus and is checked
        return True
    if isinstance(parent, (QAbstractSpinBox, QComboBox)) or isinstance(widget, QHeaderView):
        return True
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return True
    return isinstance(widget, QScrollBar)


def controls(window: QWidget) -> list[QWidget]:
    """What a person can act on: every visible control, and anything else that takes Tab."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not widget.isEnabled() or _internal(widget):
            continue
        if isinstance(widget, CONTROLS) or widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
    return found


def group_of(widget: QWidget) -> list[QWidget]:
    """The buttons one choice is made from (radio buttons in an exclusive group),
    or just the widget. Qt gives such a group a single Tab stop, and arrows move in it."""
    group = widget.group() if isinstance(widget, QAbstractButton) else None
    if group is not None and group.exclusive():
        return [b for b in group.buttons() if b.isVisible() and b.isEnabled()]
    return [widget]


def tabbable(widget: QWidget) -> bool:
    return any(member.focusPolicy() & Qt.FocusPolicy.TabFocus for member in group_of(widget))


def spoken_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r}"


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_control_has_a_name_and_takes_focus(open_window, light, name):
    shown = open_window(name)
    found = controls(shown.widget)
    assert found, name
    unnamed = [describe(w) for w in found if not any(ch.isalnum() for ch in spoken_name(w))]
    assert not unnamed, f"{name}: a screen reader would not know what these are: {unnamed}"
    # Single characters ("×", "3") read out alone tell nobody anything.
    terse = [describe(w) for w in found if len(spoken_name(w)) < 2]
    assert not terse, f"{name}: names too short to mean anything: {terse}"
    unreachable = [describe(w) for w in found if not tabbable(w) and w.objectName() not in shown.no_tab]
    assert not unreachable, f"{name}: the keyboard cannot reach: {unreachable}"


@pytest.mark.parametrize("name", list(BUILDERS))
def test_tab_reaches_every_control_and_comes_back(open_window, light, name):
    shown = open_window(name)
    window = shown.widget
    wanted = [w for w in controls(window) if tabbable(w)]
    first = next(w for w in wanted if w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    first.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.focusWidget() is first
    seen = [first]
    for _ in range(4 * len(wanted) + 5):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        now = window.focusWidget()
        if now is first and len(seen) > 1:
            break
        if now is not seen[-1]:  # a time field takes one Tab per part (hours, minutes)
            seen.append(now)
    missed = [describe(w) for w in wanted if not any(member in seen for member in group_of(w))]
    assert not missed, f"{name}: Tab never reaches {missed}"
    assert window.focusWidget() is first, f"{name}: Tab does not come round again (a keyboard trap?)"
    assert len(seen) == len(set(map(id, seen))), f"{name}: Tab visits a control twice in one round"
    # Inside a group of choices the arrow keys move, as in every other program.
    for radio in (w for w in seen if len(group_of(w)) > 1):
        members = group_of(radio)
        radio.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(radio, Qt.Key.Key_Right)
        assert window.focusWidget() in members and window.focusWidget() is not radio, name


def _background(widget: QWidget) -> QColor:
    """The most common colour of the window as drawn: its background."""
    image = widget.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            rgb = image.pixel(x, y)
            if (rgb >> 24) & 0xFF > 200:  # not the see-through corners of a rounded popup
                counts[rgb & 0xFFFFFF] = counts.get(rgb & 0xFFFFFF, 0) + 1
    return QColor(max(counts, key=counts.get))


@pytest.mark.parametrize("name", list(BUILDERS))
def test_follows_the_switch_to_dark_while_open(open_window, light, name):
    shown = open_window(name)
    assert _background(shown.widget).lightness() > 180, name
    set_palette(dark=True)
    QApplication.processEvents()
    assert _background(shown.widget).lightness() < 90, f"{name} stays light in dark mode"
    set_palette(dark=False)
    QApplication.processEvents()
    assert _background(shown.widget).lightness() > 180, f"{name} stays dark in light mode"


@pytest.fixture
def large_text():
    """Text at 200 %: the application font doubled, as a large-text setting does."""
    app = QApplication.instance()
    before = QFont(app.font())
    big = QFont(before)
    big.setPointSizeF(before.pointSizeF() * 2)
    app.setFont(big)
    yield big
    app.setFont(before)


def _clipped(label: QLabel) -> str | None:
    if not label.text() or label.pixmap() and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 2:
            return f"{label.text()[:40]!r} needs {need} px high, has {label.height()}"
    elif label.minimumSizeHint().width() > label.width() + 2:
        return f"{label.text()[:40]!r} needs {label.minimumSizeHint().width()} px wide, has {label.width()}"
    return None


def _cut_off(window: QWidget) -> list[str]:
    """Buttons too narrow for their words, and anything running off the side
    of a scroll area that cannot scroll sideways."""
    cut = [f"button {b.text()!r} is {b.width()} px, needs {b.minimumSizeHint().width()}"
           for b in window.findChildren(QAbstractButton)
           if b.isVisibleTo(window) and b.text() and b.width() < b.minimumSizeHint().width() - 1]
    for area in window.findChildren(QAbstractScrollArea):
        if not area.isVisibleTo(window) or area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            continue
        viewport = area.viewport()
        for widget in viewport.findChildren(QWidget):
            if widget.isVisibleTo(window) and isinstance(widget, (QAbstractButton, QLabel)):
                right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
                if right > viewport.width() + 1:
                    cut.append(f"{describe(widget)} runs {right - viewport.width()} px off the side")
    return cut


@pytest.mark.parametrize("name", list(BUILDERS))
def test_text_at_200_percent_fits_a_laptop_screen(open_window, light, large_text, name):
    shown = open_window(name)
    window = shown.widget
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    scrolls = bool(window.findChildren(QScrollArea)) or bool(window.findChildren(QAbstractScrollArea))
    assert least.width() <= SCREEN[0] and least.height() <= SCREEN[1], (
        f"{name} needs {least.width()}x{least.height()} even squeezed")
    # The size the window gave itself, cut down to the screen if it asked for more.
    hint = window.sizeHint()
    window.resize(min(window.width(), SCREEN[0]), min(window.height(), SCREEN[1]))
    QApplication.processEvents()
    if hint.height() > SCREEN[1]:
        assert scrolls, f"{name} is {hint.height()} px high at large text and cannot scroll"
    clipped = [problem for label in window.findChildren(QLabel)
               if label.isVisibleTo(window) and (problem := _clipped(label))]
    assert not clipped, f"{name} at 200 % text: {clipped}"
    cut = _cut_off(window)
    assert not cut, f"{name} at 200 % text: {cut}"
