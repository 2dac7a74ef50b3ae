"""Companion's one look: the calm colours for light and dark, and how popups,
windows and dialogs wear them. Every window takes its colours from here, so
Settings, the self-check and a confirmation read like the tray popups, and
all of them follow the system between light and dark while they are open."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QTabBar, QWidget

from companion.core import paths

# The name of the look, set as the "look" property on every window that wears it.
CALM = "calm"
# What `window_style` colours itself; everything else in a window takes `calm_palette`.
_SHEET_COLOURED = (QPushButton, QLabel, QTabBar)


class FollowsPalette:
    """Mix in before the Qt widget class; the widget defines `_apply_style`.
    Qt 6 delivers ApplicationPaletteChange to event() only, never to
    changeEvent(), which is why this is an event() override."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._apply_style()
        return super().event(event)


# Every text colour here reads at 4.5:1 or more on the backgrounds it is used on
# (panel, field, hover, card); tests/test_look.py checks it.
_LIGHT = {
    "panel": "#f3f7f5", "edge": "#c5d8d0", "text": "#22332f", "quiet": "#4d625c", "problem": "#9a4a2c",
    "button": "#ffffff", "hover": "#e4efea", "chosen": "#cde6dc", "ring": "#4f8f80",
    "primary": "#3d7a6c", "primary_hover": "#336a5d", "on_primary": "#ffffff",
    "line": "#d7e4de", "head": "#e8f0ec", "link": "#2f6d60", "off": "#7d8f89",
    "note_back": "#fdf3dc", "note_edge": "#e8d49a", "note_text": "#4a3b12",
    "error_back": "#fbe9e7", "error_edge": "#eab8ae", "error_text": "#5d2a22",
}
_DARK = {
    "panel": "#253230", "edge": "#3f524d", "text": "#e3eeea", "quiet": "#adc2bb", "problem": "#e6a98f",
    "button": "#2e3d3a", "hover": "#374a46", "chosen": "#3e6a60", "ring": "#86c2b2",
    "primary": "#3d7a6c", "primary_hover": "#356b5e", "on_primary": "#ffffff",
    "line": "#3f524d", "head": "#2a3835", "link": "#9fd0c2", "off": "#7f928c",
    "note_back": "#3b3322", "note_edge": "#7a6a3a", "note_text": "#f2e4c0",
    "error_back": "#3e2a26", "error_edge": "#8a5548", "error_text": "#f6d3ca",
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def calm_colours(palette: QPalette | None = None) -> dict[str, str]:
    """The calm look's colours for light or dark mode, as the palette (by
    default the application's) is."""
    return _DARK if is_dark(QGuiApplication.palette() if palette is None else palette) else _LIGHT


def popup_style(palette: QPalette) -> str:
    """A soft rounded panel in calm greens that follows light or dark mode."""
    c = calm_colours(palette)
    return f"""
    QFrame#panel {{ background: {c['panel']}; border: 1px solid {c['edge']}; border-radius: 12px; }}
    QFrame#panel QLabel {{ color: {c['text']}; background: transparent; }}
    QFrame#panel QLabel#quiet {{ color: {c['quiet']}; }}
    QFrame#panel QLabel#problem {{ color: {c['problem']}; }}
    QFrame#panel QPushButton {{
        color: {c['text']}; background: {c['button']}; border: 1px solid {c['edge']};
        border-radius: 8px; padding: 5px 10px; }}
    QFrame#panel QPushButton:hover {{ background: {c['hover']}; }}
    QFrame#panel QPushButton:focus {{ border: 2px solid {c['ring']}; }}
    QFrame#panel QPushButton:checked {{ background: {c['chosen']}; border: 1px solid {c['ring']}; }}
    QFrame#panel QPushButton#primary {{ color: {c['on_primary']}; background: {c['primary']}; border: none; }}
    QFrame#panel QPushButton#primary:hover {{ background: {c['primary_hover']}; }}
    QFrame#panel QPushButton#primary:focus {{ border: 2px solid {c['text']}; }}
    QFrame#panel QPushButton#closer {{ border: none; background: transparent; padding: 0px 6px;
        color: {c['quiet']}; }}
    QFrame#panel QPushButton#closer:hover {{ background: {c['hover']}; }}
    QFrame#panel QLineEdit {{
        color: {c['text']}; background: {c['button']}; border: 1px solid {c['edge']};
        border-radius: 8px; padding: 5px 8px; }}
    QFrame#panel QLineEdit:focus {{ border: 2px solid {c['ring']}; }}
    """


def window_style(palette: QPalette) -> str:
    """The same look for whole windows and dialogs: calm buttons (a filled
    "primary", a warm "danger", an underlined "link"), check boxes, tabs that
    read as a row of headings, cards, quiet and problem lines, and the notices.

    Only buttons, tabs, labels and frames are styled here; fields, boxes and
    lists keep their native shape and get the colours from `calm_palette`
    (a styled spin box or combo box loses its arrows)."""
    c = calm_colours(palette)
    # A check box drawn in the look (the native one is near invisible on a dark
    # panel), as large as a line of the person's text, ticked in white on the fill.
    box = check_box_width() - 4  # inside its 2 px border
    tick = paths.asset("check.svg").as_posix()
    return f"""
    QPushButton {{ color: {c['text']}; background: {c['button']}; border: 1px solid {c['edge']};
        border-radius: 8px; padding: 4px 12px; }}
    QPushButton:hover {{ background: {c['hover']}; }}
    QPushButton:focus {{ border: 2px solid {c['ring']}; }}
    QPushButton:checked {{ color: {c['on_primary']}; background: {c['primary']}; border: 1px solid {c['primary']}; }}
    QPushButton:checked:focus {{ border: 2px solid {c['text']}; }}
    QPushButton:disabled {{ color: {c['off']}; background: {c['panel']}; border: 1px solid {c['line']}; }}
    QPushButton#primary {{ color: {c['on_primary']}; background: {c['primary']}; border: 1px solid {c['primary']}; }}
    QPushButton#primary:hover {{ background: {c['primary_hover']}; }}
    QPushButton#primary:focus {{ border: 2px solid {c['text']}; }}
    QPushButton#primary:disabled {{ color: {c['off']}; background: {c['panel']}; border: 1px solid {c['line']}; }}
    QPushButton#danger {{ color: {c['problem']}; }}
    QPushButton#link {{ border: none; background: transparent; padding: 2px 4px; color: {c['link']};
        text-decoration: underline; }}
    QPushButton#link:focus {{ border: 1px solid {c['link']}; }}
    QLabel {{ color: {c['text']}; background: transparent; }}
    QLabel#quiet {{ color: {c['quiet']}; }}
    QLabel#problem {{ color: {c['problem']}; }}
    QLabel[notice="note"] {{ background: {c['note_back']}; color: {c['note_text']};
        border: 1px solid {c['note_edge']}; border-radius: 8px; padding: 8px; }}
    QLabel[notice="error"] {{ background: {c['error_back']}; color: {c['error_text']};
        border: 1px solid {c['error_edge']}; border-radius: 8px; padding: 8px; }}
    QFrame[card="true"] {{ background: {c['button']}; border: 1px solid {c['edge']}; border-radius: 12px; }}
    QCheckBox::indicator {{ width: {box}px; height: {box}px; border: 2px solid {c['ring']}; border-radius: 4px;
        background: {c['button']}; }}
    QCheckBox::indicator:hover {{ background: {c['hover']}; }}
    QCheckBox::indicator:focus {{ border: 2px solid {c['text']}; }}
    QCheckBox::indicator:checked {{ background: {c['primary']}; border: 2px solid {c['primary']}; image: url({tick}); }}
    QCheckBox::indicator:checked:focus {{ border: 2px solid {c['text']}; }}
    QCheckBox::indicator:disabled {{ background: {c['panel']}; border: 2px solid {c['line']}; }}
    QTabWidget::pane {{ background: {c['panel']}; border: 1px solid {c['edge']}; border-radius: 10px;
        top: -1px; }}
    QTabBar::tab {{ color: {c['quiet']}; background: transparent; border: 1px solid transparent;
        border-bottom: 3px solid transparent; padding: 4px 10px; margin-right: 2px; }}
    QTabBar::tab:hover {{ color: {c['text']}; background: {c['hover']}; border-top-left-radius: 6px;
        border-top-right-radius: 6px; }}
    QTabBar::tab:selected {{ color: {c['text']}; border-bottom: 3px solid {c['primary']}; }}
    QTabBar::tab:selected:focus {{ background: {c['hover']}; border: 1px solid {c['ring']};
        border-bottom: 3px solid {c['primary']}; border-top-left-radius: 6px; border-top-right-radius: 6px; }}
    """


def check_box_width() -> int:
    """How wide the look's check box is, border and all: it grows with the text."""
    return max(14, round(QFontMetrics(QGuiApplication.font()).height() * 0.85)) + 4


def calm_palette(palette: QPalette) -> QPalette:
    """The system palette with the calm colours in it, for the native parts of
    a window (fields, check boxes, lists, scroll areas)."""
    c = {key: QColor(value) for key, value in calm_colours(palette).items()}
    calm = QPalette(palette)
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for r, colour in ((role.Window, c["panel"]), (role.WindowText, c["text"]), (role.Base, c["button"]),
                          (role.AlternateBase, c["head"]), (role.Text, c["text"]), (role.Button, c["button"]),
                          (role.ButtonText, c["text"]), (role.Highlight, c["primary"]),
                          (role.HighlightedText, c["on_primary"]), (role.PlaceholderText, c["quiet"]),
                          (role.Link, c["link"]), (role.ToolTipBase, c["button"]), (role.ToolTipText, c["text"]),
                          (role.Mid, c["edge"]), (role.Midlight, c["hover"]), (role.Light, c["button"])):
            calm.setColor(group, r, colour)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        calm.setColor(disabled, r, c["off"])
    for r in (role.Window, role.Base, role.Button):
        calm.setColor(disabled, r, c["panel"])
    return calm


def apply_window_look(widget: QWidget, extra: str = "") -> None:
    """Give a window or dialog the calm look, as the application's palette now
    is, with `extra` rules of its own (sizes, never colours). Call it after
    any sheet of a part's own (that hands the part the application's palette
    again), and again from `_apply_style` when light and dark switch."""
    palette = QGuiApplication.palette()
    widget.setProperty("look", CALM)
    # The sheet first: setting one puts back the palette the last one found.
    sheet = window_style(palette) + extra
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
    # Under a style sheet Qt hands every child the application's palette, not
    # its window's, so the native parts get the calm one each. Buttons, labels
    # and tabs are left out: their colours are the sheet's.
    calm = calm_palette(palette)
    for part in [widget, *widget.findChildren(QWidget)]:
        if part is widget or not isinstance(part, _SHEET_COLOURED):
            if part.palette() != calm:
                part.setPalette(calm)
