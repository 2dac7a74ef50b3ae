"""Global shortcuts on Windows: hot keys registered with user32's
RegisterHotKey (ctypes: no compiled extension of our own).

A hot key registered without a window belongs to the thread that registered
it, here the GUI thread: Windows posts WM_HOTKEY to that thread's message
queue, with the hot key's id in wParam. Qt's event dispatcher shows every
message it takes from the queue to the native event filters first
("windows_generic_MSG"), so a filter of ours sees the press and turns the id
back into the action. MOD_NOREPEAT: a key held down is one press. A
combination another program registered already makes RegisterHotKey fail
with ERROR_HOTKEY_ALREADY_REGISTERED; that is said in the same sentence as
on X11. Everything is unregistered on quit.

`user32` and `last_error` can be handed in, so the tests run anywhere
against a fake that records the calls."""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Callable
from ctypes import c_int, c_int32, c_size_t, c_ssize_t, c_uint, c_uint32, c_void_p

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject

from companion.core.keys import KeyCombination

from .shortcuts import TAKEN, Shortcuts

WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
MODIFIERS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Meta": MOD_WIN}
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
# Virtual-key codes of the keys Qt names in words; letters and digits are their capital ASCII codes.
NAMED_KEYS = {"Backspace": 0x08, "Tab": 0x09, "Enter": 0x0D, "Return": 0x0D, "Pause": 0x13, "Esc": 0x1B,
              "Space": 0x20, "PgUp": 0x21, "PgDown": 0x22, "End": 0x23, "Home": 0x24, "Left": 0x25, "Up": 0x26,
              "Right": 0x27, "Down": 0x28, "Print": 0x2C, "Ins": 0x2D, "Del": 0x2E}
MESSAGE_KINDS = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


class MSG(ctypes.Structure):
    """Windows' MSG, with fixed-size fields so it has its Windows layout anywhere."""

    _fields_ = [("hwnd", c_void_p), ("message", c_uint32), ("wParam", c_size_t), ("lParam", c_ssize_t),
                ("time", c_uint32), ("pt_x", c_int32), ("pt_y", c_int32), ("lPrivate", c_uint32)]


def virtual_key(key: str) -> int | None:
    """The virtual-key code of a key as Qt names it ("B", "7", "F5", "Space")."""
    if len(key) == 1 and ("A" <= key <= "Z" or "0" <= key <= "9"):
        return ord(key)
    if key[:1] == "F" and key[1:].isdigit() and 1 <= int(key[1:]) <= 24:
        return 0x6F + int(key[1:])  # VK_F1 is 0x70
    return NAMED_KEYS.get(key)


def load_user32():
    """user32.dll with the two functions typed, and how to read its last error."""
    if not hasattr(ctypes, "WinDLL"):
        raise OSError("hot keys need Windows")
    user32 = ctypes.WinDLL("user32", use_last_error=True)
    user32.RegisterHotKey.argtypes, user32.RegisterHotKey.restype = [c_void_p, c_int, c_uint, c_uint], c_int
    user32.UnregisterHotKey.argtypes, user32.UnregisterHotKey.restype = [c_void_p, c_int], c_int
    return user32, ctypes.get_last_error


class HotKeyFilter(QAbstractNativeEventFilter):
    """Sees the messages Qt takes from the GUI thread's queue; a WM_HOTKEY
    goes to `pressed(id)` and no further."""

    def __init__(self, pressed: Callable[[int], bool]) -> None:
        super().__init__()
        self._pressed = pressed

    def nativeEventFilter(self, event_type, message):  # noqa: N802 - Qt's name
        if bytes(event_type) in MESSAGE_KINDS and message:
            msg = MSG.from_address(int(message))
            if msg.message == WM_HOTKEY and self._pressed(int(msg.wParam)):
                return True, 0
        return False, 0


class WindowsShortcuts(Shortcuts):
    available = True

    def __init__(self, user32=None, last_error: Callable[[], int] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        if user32 is None:
            user32, last_error = load_user32()
        self._user32, self._last_error = user32, last_error or (lambda: 0)
        self._ids: dict[str, int] = {}  # action -> hot key id
        self._numbers = itertools.count(1)  # an application's ids are 0x0000-0xBFFF
        self.filter = HotKeyFilter(self._pressed)
        self._app = QCoreApplication.instance()
        if self._app is not None:
            self._app.installNativeEventFilter(self.filter)

    def bind(self, action: str, keys: KeyCombination) -> str | None:
        self.release(action)
        code = virtual_key(keys.key)
        if code is None:
            return f"{keys} cannot be used: Windows has no hot key for {keys.key}; choose another key."
        modifiers = sum(MODIFIERS[m] for m in keys.modifiers) | MOD_NOREPEAT
        number = next(self._numbers)
        if not self._user32.RegisterHotKey(None, number, modifiers, code):
            error = self._last_error()
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                return TAKEN.format(keys=keys)
            return f"{keys} could not be set: Windows refused it (error {error})."
        self._ids[action] = number
        return None

    def release(self, action: str) -> None:
        number = self._ids.pop(action, None)
        if number is not None:
            self._user32.UnregisterHotKey(None, number)

    def release_all(self) -> None:
        for action in list(self._ids):
            self.release(action)

    def close(self) -> None:
        self.release_all()
        if self._app is not None:
            self._app.removeNativeEventFilter(self.filter)
            self._app = None

    def _pressed(self, number: int) -> bool:
        for action, bound in self._ids.items():
            if bound == number:
                self.activated.emit(action)
                return True
        return False
