"""The tray icon and its menu: the one place an agent reaches between calls.

Left click breathes at once; the menu logs calls in one click. The tray
holds no rules: it only says what was asked for, and at the top of its menu
(and in its tooltip) the status lines the service chose (service/tray_status.py)."""

from __future__ import annotations

from itertools import zip_longest
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from companion.translations import core_text

if TYPE_CHECKING:  # the icon shows before the models (and datetime) are loaded: companion/start.py
    from datetime import datetime


class Tray(QObject):
    breathe_requested = Signal()
    log_requested = Signal(object)  # a core Rating
    undo_requested = Signal()
    break_toggled = Signal()
    pause_toggled = Signal()
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None, menu_later: bool = False) -> None:
        """`menu_later`: the start's own (companion/start.py) - the icon shows
        first and build_menu() follows on the next turn of the event loop."""
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
        self._say_in_tooltip([])
        self.icon.activated.connect(self._activated)
        self.menu: QMenu | None = None
        if not menu_later:
            self.build_menu()
        self.icon.hide()

    def build_menu(self) -> None:
        """The menu with its status lines (some 8 ms of the start: after the icon)."""
        if self.menu is not None:
            return
        from companion.service.tray_status import MOST_LINES

        self.menu = QMenu()
        self.menu.setAccessibleName(self.tr("Companion menu"))
        self.status_actions = [self.menu.addAction("") for _ in range(MOST_LINES)]
        for action in self.status_actions:  # lines that say, not do: disabled, so the keyboard passes them by
            action.setObjectName("status")
            action.setEnabled(False)
        self.menu.addSeparator()
        # Every item has its own Alt letter (&): M R O G U B N, W C D H S Q with the windows' items.
        self._add(self.tr("&Mute && breathe"), self.breathe_requested.emit)
        self.menu.addSeparator()
        self._add(self.tr("&Rough call"), lambda: self._log("rough"))
        self._add(self.tr("&OK call"), lambda: self._log("ok"))
        self._add(self.tr("&Great call"), lambda: self._log("great"))
        self.undo_action = self._add(self.tr("&Undo last call"), self.undo_requested.emit)
        self.undo_action.setEnabled(False)
        self.menu.addSeparator()
        self.break_action = self._add(self.tr("Take a &break"), self.break_toggled.emit)
        self.pause_action = self._add(self.tr("Pause &nudges for an hour"), self.pause_toggled.emit)
        self.menu.addSeparator()
        self.extras_anchor = self.menu.addSeparator()
        self._add(self.tr("&Settings…"), self.settings_requested.emit)
        self._add(self.tr("&Quit Companion"), self.quit_requested.emit)
        self.icon.setContextMenu(self.menu)
        self.show_status([])

    def _add(self, text: str, slot) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def add_window_action(self, text: str, slot) -> QAction:
        """Later windows (weeks, words, history) join the menu above Settings."""
        action = QAction(text, self.menu)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.insertAction(self.extras_anchor, action)
        return action

    # A left click breathes. GNOME's AppIndicator opens the menu on a left click
    # (its first item breathes), and breathes on a double or middle click.
    BREATHES = (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick,
                QSystemTrayIcon.ActivationReason.MiddleClick)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in self.BREATHES:
            self.breathe_requested.emit()

    @staticmethod
    def host_available() -> bool:
        """Is there a tray (XEmbed or StatusNotifierItem host) to show the icon in?"""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def _log(self, rating: str) -> None:
        from companion.core.models import Rating

        self.log_requested.emit(Rating(rating))

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def geometry(self) -> QRect:
        return self.icon.geometry()

    def show_status(self, lines) -> None:
        """The service's status lines (tray_status.StatusLine) at the top of the
        menu, a warning sign beside a warning, and all of them in the tooltip."""
        most = len(self.status_actions)
        said = [line.text(core_text) for line in lines[:most]]
        for action, line, text in zip_longest(self.status_actions, lines[:most], said):
            action.setVisible(line is not None)
            if line is not None:
                action.setText(text.replace("&", "&&"))
                action.setIcon(_warning_sign() if line.warning else QIcon())
        self._say_in_tooltip(said)

    def _say_in_tooltip(self, said: list[str]) -> None:
        self.icon.setToolTip("\n".join([self.tr("Companion: click to breathe for a minute"), *said]))

    def set_undo(self, available: bool) -> None:
        self.undo_action.setEnabled(available)

    def set_on_break(self, on_break: bool) -> None:
        self.break_action.setText(self.tr("End &break, I'm back") if on_break else self.tr("Take a &break"))

    def set_paused_until(self, until: datetime | None) -> None:
        # Until when is said in the status line above.
        self.pause_action.setText(self.tr("Pause &nudges for an hour") if until is None
                                  else self.tr("Resume &nudges now"))

    def say(self, title: str, text: str) -> bool:
        """A tray balloon if this desktop can show one; False tells the caller
        to use its own window, because showMessage fails silently without a host."""
        if not (QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
                and self.icon.isVisible()):
            return False
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        return True


def _warning_sign() -> QIcon:
    """The style's warning sign, in its colours even on a disabled (status) line."""
    # Imported here: PySide builds QStyle's many enums on its first use (7-10 ms),
    # which the icon's start has no need to wait for.
    from PySide6.QtWidgets import QStyle

    sign = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32)
    icon = QIcon(sign)
    icon.addPixmap(sign, QIcon.Mode.Disabled)
    return icon
