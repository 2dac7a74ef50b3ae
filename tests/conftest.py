"""Shared fixtures. Every test gets its own data and config folders, so no
test can ever touch a real user's Companion data."""

from __future__ import annotations

import gc
import os
import time
from datetime import datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config):
    # Python's cycle collector runs in whichever thread happens to allocate. Some
    # tests run Python in a second thread (a client of the instance socket, the
    # reader of a test D-Bus service) while Qt's event loop runs in this one; a
    # collection over there deletes Qt objects from the wrong thread (the likely
    # cause of a segfault in CI). So cycles are collected here, between tests, only.
    gc.disable()


@pytest.fixture(autouse=True)
def collect_cycles_between_tests():
    yield
    gc.collect()
    # What survives is set aside, so the next collection looks at the next
    # test's objects only (a full one each time added a minute to the run).
    gc.freeze()


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    data, config = tmp_path / "data", tmp_path / "config"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # The app talks to the sound server and the desktop bus for real; point both
    # at nothing, so no test can mute a developer's microphone or pop up a real
    # notification. Tests that need them start private ones (tests/pulse.py).
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-pulse'}")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    return tmp_path


@pytest.fixture
def clock():
    from companion.core.clock import FakeClock

    # A Monday morning, inside default work hours.
    return FakeClock(datetime(2026, 11, 23, 9, 0))


@pytest.fixture
def store(tmp_path, clock):
    from companion.core.store import Store

    s = Store(tmp_path / "companion.db", clock)
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path):
    from companion.core.settings import Settings

    return Settings(tmp_path / "settings.toml")


@pytest.fixture
def london():
    """Europe/London for the test, whatever the machine's zone; restored after.
    Its DST changes make week and work-hour arithmetic honest."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()
