"""An X desktop with no tray host at all (Xvfb, no trayer): Companion says so
in a window of its own, with the tray menu's items as buttons, and every
message that would mention the tray says something true instead."""

from __future__ import annotations

import os
import subprocess
import sys

from e2e_helpers import (
    ARTIFACTS, PYTHON, REPO, Processes, app_env, distinct_colours, geometry, require_tools, screenshot,
    start_xvfb, visible_windows, wait_until, x,
)
from PySide6.QtWidgets import QSystemTrayIcon


def test_with_no_tray_host_companion_has_a_window_and_says_so(tmp_path):
    require_tools()
    processes = Processes(tmp_path)
    try:
        env = app_env(start_xvfb(processes), tmp_path)
        app = processes.start("companion", [PYTHON, "-m", "companion"], env, cwd=REPO)
        watch = {"the tray app": app}

        def wait(check, what):
            return wait_until(check, what, watch=watch, logs=processes.logs)

        window = wait(lambda: visible_windows(env, "--name", "no tray here"), "the no-tray window")[0]
        left, top, width, height = geometry(env, window)
        shot = ARTIFACTS / "e2e-no-tray.png"
        wait(lambda: distinct_colours(screenshot(env, shot), (left, top, width, height)) >= 64,
             "the no-tray window to paint")

        def companion(*args):
            return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=30)

        second = companion()
        assert second.returncode == 0 and "without a tray icon" in second.stdout, second.stdout
        assert "look for its icon" not in second.stdout
        logged = companion("log", "ok")
        assert logged.returncode == 0 and "Undo from Companion's window." in logged.stdout, logged.stdout

        # Its first button is the menu's first item, Mute & breathe: the first in Tab order.
        x(env, "xdotool", "windowfocus", "--sync", str(window), "key", "space")
        wait(lambda: visible_windows(env, "--name", "Breathe"), "the Breathe window")
        assert companion("quit").returncode == 0
        watch.clear()
        assert app.wait(timeout=10) == 0, processes.log("companion")
    finally:
        processes.stop_all()


def test_a_tray_host_that_comes_later_gets_the_icon_and_the_window_goes(tmp_path):
    require_tools()
    processes = Processes(tmp_path)
    try:
        env = app_env(start_xvfb(processes), tmp_path)
        ready = tmp_path / "ready"
        app = processes.start("companion", [PYTHON, "-m", "companion"], {**env, "COMPANION_READY_FILE": str(ready)},
                              cwd=REPO)
        watch = {"the tray app": app}

        def wait(check, what):
            return wait_until(check, what, watch=watch, logs=processes.logs)

        window = wait(lambda: visible_windows(env, "--name", "no tray here"), "the no-tray window")[0]
        wait(lambda: ready.exists() and "settled" in ready.read_text(), "the app to settle")
        # The panel starts after Companion, as at a slow login.
        processes.start("trayer", ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
                                   "--height", "32", "--transparent", "false"], env)
        panel = wait(lambda: visible_windows(env, "--class", "trayer"), "the trayer panel")[0]
        wait(lambda: geometry(env, panel)[2] >= 16, "trayer to embed Companion's icon")
        wait(lambda: window not in visible_windows(env, "--name", "no tray here"), "the no-tray window to go")
        second = subprocess.run([sys.executable, "-m", "companion"], cwd=REPO, env=env, capture_output=True,
                                text=True, timeout=30)
        assert "look for its icon in the tray" in second.stdout, second.stdout  # true now
        shot = ARTIFACTS / "e2e-tray-came-later.png"
        screenshot(env, shot)
        assert app.poll() is None, processes.log("companion")
    finally:
        processes.stop_all()


def test_double_and_middle_click_breathe_too(qapp):
    from PySide6.QtGui import QIcon

    from companion.ui.tray import Tray

    tray = Tray(QIcon())
    asked = []
    tray.breathe_requested.connect(lambda: asked.append(True))
    for reason in (QSystemTrayIcon.ActivationReason.DoubleClick, QSystemTrayIcon.ActivationReason.MiddleClick,
                   QSystemTrayIcon.ActivationReason.Trigger):
        tray.icon.activated.emit(reason)
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)
    assert len(asked) == 3


def test_a_status_notifier_host_registering_later_is_heard(qtbot, tmp_path):
    """Wayland desktops and KDE have StatusNotifierItem hosts: the watcher's
    name appearing on the session bus is the word that a tray is there now."""
    from test_notify import _BUS_NUMBERS, private_bus

    from companion.platform.tray_hosts import WATCHER, TrayHostWatch

    with private_bus(tmp_path / "bus", f"tray-hosts-{os.getpid()}-{next(_BUS_NUMBERS)}") as bus:
        watch = TrayHostWatch(display_name="", bus=bus.connection)
        from PySide6.QtDBus import QDBusConnection

        host = QDBusConnection.connectToBus(bus.address, f"tray-host-{os.getpid()}")
        try:
            with qtbot.waitSignal(watch.appeared, timeout=5000):
                assert host.registerService(WATCHER)
        finally:
            QDBusConnection.disconnectFromBus(f"tray-host-{os.getpid()}")
            watch.close()
