"""Breaks the agent already took: time away from the keyboard and the screen
locked count as breaks. The rules on a fake clock; the X server's own idle
time on a real Xvfb; lock signals on a real private session bus, and
logind's LockedHint from a test logind on a private bus standing in for the
system bus; Windows' GetLastInputInfo against a fake user32."""

from __future__ import annotations

import ctypes
import os
import subprocess
from pathlib import Path
from datetime import timedelta

import pytest
from test_notify import private_bus, session_bus  # noqa: F401 - fixture: a private dbus-daemon

from companion.core.away import AWAY_RECHECK, AwayTracker
from companion.core.history import HistoryFilter
from companion.core.models import BreakSource, Rating
from companion.core.nudges import Nudger
from companion.service.service import Service

MINUTE = 60.0


@pytest.fixture
def tracker(clock, settings):
    return AwayTracker(clock, settings)


def test_time_away_is_a_break_from_the_last_input_to_the_first_after(tracker, clock, settings):
    assert settings["away_break_minutes"] == 5
    assert tracker.idle(60) is None and tracker.next_check(60) == 4 * MINUTE  # the earliest they could be away
    clock.advance(4 * MINUTE)
    assert tracker.idle(5 * MINUTE) is None and tracker.next_check(5 * MINUTE) == AWAY_RECHECK
    left_at = clock.now() - timedelta(minutes=5)
    clock.advance(9 * MINUTE)
    found = tracker.idle(20)  # back 20 s ago
    assert found == (left_at, clock.now() - timedelta(seconds=20), BreakSource.AWAY)
    assert tracker.idle(25) is None  # said once


def test_a_short_pause_at_the_keyboard_is_no_break(tracker, clock):
    clock.advance(4 * MINUTE)
    assert tracker.idle(4 * MINUTE) is None
    clock.advance(MINUTE)
    assert tracker.idle(2) is None and tracker.away_since is None


def test_a_lock_is_a_break_and_time_away_before_it_is_the_same_break(tracker, clock):
    clock.advance(10 * MINUTE)
    tracker.idle(6 * MINUTE)  # away for six minutes...
    left_at = clock.now() - timedelta(minutes=6)
    assert tracker.lock_changed(True) is None  # ...then the screen locked
    assert tracker.next_check(0) is None  # locked: nothing to read until the unlock
    clock.advance(20 * MINUTE)
    assert tracker.lock_changed(False) == (left_at, clock.now(), BreakSource.LOCKED)
    assert tracker.lock_changed(True) is None
    clock.advance(30)
    assert tracker.lock_changed(False) is None  # half a minute locked is no break


def test_off_means_no_reading_at_all(tracker, settings):
    settings.set("away_break_minutes", 0)
    assert tracker.idle(3600) is None and tracker.next_check(3600) is None


def test_a_break_taken_away_starts_the_stretch_and_the_rough_run_again_and_is_in_history(store, settings, clock):
    service = Service(store, settings, clock)
    for _ in range(3):
        clock.advance(MINUTE)
        service.log_call(Rating.ROUGH)
    clock.advance(85 * MINUTE)
    assert service.nudger.stretch_seconds() > 80 * MINUTE
    service.idle_seen(6 * MINUTE)
    clock.advance(10 * MINUTE)
    service.idle_seen(1)
    assert service.nudger.stretch_seconds() < MINUTE and service.store.rough_run() == 0
    [entry] = [e for e in store.history(HistoryFilter(kinds=("break",)))]
    assert entry.source == "away" and (entry.ended_at - entry.at) == timedelta(minutes=16, seconds=-1)


def test_no_nudge_while_the_screen_is_locked(store, settings, clock):
    service = Service(store, settings, clock)
    for _ in range(3):
        clock.advance(MINUTE)
        service.log_call(Rating.ROUGH)
    service.lock_changed(True)
    assert service.due_nudge() is None  # three rough calls, and nobody there to see it
    clock.advance(15 * MINUTE)
    service.lock_changed(False)
    assert service.due_nudge() is None  # the lock was a break: the run starts again
    [entry] = store.history(HistoryFilter(kinds=("break",)))
    assert entry.source == "locked"


def test_a_menu_break_running_covers_the_time_away(store, settings, clock):
    service = Service(store, settings, clock)
    service.take_break()
    service.idle_seen(10 * MINUTE)
    clock.advance(10 * MINUTE)
    service.idle_seen(1)
    service.end_break()
    assert [e.source for e in store.history(HistoryFilter(kinds=("break",)))] == ["menu"]


def test_history_names_where_a_break_came_from(qapp, store, settings, clock):
    from companion.ui.history import HistoryWindow

    service = Service(store, settings, clock)
    start = clock.now()
    store.record_break(start, start + timedelta(minutes=12), BreakSource.AWAY)
    store.record_break(start + timedelta(hours=1), start + timedelta(hours=1, minutes=30), BreakSource.LOCKED)
    window = HistoryWindow(service)
    try:
        titles = [window._what(e) for e in store.history(HistoryFilter(kinds=("break",)))]
        assert titles == ["Screen locked, 30 min", "Away from the keyboard, 12 min"]
    finally:
        window.close()
        window.deleteLater()


def test_nudger_quiet_while_locked(clock, settings):
    nudger = Nudger(clock, settings)
    nudger.set_rough_run(3)
    nudger.screen_locked = True
    assert nudger.due() is None
    nudger.screen_locked = False
    assert nudger.due() is not None


# -- the real sources ----------------------------------------------------------------------
def test_the_x_servers_idle_time_counts_up_and_starts_again_at_a_key(tmp_path):
    from e2e_helpers import Processes, require_tools, start_xvfb, wait_until

    from companion.platform.idle_time import x11_idle

    require_tools()
    processes = Processes(tmp_path)
    try:
        display = start_xvfb(processes)
        idle = x11_idle(display)
        assert idle is not None, "Xvfb has the MIT-SCREEN-SAVER extension; libXss must be installed (libxss1)"
        before = wait_until(lambda: (lambda s: s if s >= 0.3 else None)(idle()), "some idle time to pass")
        subprocess.run(["xdotool", "key", "shift"], env={**os.environ, "DISPLAY": display}, check=True, timeout=20)
        assert idle() < before
    finally:
        processes.stop_all()


def test_the_screen_lock_is_heard_on_the_session_bus(qtbot, session_bus):  # noqa: F811
    from PySide6.QtDBus import QDBusMessage

    from companion.platform.lock_watch import LockWatch

    watch = LockWatch(session_bus.connection)
    assert watch.listening
    for path, interface, locked in (("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", True),
                                    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", False)):
        signal = QDBusMessage.createSignal(path, interface, "ActiveChanged")
        signal.setArguments([locked])
        with qtbot.waitSignal(watch.changed, timeout=5000) as heard:
            assert session_bus.connection.send(signal)
        assert heard.args == [locked]


SYSTEM_PYTHON = "/usr/bin/python3"
LOGIND = Path(__file__).with_name("logind_service.py")


@pytest.fixture
def logind(tmp_path, qapp):
    """A private bus standing in for the system bus, with a test logind on it."""
    if subprocess.run([SYSTEM_PYTHON, "-c", "import gi"], capture_output=True).returncode != 0:
        pytest.fail("The logind test needs GLib's Python bindings: apt package python3-gi (.ci/run installs it).",
                    pytrace=False)
    services = []

    def start(mode: str = "ok"):
        service = subprocess.Popen([SYSTEM_PYTHON, str(LOGIND), bus.address, mode], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        services.append(service)
        assert service.stdout.readline().strip() == "ready"
        return service

    with private_bus(tmp_path / "system-bus", f"companion-test-system-{os.getpid()}-{tmp_path.name}") as bus:
        bus.start = start
        try:
            yield bus
        finally:
            for service in services:
                service.terminate()
                service.wait(timeout=10)
                service.stdin.close()
                service.stdout.close()


def test_logind_locked_hint_is_heard_on_the_system_bus(qtbot, session_bus, logind, monkeypatch):  # noqa: F811
    from companion.platform.lock_watch import LockWatch

    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    service = logind.start()
    watch = LockWatch(session_bus.connection, logind.connection)
    qtbot.waitUntil(lambda: watch.session_path is not None, timeout=5000)
    assert watch.session_path == "/org/freedesktop/login1/session/_32"
    for line, locked in (("lock", True), ("unlock", False)):
        with qtbot.waitSignal(watch.changed, timeout=5000) as heard:
            service.stdin.write(line + "\n")
            service.stdin.flush()
            assert service.stdout.readline().strip() == "sent"
        assert heard.args == [locked]


def test_without_a_logind_session_the_screen_savers_still_count(qtbot, session_bus, logind):  # noqa: F811
    from PySide6.QtDBus import QDBusMessage

    from companion.platform.lock_watch import LockWatch

    logind.start("nosession")
    watch = LockWatch(session_bus.connection, logind.connection)
    ask = QDBusMessage.createMethodCall("org.freedesktop.login1", "/org/freedesktop/login1",
                                        "org.freedesktop.login1.Manager", "GetSession")
    ask.setArguments(["auto"])
    assert logind.connection.call(ask).type() == QDBusMessage.MessageType.ErrorMessage  # the refusal has come
    qtbot.wait(50)  # ...and so has our own asynchronous one, queued before this blocking call
    assert watch.session_path is None
    signal = QDBusMessage.createSignal("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged")
    signal.setArguments([True])
    with qtbot.waitSignal(watch.changed, timeout=5000) as heard:
        assert session_bus.connection.send(signal)
    assert heard.args == [True]


def test_windows_idle_time_from_the_last_input(qapp):
    from companion.platform.idle_time import windows_idle

    class User32:
        def GetLastInputInfo(self, info):  # noqa: N802 - Windows' name
            ctypes.cast(info, ctypes.POINTER(ctypes.c_uint * 2)).contents[1] = 4_294_960_000  # just before the wrap
            return 1

    class Kernel32:
        def GetTickCount(self):  # noqa: N802
            return 52_704  # the tick count wrapped since

    assert windows_idle(User32(), Kernel32())() == pytest.approx(60.0)


def test_the_app_reads_the_idle_time_only_when_it_matters(qapp, clock, store, settings):
    from companion.ui.away_watch import AwayWatch

    service = Service(store, settings, clock)
    readings = iter([30.0, 5 * MINUTE + 1])
    watch = AwayWatch(service)
    watch.apply(idle_clock=lambda: next(readings))
    assert watch.timer.interval() == int((5 * MINUTE - 30) * 1000)  # 4.5 min: not before they could be away
    watch.look()
    assert watch.timer.interval() == int(AWAY_RECHECK * 1000)  # away: once a minute, to see them back
    settings.set("away_break_minutes", 0)
    watch.idle_clock = lambda: 0.0
    watch.look()
    assert not watch.timer.isActive()
    watch.stop()
