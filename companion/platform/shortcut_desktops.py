"""Which global shortcuts this desktop gets (shortcuts.py has the interface):
a key grab on X11, a plain "not available here" everywhere else, with what
to do instead."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QObject

from .shortcuts import Shortcuts, Unavailable


def desktop_shortcuts(platform_name: str, parent: QObject | None = None) -> Shortcuts:
    """The implementation for this desktop. `platform_name` is Qt's ("xcb",
    "wayland", "windows", "cocoa", "offscreen")."""
    if platform_name == "xcb" and os.environ.get("DISPLAY"):
        from .shortcuts_x11 import X11Shortcuts

        try:
            return X11Shortcuts(os.environ["DISPLAY"], parent=parent)
        except OSError as problem:
            return Unavailable(f"Global shortcuts are not available here ({problem}).", parent)
    if platform_name == "wayland" or os.environ.get("WAYLAND_DISPLAY"):
        return Unavailable("This Wayland desktop does not let programs set global shortcuts; bind the command "
                           "below in your desktop's keyboard settings instead.", parent)
    if sys.platform == "darwin":
        return Unavailable("Global shortcuts are not available on macOS yet; bind the command below with a "
                           "launcher such as Shortcuts instead.", parent)
    return Unavailable("Global shortcuts are not available on this desktop; bind the command below in its "
                       "keyboard settings instead.", parent)
