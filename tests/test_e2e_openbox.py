"""A real window manager: openbox, with trayer as the tray host, on a real
(virtual) X screen. Whatever Companion shows on its own - the tag popup after
a call a script logged, the nudge that follows, the after-call question -
must leave the keyboard with the window the agent is typing in. Openbox
gives new windows the focus unless they say otherwise, so this is the test
that the popups say so. Screenshots are saved for looking at."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from e2e_helpers import (
    ARTIFACTS, PYTHON, REPO, Processes, screenshot, start_openbox, visible_windows, wait_until,
    write_all_day_settings, x,
)

CRM = Path(__file__).with_name("crm_window.py")


@pytest.fixture
def openbox_desktop(tmp_path):
    processes = Processes(tmp_path)
    try:
        env = start_openbox(processes, tmp_path, wait=False)
        processes.start("trayer", ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
                                   "--height", "32", "--transparent", "false"], env)
        wait_until(lambda: visible_windows(env, "--class", "trayer"), "the trayer panel", watch=processes.running,
                   logs=processes.logs)
        yield env, processes
    finally:
        processes.stop_all()


def test_popups_leave_the_keyboard_with_the_window_the_agent_types_in(openbox_desktop, tmp_path):
    env, processes = openbox_desktop
    typed = tmp_path / "typed.txt"
    processes.start("crm", [sys.executable, str(CRM), str(typed)], env)
    wait_until(lambda: typed.with_suffix(".ready").exists(), "the CRM window", watch=processes.running,
               logs=processes.logs)
    crm = wait_until(lambda: visible_windows(env, "--name", "^CRM$"), "the CRM window mapped")[0]
    wait_until(lambda: x(env, "xdotool", "getwindowfocus", check=False).strip() == str(crm), "the CRM to have focus")

    write_all_day_settings(env)  # nudges only come in work hours, and this runs on the real clock
    ready = tmp_path / "ready"
    app = processes.start("companion", [PYTHON, "-m", "companion"], {**env, "COMPANION_READY_FILE": str(ready)},
                          cwd=REPO)
    wait_until(lambda: ready.exists() and "settled" in ready.read_text(), "the tray app to settle",
               watch={"companion": app}, logs=processes.logs)
    # The welcome is the one window of Companion's that may take the keyboard (the first start); close it.
    welcome = wait_until(lambda: visible_windows(env, "--name", "Welcome to Companion"), "the welcome")[0]
    x(env, "xdotool", "windowclose", str(welcome))
    x(env, "xdotool", "windowactivate", "--sync", str(crm))

    def companion(*args):
        return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=30)

    before = set(visible_windows(env, "--class", "companion"))
    for n in range(3):  # three rough calls from a softphone script: the tag popup each time, then a nudge
        assert companion("log", "rough").returncode == 0
    [popup] = wait_until(lambda: set(visible_windows(env, "--class", "companion")) - before, "the tag popup",
                         logs=processes.logs)
    screenshot(env, ARTIFACTS / "openbox-tag-popup.png")
    x(env, "xdotool", "type", "--delay", "20", "still typing")
    wait_until(lambda: typed.exists() and typed.read_text() == "still typing", "the keys to reach the CRM",
               logs=lambda: f"typed: {typed.read_text() if typed.exists() else ''!r}\n{processes.logs()}")
    assert x(env, "xdotool", "getwindowfocus").strip() == str(crm)

    # The nudge for three rough calls waited its turn behind the popup; it comes once the popup goes.
    x(env, "xdotool", "windowclose", str(popup))
    nudge = wait_until(lambda: set(visible_windows(env, "--class", "companion")) - before - {popup}, "the nudge",
                       logs=processes.logs)
    screenshot(env, ARTIFACTS / "openbox-nudge.png")
    x(env, "xdotool", "type", "--delay", "20", ", and on")
    wait_until(lambda: typed.read_text() == "still typing, and on", "the keys to reach the CRM past the nudge")
    assert x(env, "xdotool", "getwindowfocus").strip() == str(crm) and nudge
    assert app.poll() is None, processes.log("companion")
