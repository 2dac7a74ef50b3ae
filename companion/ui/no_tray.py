"""A desktop with no tray host (no system tray, no StatusNotifierItem host):
Companion has no icon there, so on start it says so in a small window of its
own, with the tray menu's own items as buttons, and how to reach it without
the window (a key bound to `companion breathe`, the command line).

The buttons are the tray menu's QActions themselves, so they always do and
say exactly what the menu would, state included."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QWidget
from shiboken6 import isValid

from .placement import apply_popup_style, bold, calm_panel, make_popup, show_without_focus


class NoTrayWindow(QWidget):
    def __init__(self, menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Companion — no tray here"))
        self.setAccessibleName(self.tr("Companion has no tray icon on this desktop"))
        make_popup(self)
        panel, layout = calm_panel(self, (20, 16, 20, 16), 8)
        layout.addWidget(bold(QLabel(self.tr("Companion is running, without a tray icon"), panel), 1.2))
        text = QLabel(self.tr(
            "This desktop has no system tray to hold Companion's icon. Use the buttons here, or reach it "
            "from anywhere: bind a key to the command 'companion breathe' in your desktop's keyboard "
            "settings, and log calls with 'companion log rough', 'companion log ok' or 'companion log great'. "
            "Closing this window keeps Companion running."), panel)
        text.setWordWrap(True)
        # A wrapped label in a window that sizes itself needs its height said.
        text.setMinimumSize(380, text.heightForWidth(380))
        layout.addWidget(text)
        self.buttons: list[QPushButton] = []
        for action in menu.actions():
            if action.objectName() == "status":  # the menu's status lines: words here too, not buttons
                layout.addWidget(self._line_for(action, panel))
            elif not action.isSeparator():
                layout.addWidget(self._button_for(action, panel))
        apply_popup_style(self)

    @staticmethod
    def _line_for(action: QAction, parent: QWidget) -> QLabel:
        line = QLabel(action.iconText(), parent)
        line.setVisible(action.isVisible())
        # The actions outlive a closed window's widgets: a gone one is left alone.
        action.changed.connect(lambda: isValid(line) and (line.setText(action.iconText()),
                                                          line.setVisible(action.isVisible())))
        return line

    def _button_for(self, action: QAction, parent: QWidget) -> QPushButton:
        button = QPushButton(action.text(), parent)  # "&&" shows as "&" on a button too, "&R" gives Alt+R
        button.setAccessibleName(action.iconText())  # the text without its "&" and "…"
        button.setEnabled(action.isEnabled())
        button.setVisible(action.isVisible())
        button.clicked.connect(action.trigger)
        # The menu changes its items (break, pause, undo, the check-in waiting): the buttons follow.
        action.changed.connect(lambda: isValid(button) and (button.setText(action.text()),
                                                            button.setEnabled(action.isEnabled()),
                                                            button.setVisible(action.isVisible())))
        self.buttons.append(button)
        return button

    def show_quietly(self) -> None:
        self.adjustSize()
        show_without_focus(self)  # may appear at login, while the agent types elsewhere


def offer_without_tray(tray, window: NoTrayWindow | None) -> NoTrayWindow | None:
    """Where the desktop has no tray host: the window, made once and shown
    (again); elsewhere None."""
    if tray.host_available():
        return None
    window = window or NoTrayWindow(tray.menu)
    window.show_quietly()
    return window
