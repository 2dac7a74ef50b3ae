"""Where the small tray popups appear, how they show without taking focus, and
the calm look they share.

Agents type into a CRM while a popup is up, so a popup must never take the
keyboard away from whatever had it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from .style import calm_colours, popup_style  # noqa: F401 - the popups' look, for the modules that import it from here

MARGIN = 12
POPUP_FLAGS = Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint


def _known(rect: QRect | None) -> bool:
    # Some desktops report a null rect for the tray icon: that tells us nothing.
    return rect is not None and not rect.isNull()


def _screen_for(point: QPoint | None):
    screen = QGuiApplication.screenAt(point) if point is not None else None
    return screen or QGuiApplication.primaryScreen()


def popup_position(size, tray_rect: QRect | None, area: QRect, screen_rect: QRect) -> QPoint:
    """Top-left corner for a popup of `size` next to the tray icon, inside `area`:
    above the icon on a bottom panel, below it on a top panel, beside a side
    panel; and where that leaves too little room, beside the icon, never over it."""
    place = _by_the_tray(size, tray_rect, area, screen_rect)
    if _known(tray_rect) and not tray_rect.isEmpty() and QRect(place, size).intersects(tray_rect):
        place = _beside_the_icon(size, tray_rect, area)
    return place


def _beside_the_icon(size, tray_rect: QRect, area: QRect) -> QPoint:
    """Level with the icon's end of the screen, on whichever side of it has more room."""
    w, h = size.width(), size.height()
    left_room, right_room = tray_rect.left() - area.left(), area.right() - tray_rect.right()
    x = tray_rect.left() - MARGIN - w if left_room >= right_room else tray_rect.right() + MARGIN + 1
    x = max(area.left(), min(x, area.right() - w + 1))  # the screen's edge before the margin
    upper = tray_rect.center().y() < area.center().y()
    y = area.top() + MARGIN if upper else area.bottom() - MARGIN - h + 1
    return QPoint(x, _clamp(y, area.top(), area.bottom(), h))


def _by_the_tray(size, tray_rect: QRect | None, area: QRect, screen_rect: QRect) -> QPoint:
    w, h = size.width(), size.height()
    if _known(tray_rect) and not tray_rect.isEmpty():
        upper = tray_rect.center().y() < screen_rect.center().y()
        x = tray_rect.center().x() - w // 2
        y = tray_rect.bottom() + MARGIN if upper else tray_rect.top() - h - MARGIN
        # A panel down the left or right side: open beside it, not over it.
        if tray_rect.right() < area.left():
            x, y = area.left() + MARGIN, tray_rect.center().y() - h // 2
        elif tray_rect.left() > area.right():
            x, y = area.right() - MARGIN - w + 1, tray_rect.center().y() - h // 2
    else:
        upper = _known(tray_rect) and tray_rect.center().y() < screen_rect.center().y()
        x = area.right() - MARGIN - w + 1
        y = area.top() + MARGIN if upper else area.bottom() - MARGIN - h + 1
    return QPoint(_clamp(x, area.left(), area.right(), w), _clamp(y, area.top(), area.bottom(), h))


def _clamp(start: int, low: int, high: int, length: int) -> int:
    room = high - low + 1
    if length + 2 * MARGIN > room:
        return low + max(0, (room - length) // 2)
    return max(low + MARGIN, min(start, high - MARGIN - length + 1))


def place_near_tray(widget: QWidget, tray_rect: QRect | None) -> None:
    """Move a small window next to the tray icon, always fully on one screen."""
    widget.adjustSize()
    anchor = tray_rect.center() if _known(tray_rect) else None
    screen = _screen_for(anchor)
    widget.move(popup_position(widget.size(), tray_rect, screen.availableGeometry(), screen.geometry()))


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a window `width` x `height`, or larger where its contents ask for
    more (large text), growing no further than the screen it is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() if screen is not None else QSize(1280, 800)
    # Leave room for the title bar and frame the window manager adds.
    room = QSize(room.width() - 24, room.height() - 48)
    want = window.sizeHint().boundedTo(room)
    if window.layout() is not None and window.layout().hasHeightForWidth():
        # Wrapped text needs more height the narrower it is; Qt's own guess
        # stops at two thirds of the screen, too short for large text.
        want.setHeight(min(max(want.height(), window.heightForWidth(want.width())), room.height()))
    window.resize(want.expandedTo(QSize(width, height)))


class _GiveFocusBack(QObject):
    """Hands activation back if the platform gave it to a popup on show anyway.

    Real desktops honour WA_ShowWithoutActivating; some platform plugins (the
    offscreen one among them) activate every new window regardless. Once the
    pointer enters the popup the agent is using it, so the guard stands down."""

    def __init__(self, popup: QWidget, window: QWidget, focus: QWidget | None) -> None:
        super().__init__(popup)
        self.setObjectName("give_focus_back")
        self._window, self._focus = window, focus
        popup.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowActivate:
            self._give_back()
            self.stand_down(watched)
        elif kind in (QEvent.Type.Enter, QEvent.Type.MouseButtonPress, QEvent.Type.Hide):
            self.stand_down(watched)
        return False

    def _give_back(self) -> None:
        window, focus = self._window, self._focus
        if not isValid(window) or not window.isVisible():
            return
        window.activateWindow()
        if focus is not None and isValid(focus) and focus.window() is window:
            focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def stand_down(self, popup: QObject) -> None:
        popup.removeEventFilter(self)
        self.setParent(None)
        self.deleteLater()


def show_without_focus(widget: QWidget) -> None:
    """Show (never activate) a popup; whatever had the keyboard keeps it."""
    widget.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
    old = widget.findChild(_GiveFocusBack, "give_focus_back")
    if old is not None:
        old.stand_down(widget)
    active = QApplication.activeWindow()
    if active is not None and active is not widget.window():
        _GiveFocusBack(widget, active, QApplication.focusWidget())
    widget.show()


def apply_popup_style(widget: QWidget) -> None:
    """Give a popup the shared look, and keep it in step when the desktop
    switches between light and dark while the popup is up."""
    sheet = popup_style(QApplication.palette())
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
    if widget.findChild(_FollowPalette, "follow_palette") is None:
        _FollowPalette(widget)


class _FollowPalette(QObject):
    def __init__(self, popup: QWidget) -> None:
        super().__init__(popup)
        self.setObjectName("follow_palette")
        popup.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # Qt 6 hands ApplicationPaletteChange to event() (and filters) only, never to changeEvent().
        if event.type() == QEvent.Type.ApplicationPaletteChange and isinstance(watched, QWidget):
            apply_popup_style(watched)
        return False


def make_popup(widget: QWidget) -> None:
    """A tray popup: never activated when shown, and drawn only where its panel is,
    so the rounded corners of `popup_style` show."""
    widget.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
    widget.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)


def calm_panel(widget: QWidget, margins: tuple[int, int, int, int], spacing: int | None = None):
    """The rounded frame named "panel" that popups and card windows are drawn in
    (styled by `popup_style`). Returns the frame and its layout."""
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    panel = QFrame(widget)
    panel.setObjectName("panel")
    outer.addWidget(panel)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(*margins)
    if spacing is not None:
        layout.setSpacing(spacing)
    return panel, layout


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    """A heading: the label's own font, bold, `scale` times as large (so it
    grows with the user's text size)."""
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def push_button(text: str, slot, parent: QWidget | None = None, name: str | None = None,
                tip: str | None = None) -> QPushButton:
    """A button that does `slot` when clicked, with its name for screen readers
    (`name`, or its text without a trailing "…") and an optional tooltip."""
    button = QPushButton(text, parent)
    button.setAccessibleName(name or text.rstrip("…"))
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button
