"""An X desktop with no tray host at all (Xvfb, no trayer): Companion says so
in a window of its own, with the tray menu's items as buttons, and every
message that would mention the tray says something true instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from e2e_helpers import (
    ARTIFACTS, PYTHON, REPO, Processes, app_env, distinct_colours, geometry, require_tools, screenshot,
    start_openbox, start_xvfb, visible_windows, wait_until, write_all_day_settings, x,
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


SCREEN = (1280, 800)  # start_xvfb's screen
CRM = Path(__file__).with_name("crm_window.py")


def on_screen(box: tuple[int, int, int, int]) -> bool:
    left, top, width, height = box
    return width > 0 and height > 0 and left >= 0 and top >= 0 and left + width <= SCREEN[0] \
        and top + height <= SCREEN[1]


def test_with_no_tray_host_the_popup_and_the_nudge_leave_the_keyboard_with_the_crm(tmp_path):
    """Openbox and no tray host at all: the no-tray window is the agent's way
    in, and what Companion shows unasked after three rough calls a softphone
    script logged - the tag popup, then the nudge - must still come on
    screen (there is no icon to put them next to) and leave the keys with
    the CRM. Openbox gives new windows the focus unless they say otherwise."""
    processes = Processes(tmp_path)
    try:
        env = start_openbox(processes, tmp_path)
        write_all_day_settings(env)
        ready = tmp_path / "ready"
        app = processes.start("companion", [PYTHON, "-m", "companion"], {**env, "COMPANION_READY_FILE": str(ready)},
                              cwd=REPO)
        watch = {"companion": app}

        def wait(check, what, timeout=20.0):
            return wait_until(check, what, timeout=timeout, watch=watch, logs=processes.logs)

        wait(lambda: ready.exists() and "settled" in ready.read_text(), "the tray app to settle")
        no_tray = wait(lambda: visible_windows(env, "--name", "no tray here"), "the no-tray window")[0]
        assert on_screen(geometry(env, no_tray)), geometry(env, no_tray)
        # The welcome is the one window of Companion's that may take the keyboard (the first start); close it.
        welcome = wait(lambda: visible_windows(env, "--name", "Welcome to Companion"), "the welcome")[0]
        x(env, "xdotool", "windowclose", str(welcome))
        wait(lambda: welcome not in visible_windows(env, "--name", "Welcome to Companion"), "the welcome to close")
        shot = wait(lambda: (s := screenshot(env, ARTIFACTS / "x11-no-tray-window.png"))
                    and distinct_colours(s, geometry(env, no_tray)) >= 64 and s, "the no-tray window to paint")
        assert shot.exists()

        # The agent's CRM, opened now: openbox gives it the keyboard.
        typed = tmp_path / "typed.txt"
        processes.start("crm", [sys.executable, str(CRM), str(typed)], env)
        crm = wait(lambda: visible_windows(env, "--name", "^CRM$"), "the CRM window mapped")[0]
        wait(lambda: x(env, "xdotool", "getwindowfocus", check=False).strip() == str(crm), "the CRM to have focus")
        before = set(visible_windows(env, "--class", "companion"))
        assert no_tray in before

        def log_rough():
            done = subprocess.run([sys.executable, "-m", "companion", "log", "rough"], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done.stderr

        def type_and_see(text, what):
            so_far = typed.read_text() if typed.exists() else ""
            x(env, "xdotool", "type", "--delay", "20", text)
            wait(lambda: typed.exists() and typed.read_text() == so_far + text, f"the keys to reach the CRM {what}")
            assert x(env, "xdotool", "getwindowfocus").strip() == str(crm), what

        popup = None
        for n, word in enumerate(("one ", "two ", "three"), 1):  # three rough calls from a softphone script
            log_rough()
            [popup] = wait(lambda: set(visible_windows(env, "--class", "companion")) - before,
                           f"the tag popup after rough call {n}")
            assert x(env, "xdotool", "getwindowfocus").strip() == str(crm), f"rough call {n}'s popup took the focus"
            assert on_screen(geometry(env, popup)), f"rough call {n}'s popup is off screen: {geometry(env, popup)}"
            type_and_see(word, f"past rough call {n}'s popup")
        assert x(env, "xdotool", "getwindowname", str(popup)).strip(), popup
        wait(lambda: distinct_colours(screenshot(env, ARTIFACTS / "x11-no-tray-tag-popup.png"),
                                      geometry(env, popup)) >= 16, "the tag popup to paint")

        # The nudge for three rough calls waits its turn behind the popup; it comes once the popup goes.
        x(env, "xdotool", "windowclose", str(popup))
        [nudge] = wait(lambda: set(visible_windows(env, "--class", "companion")) - before - {popup}, "the nudge",
                       timeout=30)
        assert x(env, "xdotool", "getwindowfocus").strip() == str(crm), "the nudge took the focus"
        assert on_screen(geometry(env, nudge)), f"the nudge is off screen: {geometry(env, nudge)}"
        wait(lambda: distinct_colours(screenshot(env, ARTIFACTS / "x11-no-tray-nudge.png"),
                                      geometry(env, nudge)) >= 16, "the nudge to paint")
        type_and_see(", and on", "past the nudge")
        assert typed.read_text() == "one two three, and on"
        assert no_tray in visible_windows(env, "--name", "no tray here")  # still the way in
        assert app.poll() is None, processes.log("companion")
    finally:
        processes.stop_all()
