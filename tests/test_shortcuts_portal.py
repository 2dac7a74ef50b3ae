"""Global shortcuts on Wayland, through the desktop portal's GlobalShortcuts
interface, against a test portal (portal_service.py, GDBus) on a private
session bus: the request and session object paths, the Response signal, the
Activated signal, a refusal, and no portal at all."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
from pathlib import Path

import pytest
from test_notify import Service, session_bus  # noqa: F401 - fixture

from companion.core.keys import parse_keys
from companion.platform.shortcut_desktops import NO_WAYLAND_PORTAL, desktop_shortcuts
from companion.platform.shortcuts import Unavailable
from companion.platform.shortcuts_portal import PortalShortcuts, portal_shortcuts, portal_version, trigger

SYSTEM_PYTHON = "/usr/bin/python3"
SERVICE = Path(__file__).with_name("portal_service.py")


class Portal(Service):
    """The test portal, a separate process on the bus (read, told and stopped
    as test_notify's notification service)."""

    def __init__(self, qtbot, address: str, mode: str = "ok") -> None:  # its own program: no super().__init__
        self.qtbot = qtbot
        have_gi = subprocess.run([SYSTEM_PYTHON, "-c", "import gi"], capture_output=True).returncode == 0
        if not have_gi:
            pytest.fail("The portal tests need GLib's Python bindings: apt package python3-gi "
                        "(packaging/system-deps.sh --test installs it).", pytrace=False)
        self.process = subprocess.Popen([SYSTEM_PYTHON, str(SERVICE), address, mode], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": ""})
        self.said: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next()["call"] == "ready"

    def next(self) -> dict:
        """What it said next; Qt's event loop runs meanwhile, so our side can talk."""
        self.qtbot.waitUntil(lambda: not self.said.empty(), timeout=10000)
        return self.said.get_nowait()


@pytest.fixture
def portal(qtbot, session_bus):  # noqa: F811
    running = Portal(qtbot, session_bus.address)
    yield running
    running.stop()


def _sender(bus) -> str:
    return bus.connection.baseService()[1:].replace(".", "_")


@pytest.mark.parametrize("text, expected", [
    ("Ctrl+Alt+B", "CTRL+ALT+b"), ("Meta+Shift+F5", "SHIFT+LOGO+F5"), ("Ctrl+Alt+Space", "CTRL+ALT+space"),
    ("Ctrl+Alt+PgUp", "CTRL+ALT+Prior"), ("Ctrl+Alt+7", "CTRL+ALT+7"),
])
def test_triggers_are_written_as_the_xdg_shortcuts_specification_has_them(text, expected):
    assert trigger(parse_keys(text)) == expected


def test_binding_sends_all_shortcuts_in_one_session_at_the_paths_the_spec_names(qtbot, session_bus, portal):  # noqa: F811
    assert portal_version(session_bus.connection) == 2
    keys = portal_shortcuts(bus=session_bus.connection)
    assert isinstance(keys, PortalShortcuts) and keys.available
    turned_down = []
    keys.turned_down.connect(lambda action, sentence: turned_down.append(action))
    # Both bindings of one turn of the event loop go out together.
    assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    assert keys.bind("rough", parse_keys("Ctrl+Alt+R")) is None
    created = portal.next()
    sender = _sender(session_bus)
    assert created["call"] == "CreateSession"
    assert created["request"].startswith(f"/org/freedesktop/portal/desktop/request/{sender}/")
    assert created["session"].startswith(f"/org/freedesktop/portal/desktop/session/{sender}/")
    bound = portal.next()
    assert bound["call"] == "BindShortcuts" and bound["session"] == created["session"]
    assert bound["request"].startswith(f"/org/freedesktop/portal/desktop/request/{sender}/")
    assert bound["shortcuts"] == [
        ["breathe", {"description": "Mute the microphone and breathe", "preferred_trigger": "CTRL+ALT+b"}],
        ["rough", {"description": "Log a rough call", "preferred_trigger": "CTRL+ALT+r"}],
    ]
    # The desktop says the key was pressed: our signal, with the action.
    with qtbot.waitSignal(keys.activated, timeout=5000) as pressed:
        portal.tell("activate breathe")
    assert pressed.args == ["breathe"]
    assert turned_down == []
    # A change means a new session with what is wanted now; the old one is closed.
    keys.release("rough")
    assert portal.next() == {"call": "Close", "session": created["session"]}
    assert portal.next()["call"] == "CreateSession"
    again = portal.next()
    assert [sid for sid, _info in again["shortcuts"]] == ["breathe"]
    with qtbot.waitSignal(keys.activated, timeout=5000) as pressed:
        portal.tell("activate breathe")
    assert pressed.args == ["breathe"]
    # Settings binding the same keys again (released, then bound) asks the desktop nothing new.
    keys.release("breathe")
    assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    with qtbot.waitSignal(keys.activated, timeout=5000):
        portal.tell("activate breathe")
    keys.release_all()
    assert portal.next() == {"call": "Close", "session": again["session"]}


@pytest.mark.parametrize("mode, words", [("refuse", "turned it down"), ("fail", "answered with an error")])
def test_a_portal_that_says_no_is_reported_in_a_sentence(qtbot, session_bus, mode, words):  # noqa: F811
    refusing = Portal(qtbot, session_bus.address, mode)
    try:
        keys = portal_shortcuts(bus=session_bus.connection)
        with qtbot.waitSignal(keys.turned_down, timeout=5000) as told:
            assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
        action, sentence = told.args
        assert action == "breathe" and sentence.startswith("Ctrl+Alt+B ") and words in sentence
        assert sentence.endswith(".") and "\n" not in sentence
        # The refused session is closed; the same keys bound again are asked for anew.
        created, bound = refusing.next(), refusing.next()
        assert refusing.next() == {"call": "Close", "session": created["session"]}
        with qtbot.waitSignal(keys.turned_down, timeout=5000):
            keys.release("breathe")
            assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
        assert refusing.next()["call"] == "CreateSession" and bound["call"] == "BindShortcuts"
    finally:
        refusing.stop()


def test_settings_show_what_the_portal_said(qtbot, session_bus, settings):  # noqa: F811
    from companion.ui.global_keys import GlobalKeys

    refusing = Portal(qtbot, session_bus.address, "refuse")
    try:
        keys = GlobalKeys(settings, lambda: None, lambda rating: None, lambda title, text: None)
        shortcuts = portal_shortcuts(bus=session_bus.connection)
        with qtbot.waitSignal(shortcuts.turned_down, timeout=5000):
            keys.apply(shortcuts)
        works, said = keys.states["shortcut_breathe"]
        assert works is False and "turned it down" in said
    finally:
        refusing.stop()


def test_no_portal_or_one_without_global_shortcuts_means_the_fallback_text(qtbot, session_bus):  # noqa: F811
    assert portal_version(session_bus.connection) == 0
    assert portal_shortcuts(bus=session_bus.connection) is None
    fallback = desktop_shortcuts("wayland", bus=session_bus.connection)
    assert isinstance(fallback, Unavailable) and fallback.why_not == NO_WAYLAND_PORTAL
    assert fallback.bind("breathe", parse_keys("Ctrl+Alt+B")) == NO_WAYLAND_PORTAL
    old = Portal(qtbot, session_bus.address, "old")  # older GNOME: a portal, but no GlobalShortcuts
    try:
        assert portal_version(session_bus.connection) == 0
        assert isinstance(desktop_shortcuts("wayland", bus=session_bus.connection), Unavailable)
    finally:
        old.stop()


def test_on_wayland_the_factory_picks_the_portal(qapp, session_bus, portal):  # noqa: F811
    assert isinstance(desktop_shortcuts("wayland", bus=session_bus.connection), PortalShortcuts)
