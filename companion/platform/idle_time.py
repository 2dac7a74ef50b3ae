"""How long since the person last touched the keyboard or mouse, as the
desktop says: the X screen-saver extension's idle time on X11 (libXss
through ctypes), GetLastInputInfo on Windows. Each is a function that returns
seconds, or None when it cannot tell right now; `idle_clock` picks the one for
this desktop, or None where there is none (Wayland has no such question for
programs; the screen lock still counts there, lock_watch.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Callable
from ctypes import POINTER, Structure, c_int, c_uint, c_ulong, c_void_p

from .xlib import open_display

IdleClock = Callable[[], "float | None"]


class _ScreenSaverInfo(Structure):
    _fields_ = [("window", c_ulong), ("state", c_int), ("kind", c_int), ("til_or_since", c_ulong),
                ("idle", c_ulong), ("event_mask", c_ulong)]


def x11_idle(display_name: str) -> IdleClock | None:
    """The X server's own count of milliseconds without input, or None
    where the display or the extension is missing."""
    try:
        x, display = open_display(display_name)
        xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")  # Debian's libxss1
    except OSError:
        return None
    xss.XScreenSaverQueryExtension.argtypes = [c_void_p, POINTER(c_int), POINTER(c_int)]
    xss.XScreenSaverAllocInfo.restype = POINTER(_ScreenSaverInfo)
    xss.XScreenSaverQueryInfo.argtypes = [c_void_p, c_ulong, POINTER(_ScreenSaverInfo)]
    event_base, error_base = c_int(), c_int()
    if not xss.XScreenSaverQueryExtension(display, ctypes.byref(event_base), ctypes.byref(error_base)):
        x.XCloseDisplay(display)
        return None
    root, info = x.XDefaultRootWindow(display), xss.XScreenSaverAllocInfo()

    def seconds() -> float | None:
        if not xss.XScreenSaverQueryInfo(display, root, info):
            return None
        return info.contents.idle / 1000.0

    return seconds


class _LastInputInfo(Structure):
    _fields_ = [("cbSize", c_uint), ("dwTime", c_uint)]


def windows_idle(user32=None, kernel32=None) -> IdleClock:
    """GetLastInputInfo against GetTickCount (both wrap every 49.7 days, so the
    difference is taken modulo 2**32)."""
    user32 = user32 or ctypes.WinDLL("user32")  # type: ignore[attr-defined]
    kernel32 = kernel32 or ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]

    def seconds() -> float | None:
        info = _LastInputInfo(ctypes.sizeof(_LastInputInfo), 0)
        if not user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        return ((kernel32.GetTickCount() - info.dwTime) % 2**32) / 1000.0

    return seconds


def idle_clock(platform_name: str) -> IdleClock | None:
    """This desktop's idle time, by Qt's platform name; None where there is none."""
    if platform_name == "xcb" and os.environ.get("DISPLAY"):
        return x11_idle(os.environ["DISPLAY"])
    if sys.platform == "win32":
        return windows_idle()
    return None
