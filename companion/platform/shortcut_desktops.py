"""Which global shortcuts this desktop gets (shortcuts.py has the interface):
the desktop portal on Wayland where it offers them, a key grab on X11, hot
keys on Windows, a plain "not available here" everywhere else, with what to
do instead."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QObject

from .shortcuts import Shortcuts, Unavailable

NO_WAYLAND_PORTAL = ("This Wayland desktop does not let programs set global shortcuts; bind the command below in "
                     "your desktop's keyboard settings instead.")


def desktop_shortcuts(platform_name: str, parent: QObject | None = None, bus=None) -> Shortcuts:
    """The implementation for this desktop. `platform_name` is Qt's ("xcb",
    "wayland", "windows", "cocoa", "offscreen"); `bus`, the D-Bus session
    bus to find the desktop portal on (QtDBus's own by default)."""
    wayland = platform_name == "wayland" or bool(os.environ.get("WAYLAND_DISPLAY"))
    if wayland:
        from .shortcuts_portal import portal_shortcuts

        portal = portal_shortcuts(parent, bus)
        if portal is not None:
            return portal
    if platform_name == "xcb" and os.environ.get("DISPLAY"):
        from .shortcuts_x11 import X11Shortcuts

        try:
            return X11Shortcuts(os.environ["DISPLAY"], parent=parent)
        except OSError as problem:
            return Unavailable(f"Global shortcuts are not available here ({problem}).", parent)
    if wayland:
        return Unavailable(NO_WAYLAND_PORTAL, parent)
    if sys.platform == "win32" or platform_name == "windows":
        from .shortcuts_windows import WindowsShortcuts

        try:
            return WindowsShortcuts(parent=parent)
        except OSError as problem:
            return Unavailable(f"Global shortcuts are not available here ({problem}).", parent)
    if sys.platform == "darwin":
        return Unavailable("Global shortcuts are not available on macOS yet; bind the command below with a "
                           "launcher such as Shortcuts instead.", parent)
    return Unavailable("Global shortcuts are not available on this desktop; bind the command below in its "
                       "keyboard settings instead.", parent)
