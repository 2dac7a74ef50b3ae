"""The real app on a real (virtual) X screen, used the way an agent uses it:
click the tray icon to breathe, right-click it for the menu, then quit."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_helpers import (
    ARTIFACTS,
    PYTHON,
    REPO,
    SCREEN_WIDTH,
    TOOLS,
    Processes,
    app_env,
    distinct_colours,
    geometry,
    require_tools,
    screenshot,
    start_xvfb,
    visible_windows,
    wait_until,
    window_names,
    x,
)

# A black screen, or a window that never painted, has a handful of colours;
# antialiased text and the pacer's gradient give hundreds.
PAINTED = 64


def test_desktop_tools_are_installed():
    # Fails (never skips) with "run .ci/run" when a CI image lacks them.
    require_tools()
    assert all(shutil.which(tool) for tool in TOOLS)


@dataclass
class Desktop:
    display: str
    env: dict[str, str]
    tray_host: int  # trayer's panel window
    processes: Processes


@pytest.fixture
def desktop(tmp_path):
    require_tools()
    processes = Processes(tmp_path)
    try:
        display = start_xvfb(processes)
        env = app_env(display, tmp_path)
        processes.start("trayer", ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
                                   "--height", "32", "--transparent", "false"], env)
        panel = wait_until(lambda: visible_windows(env, "--class", "trayer"), "the trayer panel",
                           watch=processes.running, logs=processes.logs)[0]
        yield Desktop(display, env, panel, processes)
    finally:
        processes.stop_all()


def breath_rows(database: Path) -> list[tuple]:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT id, ended_at, completed FROM breaths ORDER BY id").fetchall()
    except sqlite3.Error:
        return []


def test_click_breathe_menu_and_quit(desktop, tmp_path):
    env, processes = desktop.env, desktop.processes
    ready = tmp_path / "ready"
    env = {**env, "COMPANION_READY_FILE": str(ready)}
    app = processes.start("companion", [PYTHON, "-m", "companion"], env, cwd=REPO)
    watch = {"the tray app": app}

    def wait(check, what):
        return wait_until(check, what, watch=watch, logs=processes.logs)

    wait(lambda: ready.exists() and "tray-shown" in ready.read_text(), "the app to say its tray icon is shown")

    # trayer grows to fit the icon it embeds; the icon then fills the panel.
    # It resizes before it moves back onto the screen (under load a poll once
    # read it half off the screen, and the click missed): wait until it has
    # held still, wholly on the screen.
    seen = []

    def panel_with_icon():
        now = geometry(env, desktop.tray_host)
        left, _top, width, _height = now
        still = bool(seen) and seen[-1] == now
        seen.append(now)
        return now if still and width >= 16 and 0 <= left and left + width <= SCREEN_WIDTH else None

    left, top, width, height = wait(panel_with_icon, "trayer to embed the icon")
    icon_x, icon_y = left + width // 2, top + height // 2

    # A left click breathes at once.
    x(env, "xdotool", "mousemove", str(icon_x), str(icon_y), "click", "1")
    breathe = wait(lambda: visible_windows(env, "--name", "Breathe"), "the Breathe window")[0]
    database = Path(os.environ["XDG_DATA_HOME"]) / "companion" / "companion.db"
    wait(lambda: breath_rows(database), "the breathing session to be recorded")

    shot = ARTIFACTS / "e2e-breathe.png"
    bl, bt, bw, bh = geometry(env, breathe)
    wait(lambda: distinct_colours(screenshot(env, shot), (bl, bt, bw, bh)) >= PAINTED,
         "the Breathe window to paint")
    assert shot.stat().st_size > 10_000
    assert distinct_colours(shot) >= PAINTED
    assert bw >= 200 and bh >= 200, "the Breathe window is too small to read"

    # A right click opens the menu, over whatever is on screen.
    before = set(visible_windows(env, "--class", "Companion"))
    x(env, "xdotool", "mousemove", str(icon_x), str(icon_y), "click", "3")
    opened = wait(lambda: set(visible_windows(env, "--class", "Companion")) - before, "the tray menu")
    # Nothing else may come up over the breath (the first run's welcome waits for its end).
    assert len(opened) == 1, f"More than the menu opened: {window_names(env, opened)}"
    [menu] = opened
    ml, mt, mw, mh = geometry(env, menu)
    assert mw >= 100 and mh >= 100, "the menu is too small to hold its items"
    shot = ARTIFACTS / "e2e-menu.png"
    wait(lambda: distinct_colours(screenshot(env, shot), (ml, mt, mw, mh)) >= 16, "the menu to paint")

    # Escape closes the menu and leaves the app running.
    x(env, "xdotool", "key", "Escape")
    wait(lambda: menu not in visible_windows(env, "--class", "Companion"), "the menu to close")
    assert app.poll() is None, processes.log("companion")

    # SIGTERM (a logout, systemd) ends the app cleanly: session recorded as stopped early.
    app.send_signal(signal.SIGTERM)
    watch.clear()
    try:
        code = app.wait(timeout=10)
    except Exception:
        pytest.fail(f"The app did not stop within 10 s of SIGTERM.\n{processes.logs()}", pytrace=False)
    log = processes.log("companion")
    assert code == 0, log
    assert "Traceback" not in log and "Fatal" not in log, log
    [(_id, ended_at, completed)] = breath_rows(database)
    assert ended_at is not None and completed == 0
