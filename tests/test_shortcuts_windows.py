"""Global shortcuts on Windows, run anywhere: RegisterHotKey and
UnregisterHotKey go to a fake user32 that records the calls, and the native
event filter is handed a real MSG structure (ctypes) as Windows would."""

from __future__ import annotations

import ctypes
import sys

import pytest
from PySide6.QtCore import QByteArray

from companion.core.keys import parse_keys
from companion.platform import shortcut_desktops, shortcuts_windows
from companion.platform.shortcuts import TAKEN, Unavailable
from companion.platform.shortcuts_windows import (MOD_ALT, MOD_CONTROL, MOD_NOREPEAT, MOD_SHIFT, MOD_WIN, MSG,
                                                  WM_HOTKEY, WindowsShortcuts)

WM_KEYDOWN = 0x0100


class FakeUser32:
    """Holds hot keys as Windows does: one program's combination is not another's."""

    def __init__(self, taken: set[tuple[int, int]] = frozenset()) -> None:
        self.calls: list[tuple] = []
        self.taken = set(taken)  # (modifiers without MOD_NOREPEAT, virtual key) held by other programs
        self.error = 0

    def RegisterHotKey(self, hwnd, number, modifiers, key):  # noqa: N802 - Windows' name
        self.calls.append(("RegisterHotKey", hwnd, number, modifiers, key))
        if (modifiers & ~MOD_NOREPEAT, key) in self.taken:
            self.error = 1409  # ERROR_HOTKEY_ALREADY_REGISTERED
            return 0
        return 1

    def UnregisterHotKey(self, hwnd, number):  # noqa: N802
        self.calls.append(("UnregisterHotKey", hwnd, number))
        return 1


@pytest.fixture
def user32(qapp):
    return FakeUser32({(MOD_CONTROL | MOD_ALT, ord("T"))})


@pytest.fixture
def keys(user32):
    made = WindowsShortcuts(user32, lambda: user32.error)
    yield made
    made.close()


def _hot_key(number: int, message: int = WM_HOTKEY) -> MSG:
    return MSG(hwnd=None, message=message, wParam=number, lParam=(0x42 << 16) | MOD_CONTROL | MOD_ALT)


def _feed(keys, msg: MSG):
    return keys.filter.nativeEventFilter(QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg))


@pytest.mark.parametrize("text, modifiers, key", [
    ("Ctrl+Alt+B", MOD_CONTROL | MOD_ALT, 0x42), ("Meta+Shift+F5", MOD_WIN | MOD_SHIFT, 0x74),
    ("Ctrl+Alt+7", MOD_CONTROL | MOD_ALT, 0x37), ("Ctrl+Shift+Space", MOD_CONTROL | MOD_SHIFT, 0x20),
    ("F12", 0, 0x7B),
])
def test_a_combination_is_registered_with_its_modifiers_and_virtual_key(keys, user32, text, modifiers, key):
    assert keys.bind("breathe", parse_keys(text)) is None
    assert user32.calls == [("RegisterHotKey", None, 1, modifiers | MOD_NOREPEAT, key)]


def test_wm_hotkey_with_our_id_emits_the_action_and_other_messages_pass(qtbot, keys, user32):
    assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    assert keys.bind("rough", parse_keys("Ctrl+Alt+R")) is None
    breathe, rough = (call[2] for call in user32.calls)
    with qtbot.waitSignal(keys.activated, timeout=1000) as pressed:
        assert _feed(keys, _hot_key(breathe)) == (True, 0)
    assert pressed.args == ["breathe"]
    with qtbot.waitSignal(keys.activated, timeout=1000) as pressed:
        _feed(keys, _hot_key(rough))
    assert pressed.args == ["rough"]
    with qtbot.assertNotEmitted(keys.activated):
        assert _feed(keys, _hot_key(rough + 40)) == (False, 0)  # somebody else's id
        assert _feed(keys, _hot_key(breathe, WM_KEYDOWN)) == (False, 0)  # typing goes on to Qt
        other = QByteArray(b"xcb_generic_event_t")
        assert keys.filter.nativeEventFilter(other, ctypes.addressof(_hot_key(breathe))) == (False, 0)


def test_a_combination_another_program_holds_gets_the_plain_sentence(keys, user32):
    said = keys.bind("breathe", parse_keys("Ctrl+Alt+T"))
    assert said == TAKEN.format(keys="Ctrl+Alt+T")
    assert said == "Ctrl+Alt+T is already used by another program; choose another combination in Settings."
    user32.taken.clear()
    assert keys.bind("breathe", parse_keys("Ctrl+Alt+T")) is None


def test_another_refusal_and_a_key_windows_has_no_code_for_are_said_too(qapp):
    refusing = FakeUser32({(MOD_CONTROL | MOD_ALT, 0x42)})
    keys = WindowsShortcuts(refusing, lambda: 5)  # ERROR_ACCESS_DENIED
    try:
        said = keys.bind("breathe", parse_keys("Ctrl+Alt+B"))
        assert said == "Ctrl+Alt+B could not be set: Windows refused it (error 5)."
        asked = len(refusing.calls)
        said = keys.bind("breathe", parse_keys("Ctrl+Alt+§"))
        assert said.startswith("Ctrl+Alt+§ cannot be used") and len(refusing.calls) == asked
    finally:
        keys.close()


def test_rebinding_releasing_and_quitting_unregister_every_hot_key(qtbot, keys, user32):
    assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    assert keys.bind("breathe", parse_keys("Ctrl+Alt+Shift+B")) is None  # changed in Settings
    assert keys.bind("ok", parse_keys("Ctrl+Alt+O")) is None
    keys.release_all()
    assert [c for c in user32.calls if c[0] == "UnregisterHotKey"] == [
        ("UnregisterHotKey", None, 1), ("UnregisterHotKey", None, 2), ("UnregisterHotKey", None, 3)]
    with qtbot.assertNotEmitted(keys.activated):
        assert _feed(keys, _hot_key(2)) == (False, 0)


def test_the_factory_picks_hot_keys_on_windows_and_says_why_not_on_macos(qapp, monkeypatch):
    fake = FakeUser32()
    monkeypatch.setattr(shortcuts_windows, "load_user32", lambda: (fake, lambda: 0))
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    chosen = shortcut_desktops.desktop_shortcuts("windows")
    try:
        assert isinstance(chosen, WindowsShortcuts) and chosen.available
        assert chosen.bind("breathe", parse_keys("Ctrl+Alt+B")) is None and fake.calls
    finally:
        chosen.close()
    monkeypatch.setattr(sys, "platform", "darwin")
    mac = shortcut_desktops.desktop_shortcuts("cocoa")
    assert isinstance(mac, Unavailable) and not mac.available and "macOS" in mac.why_not
    assert mac.bind("breathe", parse_keys("Ctrl+Alt+B")) == mac.why_not


def test_off_windows_there_is_no_user32_to_load():
    if hasattr(ctypes, "WinDLL"):
        pytest.skip("this is Windows")
    with pytest.raises(OSError):
        shortcuts_windows.load_user32()


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the 64-bit layout")
def test_msg_has_the_windows_layout():
    # 64-bit Windows: hwnd 8, message 4 (+4), wParam 8, lParam 8, time 4, pt 8, lPrivate 4.
    assert (MSG.wParam.offset, MSG.lParam.offset, MSG.time.offset, MSG.pt_x.offset) == (16, 24, 32, 36)
    assert ctypes.sizeof(MSG) == 48
