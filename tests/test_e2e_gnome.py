"""Companion on a real GNOME Shell 43 (headless, Wayland) with the
AppIndicator extension, as a GNOME user has it (tests/gnome_desktop.py
starts the shell). The icon registers with the extension's
StatusNotifierWatcher; activating it (a double click there) opens Breathe;
and what Companion shows on its own after three rough calls a softphone
script logged - "Rough call logged", then the nudge - reaches GNOME's
notification service as notifications, while the keys typed go on reaching
the window the agent types in and no window of Companion's appears.
Companion talks to a real private PulseAudio (tests/pulse.py) whose null
source is the default "headset microphone": Breathe opened from the icon
mutes it, and closing Breathe puts it back.
Screenshots are saved under test-artifacts/gnome-*.png for looking at.

Skipped in the regular suite; .ci/gnome installs GNOME Shell and runs this
file with COMPANION_TEST_GNOME=1."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import pytest
from e2e_helpers import ARTIFACTS, PYTHON, REPO, wait_until, write_all_day_settings
from gnome_desktop import Companion, companion_env, require_gnome, start_gnome, stop_gnome
from pulse import require_pulse, start_pulse, stop_session

CRM = Path(__file__).with_name("crm_window.py")
APP_ID = "io.github.companion.Companion"  # the desktop entry's and the icons' name (platform/autostart.py ICON)
ITEM_PATH = "/StatusNotifierItem"  # where Qt's tray icon puts its item
TEAL_MIN = 60  # how much greener than red a pixel of Companion's teal circle is, at least


@pytest.fixture(scope="module")
def gnome(tmp_path_factory):
    root = tmp_path_factory.mktemp("gnome")
    desktop = start_gnome(root)
    timings = {"shell_on_the_bus_s": round(desktop.started_s, 2), "shell_ready_s": round(desktop.ready_s, 2)}
    try:
        yield desktop
    finally:
        stop_gnome(desktop.processes, desktop.env)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "gnome-timings.json").write_text(json.dumps(timings) + "\n")


@pytest.fixture(scope="module")
def pulse():
    """A private PulseAudio for the whole module, its null source the default
    input: the microphone Companion mutes (the agent's headset, here)."""
    require_gnome()  # skipped in the regular suite before any sound server starts
    require_pulse()
    folder = Path(tempfile.mkdtemp(prefix="cp-pulse-"))  # short: a unix socket's path is at most 108 bytes
    server = start_pulse(folder)
    try:
        yield server
    finally:
        stop_session(server)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def companion(gnome, pulse):
    env = companion_env(gnome, pulse.env["PULSE_SERVER"])
    write_all_day_settings(env)
    ready = gnome.root / "ready"
    started = time.monotonic()
    app = gnome.processes.start("companion", [PYTHON, "-m", "companion"], {**env, "COMPANION_READY_FILE": str(ready)},
                                cwd=REPO)
    running = Companion(app, env, ready)
    wait_until(lambda: "settled" in running.marks(), "the tray app to settle", watch={"companion": app},
               logs=gnome.processes.logs)
    # The welcome is the one window of Companion's that comes unasked (the first start); close it.
    wait_until(lambda: gnome.close_windows("Welcome to Companion"), "the welcome", watch={"companion": app},
               logs=gnome.processes.logs)
    wait_until(lambda: not [w for w in gnome.windows() if w["pid"] == app.pid], "the welcome to close")
    print(f"Companion settled and welcomed in {time.monotonic() - started:.1f} s")
    yield running
    assert app.poll() is None, gnome.processes.log("companion")


def registered_items(gnome) -> list[str]:
    out = gnome.gdbus("--dest", "org.kde.StatusNotifierWatcher", "--object-path", "/StatusNotifierWatcher",
                      "--method", "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierWatcher",
                      "RegisteredStatusNotifierItems")
    return re.findall(r"'([^']*)'", out)


def companions_item(gnome, companion) -> tuple[str, str]:
    """(bus name, object path) of the item Companion registered: the one whose
    connection belongs to Companion's process."""
    def find():
        for item in registered_items(gnome):
            # The extension lists an item as "<bus name>@<object path>" (or the name alone).
            name, _, path = item.partition("@") if "@" in item else item.partition("/")
            if gnome.owner_pid(name) == companion.process.pid:
                return name, path if path.startswith("/") else "/" + path
        return None
    return wait_until(find, "Companion's item among the RegisteredStatusNotifierItems",
                      watch={"companion": companion.process}, logs=gnome.processes.logs)


def shell_owns(gnome, name: str) -> str:
    pid = gnome.owner_pid(name)
    assert pid, f"nobody owns {name} on the session bus"
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_the_icon_is_registered_with_gnomes_appindicator_extension(gnome, companion):
    assert gnome.owner_pid("org.kde.StatusNotifierWatcher") == gnome.owner_pid("org.gnome.Shell")  # the extension
    info = gnome.gdbus("--dest", "org.gnome.Shell", "--object-path", "/org/gnome/Shell", "--method",
                       "org.gnome.Shell.Extensions.GetExtensionInfo", gnome.extension)
    assert "'state': <1.0>" in info, info  # 1: ENABLED
    name, path = companions_item(gnome, companion)
    assert path == ITEM_PATH
    # What the extension draws in the top bar is a real icon of Companion's: the item answers for itself.
    title = gnome.gdbus("--dest", name, "--object-path", path, "--method", "org.freedesktop.DBus.Properties.Get",
                        "org.kde.StatusNotifierItem", "Title")
    assert "Companion" in title, title


class NotifyMonitor:
    """dbus-monitor on the shell's session bus, reading the Notify calls."""

    def __init__(self, gnome, log: Path) -> None:
        self.log = log
        self.process = gnome.processes.start("dbus-monitor", [
            "dbus-monitor", "--session",
            "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"], gnome.env)
        # Once a monitor, it prints the bus's NameAcquired and NameLost to itself.
        wait_until(lambda: log.exists() and "NameLost" in log.read_text(errors="replace"), "dbus-monitor to listen",
                   watch={"dbus-monitor": self.process})

    def calls(self) -> list[dict]:
        """Each Notify call seen: sender, app name, summary, body, actions."""
        calls, current, array = [], None, None
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("method call"):
                sender = re.search(r"sender=(\S+)", line)
                current = {"sender": sender.group(1) if sender else "", "args": []}
                calls.append(current)
                array = None
            elif not line.startswith(" "):  # a signal or another message: not a call
                current = None
            elif current is None:
                continue
            elif line.startswith("   array ["):
                array = []
                current["args"].append(array)
            elif line.startswith("   ]"):
                array = None
            elif array is not None:
                text = re.match(r"\s+string \"(.*)\"$", line)
                if text:
                    array.append(text.group(1))
            elif line.startswith("   ") and not line.startswith("    "):
                kind, _, value = line.strip().partition(" ")
                current["args"].append(value[1:-1] if kind == "string" else value)
        return [{"sender": c["sender"], "app": c["args"][0], "summary": c["args"][3], "body": c["args"][4],
                 "actions": c["args"][5]} for c in calls if len(c["args"]) >= 6]


def companion_calls(gnome, monitor: NotifyMonitor, pid: int, summary: str) -> list[dict]:
    """The Notify calls of that summary that came from process `pid` (Qt's
    tray icon and its notifications may use connections of their own)."""
    return [c for c in monitor.calls() if c["summary"] == summary and gnome.owner_pid(c["sender"]) == pid]


def test_rough_calls_bring_gnome_notifications_and_the_keyboard_stays_in_the_crm(gnome, companion, tmp_path):
    assert "/usr/share/gnome-shell/" in shell_owns(gnome, "org.freedesktop.Notifications")  # GNOME's own service
    monitor = NotifyMonitor(gnome, gnome.root / "dbus-monitor.log")

    typed = tmp_path / "typed.txt"
    crm = gnome.processes.start("crm", [PYTHON, str(CRM), str(typed)], {**companion.env})
    wait_until(lambda: (gnome.focused() or {}).get("title") == "CRM", "the CRM window to have the keyboard",
               watch={"crm": crm}, logs=gnome.processes.logs)
    gnome.type_text("typing")
    wait_until(lambda: typed.exists() and typed.read_text() == "typing", "the virtual keyboard's keys in the CRM",
               logs=lambda: f"typed: {typed.read_text() if typed.exists() else ''!r}")
    before = [w for w in gnome.windows() if w["pid"] == companion.process.pid]
    assert before == []

    def log_rough():
        done = subprocess.run([sys.executable, "-m", "companion", "log", "rough"], cwd=REPO, env=companion.env,
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr

    for _ in range(3):  # three rough calls from a softphone script: a notification each time, then a nudge
        log_rough()
    [rough, *_] = wait_until(lambda: companion_calls(gnome, monitor, companion.process.pid, "Rough call logged"),
                             "Companion's Notify \"Rough call logged\"", logs=gnome.processes.logs)
    assert rough["actions"] == ["tags", "Add tags…", "undo", "Undo", "default", "Add tags…"]
    nudge = wait_until(lambda: companion_calls(gnome, monitor, companion.process.pid, "A moment for you"),
                       "the nudge's Notify", timeout=30, logs=gnome.processes.logs)[0]
    assert "breathe" in nudge["actions"], nudge
    # GNOME Shell took them: its message tray holds them, with the buttons.
    shown = wait_until(lambda: {b["title"]: b for b in gnome.banners() if b["title"] in
                                ("Rough call logged", "A moment for you")} if len(gnome.banners()) >= 2 else None,
                       "both notifications in GNOME's message tray", logs=gnome.processes.logs)
    assert shown["Rough call logged"]["actions"] == ["Add tags…", "Undo"], shown
    gnome.screenshot(ARTIFACTS / "gnome-notifications.png")

    # Nothing of Companion's took the keyboard or appeared as a window.
    assert gnome.focused()["title"] == "CRM"
    assert [w["title"] for w in gnome.windows() if w["pid"] == companion.process.pid] == []
    gnome.type_text(", and on")
    wait_until(lambda: typed.read_text() == "typing, and on", "the keys to reach the CRM past the notifications",
               logs=lambda: f"typed: {typed.read_text()!r}")
    assert companion.process.poll() is None, gnome.processes.log("companion")


def test_gnome_takes_the_notifications_for_companions_and_shows_its_icon(gnome, companion):
    ours = [b for b in gnome.banners() if b["source"] == "Companion"]
    if not ours:  # this test alone
        assert subprocess.run([sys.executable, "-m", "companion", "log", "rough"], cwd=REPO, env=companion.env,
                              capture_output=True, timeout=30).returncode == 0
        ours = wait_until(lambda: [b for b in gnome.banners() if b["source"] == "Companion"], "the notification")
    for banner in ours:
        assert (banner["app"], banner["icon"]) == (f"{APP_ID}.desktop", APP_ID), banner


def test_add_tags_pressed_in_gnome_opens_the_tag_popup_for_that_call(gnome, companion):
    pid = companion.process.pid
    if not [b for b in gnome.banners() if b["title"] == "Rough call logged"]:  # this test alone
        assert subprocess.run([sys.executable, "-m", "companion", "log", "rough"], cwd=REPO, env=companion.env,
                              capture_output=True, timeout=30).returncode == 0
        wait_until(lambda: [b for b in gnome.banners() if b["title"] == "Rough call logged"], "the notification")
    assert [w for w in gnome.windows() if w["pid"] == pid] == []
    assert gnome.press_button("Rough call logged", "Add tags…") == 1
    popup = wait_until(lambda: [w for w in gnome.windows() if w["pid"] == pid], "the tag popup, asked for",
                       watch={"companion": companion.process}, logs=gnome.processes.logs)
    assert len(popup) == 1, popup
    time.sleep(0.3)
    gnome.screenshot(ARTIFACTS / "gnome-tag-popup.png")
    assert not [b for b in gnome.banners() if b["title"] == "Rough call logged"]  # answered, it went
    print("the tag popup as GNOME shows it:", popup[0], "; the focus:", gnome.focused())
    gnome.close_windows(pid=pid)
    wait_until(lambda: not [w for w in gnome.windows() if w["pid"] == pid], "the tag popup to close")


def test_activating_the_icon_opens_breathe_with_the_microphone_muted(gnome, companion, pulse):
    name, path = companions_item(gnome, companion)
    painted = companion.marks().count("breathe-painted")
    assert pulse.mute_of() == "Mute: no"  # the agent's microphone, live before the break
    # What a double click on the icon does under the AppIndicator extension (a single click opens the menu).
    gnome.gdbus("--dest", name, "--object-path", path, "--method", "org.kde.StatusNotifierItem.Activate", "0", "0")
    wait_until(lambda: companion.marks().count("breathe-painted") > painted, "Breathe's first paint",
               watch={"companion": companion.process}, logs=gnome.processes.logs)
    windows = wait_until(lambda: [w for w in gnome.windows() if w["pid"] == companion.process.pid],
                         "Breathe among the shell's windows")
    assert [w["title"] for w in windows] == ["Breathe — Companion"]
    # The one action muted it: the sound server itself says so, while Breathe is on screen.
    wait_until(lambda: pulse.mute_of() == "Mute: yes", "the microphone to be muted while Breathe runs",
               timeout=10, watch={"companion": companion.process}, logs=gnome.processes.logs)
    time.sleep(0.5)  # a frame or two of the circle
    gnome.screenshot(ARTIFACTS / "gnome-breathe.png")
    assert [w["title"] for w in gnome.windows() if w["pid"] == companion.process.pid] == ["Breathe — Companion"]
    assert pulse.mute_of() == "Mute: yes"
    # Closed as the title bar's x closes it (mid-session: it ends there), the microphone comes back.
    gnome.close_windows("Breathe — Companion")
    wait_until(lambda: not [w for w in gnome.windows() if w["pid"] == companion.process.pid], "Breathe to close")
    wait_until(lambda: pulse.mute_of() == "Mute: no", "the microphone to be put back after Breathe",
               timeout=10, watch={"companion": companion.process}, logs=gnome.processes.logs)


def test_a_screenshot_of_the_desktop_shows_the_icon_in_the_top_bar(gnome, companion):
    from PySide6.QtGui import QImage

    companions_item(gnome, companion)
    path = gnome.screenshot(ARTIFACTS / "gnome-desktop.png")
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)
    # The right end of the top bar, where the extension puts the icons: Companion's teal circle is there.
    teal = [(x, y) for x in range(1000, 1280) for y in range(0, 32)
            if (c := image.pixelColor(x, y)).green() - c.red() > TEAL_MIN and c.blue() - c.red() > TEAL_MIN // 2]
    assert len(teal) > 20, f"no teal icon in the top bar's right end ({len(teal)} pixels); see {path}"
