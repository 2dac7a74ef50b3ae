"""The few X library calls Companion makes itself (ctypes, no compiled
extension): its own display connection, beside Qt's, for the global key grab
(shortcuts_x11.py) and for hearing a tray host arrive (tray_hosts.py).
Each such connection is watched by a QSocketNotifier: nothing polls."""

from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import Structure, Union, c_char_p, c_int, c_long, c_uint, c_ulong, c_void_p
from functools import lru_cache

KEY_PRESS, KEY_RELEASE, CLIENT_MESSAGE = 2, 3, 33
STRUCTURE_NOTIFY_MASK = 1 << 17


class KeyEvent(Structure):
    _fields_ = [("type", c_int), ("serial", c_ulong), ("send_event", c_int), ("display", c_void_p),
                ("window", c_ulong), ("root", c_ulong), ("subwindow", c_ulong), ("time", c_ulong),
                ("x", c_int), ("y", c_int), ("x_root", c_int), ("y_root", c_int), ("state", c_uint),
                ("keycode", c_uint), ("same_screen", c_int)]


class ClientMessageEvent(Structure):
    _fields_ = [("type", c_int), ("serial", c_ulong), ("send_event", c_int), ("display", c_void_p),
                ("window", c_ulong), ("message_type", c_ulong), ("format", c_int), ("data", c_long * 5)]


class Event(Union):
    _fields_ = [("type", c_int), ("xkey", KeyEvent), ("xclient", ClientMessageEvent), ("pad", c_long * 24)]


@lru_cache(maxsize=1)
def xlib():
    """libX11 with the prototypes both users need (each adds its own)."""
    x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x.XOpenDisplay.argtypes, x.XOpenDisplay.restype = [c_char_p], c_void_p
    x.XDefaultRootWindow.argtypes, x.XDefaultRootWindow.restype = [c_void_p], c_ulong
    x.XDefaultScreen.argtypes, x.XDefaultScreen.restype = [c_void_p], c_int
    x.XInternAtom.argtypes, x.XInternAtom.restype = [c_void_p, c_char_p, c_int], c_ulong
    x.XSelectInput.argtypes = [c_void_p, c_ulong, c_long]
    x.XGetSelectionOwner.argtypes, x.XGetSelectionOwner.restype = [c_void_p, c_ulong], c_ulong
    x.XSync.argtypes = [c_void_p, c_int]
    x.XFlush.argtypes = [c_void_p]
    x.XPending.argtypes, x.XPending.restype = [c_void_p], c_int
    x.XNextEvent.argtypes = [c_void_p, ctypes.POINTER(Event)]
    x.XConnectionNumber.argtypes, x.XConnectionNumber.restype = [c_void_p], c_int
    x.XCloseDisplay.argtypes = [c_void_p]
    return x


def open_display(name: str):
    """(libX11, display pointer); OSError when the display cannot be opened."""
    x = xlib()
    display = x.XOpenDisplay(name.encode())
    if not display:
        raise OSError(f"cannot open the X display {name}")
    return x, display
