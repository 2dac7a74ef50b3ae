"""The tray icon and its menu: the one place an agent reaches between calls.

Left click breathes at once; the menu logs calls in one click. The tray
holds no rules: it only says what was asked for."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from companion.core.models import Rating


class Tray(QObject):
    breathe_requested = Signal()
    log_requested = Signal(object)  # a core Rating
    undo_requested = Signal()
    break_toggled = Signal()
    pause_toggled = Signal()
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
        self.menu = QMenu()
        self.menu.setAccessibleName(self.tr("Companion menu"))
        self._add(self.tr("Mute && breathe"), self.breathe_requested.emit)
        self.menu.addSeparator()
        self._add(self.tr("Rough call"), lambda: self.log_requested.emit(Rating.ROUGH))
        self._add(self.tr("OK call"), lambda: self.log_requested.emit(Rating.OK))
        self._add(self.tr("Great call"), lambda: self.log_requested.emit(Rating.GREAT))
        self.undo_action = self._add(self.tr("Undo last call"), self.undo_requested.emit)
        self.undo_action.setEnabled(False)
        self.menu.addSeparator()
        self.break_action = self._add(self.tr("Take a break"), self.break_toggled.emit)
        self.pause_action = self._add(self.tr("Pause nudges for an hour"), self.pause_toggled.emit)
        self.menu.addSeparator()
        self.extras_anchor = self.menu.addSeparator()
        self._add(self.tr("Settings…"), self.settings_requested.emit)
        self._add(self.tr("Quit Companion"), self.quit_requested.emit)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.set_rough_run(0)

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

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def geometry(self) -> QRect:
        return self.icon.geometry()

    def set_rough_run(self, run: int) -> None:
        if run:
            tip = self.tr("Companion: click to breathe. Rough calls in a row: %n", "", run)
        else:
            tip = self.tr("Companion: click to breathe for a minute")
        self.icon.setToolTip(tip)

    def set_undo(self, available: bool) -> None:
        self.undo_action.setEnabled(available)

    def set_on_break(self, on_break: bool) -> None:
        self.break_action.setText(self.tr("End break, I'm back") if on_break else self.tr("Take a break"))

    def set_paused_until(self, until: datetime | None) -> None:
        if until is None:
            self.pause_action.setText(self.tr("Pause nudges for an hour"))
        else:
            self.pause_action.setText(self.tr("Resume nudges (paused until {time})").format(
                time=until.strftime("%H:%M")))

    def say(self, title: str, text: str) -> bool:
        """A tray balloon if this desktop can show one; False tells the caller
        to use its own window, because showMessage fails silently without a host."""
        if not (QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
                and self.icon.isVisible()):
            return False
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        return True
