"""Global shortcuts on X11: a passive key grab on the root window, through the
X library itself (ctypes: no compiled extension of our own).

Companion opens its own connection to the display, so Qt's xcb connection is
left alone, and watches that connection's socket with a QSocketNotifier: no
polling. Each combination is grabbed four times over, with and without
NumLock and CapsLock, or it would stop working whenever NumLock is on. A
combination another program holds already makes X answer BadAccess; that is
caught (the X library's error handler is ours only for the length of the
grab) and said in a sentence. Everything is released on quit."""

from __future__ import annotations

import ctypes
from ctypes import POINTER, Structure, c_char_p, c_int, c_ubyte, c_uint, c_ulong, c_void_p

from PySide6.QtCore import QObject, QSocketNotifier

from companion.core.keys import KeyCombination

from .shortcuts import TAKEN, Shortcuts
from .xlib import KEY_PRESS, KEY_RELEASE, Event, open_display, xlib

BAD_ACCESS = 10
GRAB_MODE_ASYNC = 1
SHIFT, LOCK, CONTROL, MOD1, MOD4 = 1, 2, 4, 8, 64
MASKS = {"Shift": SHIFT, "Ctrl": CONTROL, "Alt": MOD1, "Meta": MOD4}
NUM_LOCK_KEYSYM = 0xFF7F
# Qt's names for keys, where X's keysym names differ.
KEYSYMS = {"Esc": "Escape", "Del": "Delete", "Ins": "Insert", "PgUp": "Prior", "PgDown": "Next",
           "Space": "space", "Backspace": "BackSpace", "Enter": "Return"}


class _ErrorEvent(Structure):
    _fields_ = [("type", c_int), ("display", c_void_p), ("resourceid", c_ulong), ("serial", c_ulong),
                ("error_code", c_ubyte), ("request_code", c_ubyte), ("minor_code", c_ubyte)]


class _ModifierKeymap(Structure):
    _fields_ = [("max_keypermod", c_int), ("modifiermap", POINTER(c_ubyte))]


_ERROR_HANDLER = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(_ErrorEvent))


def _xlib():
    x = xlib()
    x.XStringToKeysym.argtypes, x.XStringToKeysym.restype = [c_char_p], c_ulong
    x.XKeysymToKeycode.argtypes, x.XKeysymToKeycode.restype = [c_void_p, c_ulong], c_ubyte
    x.XGrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong, c_int, c_int, c_int]
    x.XUngrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong]
    x.XSetErrorHandler.argtypes, x.XSetErrorHandler.restype = [c_void_p], c_void_p
    x.XGetModifierMapping.argtypes, x.XGetModifierMapping.restype = [c_void_p], POINTER(_ModifierKeymap)
    x.XFreeModifiermap.argtypes = [POINTER(_ModifierKeymap)]
    x.XkbSetDetectableAutoRepeat.argtypes = [c_void_p, c_int, c_void_p]
    return x


class X11Shortcuts(Shortcuts):
    available = True

    def __init__(self, display_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._x = _xlib()
        _, self._display = open_display(display_name)
        self._root = self._x.XDefaultRootWindow(self._display)
        self._num_lock = self._num_lock_mask()
        self._bound: dict[str, tuple[int, int]] = {}  # action -> (keycode, modifiers)
        # Keys held down repeat their KeyPress; with detectable auto-repeat no
        # KeyRelease comes between the repeats, so one press is one action.
        self._x.XkbSetDetectableAutoRepeat(self._display, 1, None)
        self._held: set[int] = set()
        self._notifier = QSocketNotifier(self._x.XConnectionNumber(self._display), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read_events)

    def _num_lock_mask(self) -> int:
        """Which of the eight modifier bits NumLock sets on this display."""
        code = self._x.XKeysymToKeycode(self._display, NUM_LOCK_KEYSYM)
        keymap = self._x.XGetModifierMapping(self._display)
        try:
            per = keymap.contents.max_keypermod
            for bit in range(8):
                if code and any(keymap.contents.modifiermap[bit * per + i] == code for i in range(per)):
                    return 1 << bit
        finally:
            self._x.XFreeModifiermap(keymap)
        return 0

    def _variants(self, modifiers: int) -> list[int]:
        return sorted({modifiers | extra for extra in (0, LOCK, self._num_lock, LOCK | self._num_lock)})

    def bind(self, action: str, keys: KeyCombination) -> str | None:
        self.release(action)
        keysym = self._x.XStringToKeysym(KEYSYMS.get(keys.key, keys.key.lower() if len(keys.key) == 1
                                                     else keys.key).encode())
        keycode = self._x.XKeysymToKeycode(self._display, keysym) if keysym else 0
        if not keycode:
            return f"{keys} cannot be used: this keyboard has no {keys.key} key."
        modifiers = sum(MASKS[m] for m in keys.modifiers)
        errors: list[int] = []
        handler = _ERROR_HANDLER(lambda _display, error: errors.append(error.contents.error_code) or 0)
        previous = self._x.XSetErrorHandler(ctypes.cast(handler, c_void_p))
        try:
            for variant in self._variants(modifiers):
                self._x.XGrabKey(self._display, keycode, variant, self._root, 0, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC)
            self._x.XSync(self._display, 0)  # the errors, if any, arrive now
        finally:
            self._x.XSetErrorHandler(previous)
        if errors:
            self._ungrab(keycode, modifiers)
            return TAKEN.format(keys=keys)
        self._bound[action] = (keycode, modifiers)
        return None

    def _ungrab(self, keycode: int, modifiers: int) -> None:
        for variant in self._variants(modifiers):
            self._x.XUngrabKey(self._display, keycode, variant, self._root)
        self._x.XFlush(self._display)

    def release(self, action: str) -> None:
        bound = self._bound.pop(action, None)
        if bound is not None:
            self._ungrab(*bound)

    def release_all(self) -> None:
        for action in list(self._bound):
            self.release(action)

    def close(self) -> None:
        self.release_all()
        self._notifier.setEnabled(False)
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None

    def _read_events(self) -> None:
        event = Event()
        ignored = LOCK | self._num_lock
        while self._display and self._x.XPending(self._display):
            self._x.XNextEvent(self._display, ctypes.byref(event))
            code = event.xkey.keycode
            if event.type == KEY_RELEASE:
                self._held.discard(code)
            if event.type != KEY_PRESS or code in self._held:
                continue
            self._held.add(code)
            pressed = (code, event.xkey.state & ~ignored)
            for action, bound in self._bound.items():
                if bound == pressed:
                    self.activated.emit(action)
