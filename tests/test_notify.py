"""Native notifications over a real private session D-Bus, to a small
notification service running in its own process (written below with QtDBus)
that records every Notify call and presses buttons when told to."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from companion.platform.notify import NUDGE_ACTIONS, Notifier

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# No <servicedir>: nothing on this bus can be started on demand, so "no
# server" really means none, whatever the machine has installed.

SERVER = r'''
import json, os, sys
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QSocketNotifier, Signal, Slot
from PySide6.QtDBus import QDBusConnection

capabilities = sys.argv[2].split(",") if sys.argv[2] else []

def say(**what):
    print(json.dumps(what), flush=True)

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Service(QObject):
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self):
        super().__init__()
        self.last = 0

    @Slot(result="QStringList")
    def GetCapabilities(self):
        return capabilities

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        self.last += 1
        say(call="Notify", id=self.last, app=app, replaces=replaces, icon=icon, summary=summary, body=body,
            actions=list(actions), hints={k: v for k, v in hints.items()}, timeout=timeout)
        return self.last

    @Slot("uint")
    def CloseNotification(self, note_id):
        say(call="CloseNotification", id=note_id)
        self.NotificationClosed.emit(note_id, 3)

    @Slot(result="QString")
    def GetServerInformation(self):
        return "test-notifications"

app = QCoreApplication(sys.argv)
bus = QDBusConnection.connectToBus(sys.argv[1], "server")
service = Service()
options = QDBusConnection.RegisterOption
bus.registerObject("/org/freedesktop/Notifications", service, options.ExportAllSlots | options.ExportAllSignals)
if not bus.registerService("org.freedesktop.Notifications"):
    sys.exit("name taken")

def command():
    # os.read, not readline: buffered stdin would swallow a second line unseen.
    for line in os.read(0, 65536).decode().splitlines() or ["quit"]:
        words = line.split()
        if words[0] == "quit":
            app.quit()
        elif words[0] == "action":
            service.ActionInvoked.emit(int(words[1]), words[2])
        elif words[0] == "close":
            service.NotificationClosed.emit(int(words[1]), int(words[2]))

reader = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
reader.activated.connect(command)
say(call="ready")
app.exec()
'''


@dataclass
class Bus:
    address: str
    connection: QDBusConnection
    folder: Path


_BUS_NUMBERS = itertools.count()


@contextlib.contextmanager
def private_bus(folder: Path, name: str):
    """A dbus-daemon of our own in `folder`, and a QtDBus connection to it
    called `name`."""
    folder.mkdir()
    config = folder / "session.conf"
    config.write_text(BUS_CONFIG.format(folder=folder))
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        address = daemon.stdout.readline().strip()
        connection = QDBusConnection.connectToBus(address, name)
        assert connection.isConnected(), connection.lastError().message()
        yield Bus(address, connection, folder)
    finally:
        QDBusConnection.disconnectFromBus(name)
        daemon.terminate()
        daemon.wait(timeout=5)
        daemon.stdout.close()


@pytest.fixture
def session_bus(tmp_path, qapp):
    if shutil.which("dbus-daemon") is None:
        pytest.fail("These tests need dbus-daemon: apt package dbus (.ci/run installs it).", pytrace=False)
    # A name never used before in this process: QtDBus keeps per-name state.
    with private_bus(tmp_path / "bus", f"companion-test-{os.getpid()}-{next(_BUS_NUMBERS)}") as bus:
        yield bus


class Service:
    """The test notification service, a separate process on the bus."""

    def __init__(self, bus: Bus, capabilities: str = "actions,body") -> None:
        script = bus.folder / "service.py"
        script.write_text(SERVER)
        self.process = subprocess.Popen(
            [sys.executable, str(script), bus.address, capabilities],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        self.said: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next()["call"] == "ready"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.said.put(json.loads(line))

    def next(self) -> dict:
        return self.said.get(timeout=10)

    def tell(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        self.process.stdin.close()


@pytest.fixture
def service(session_bus):
    running = Service(session_bus)
    yield running
    running.stop()


def test_notify_reaches_the_service_with_three_buttons(session_bus, service):
    notifier = Notifier(bus=session_bus.connection)
    assert notifier.available()
    assert notifier.notify("Time for a pause?", "Three rough calls in a row. A minute of breathing may help.")
    call = service.next()
    assert call["call"] == "Notify"
    assert (call["app"], call["replaces"], call["icon"]) == ("Companion", 0, "io.github.companion.Companion")
    assert call["summary"] == "Time for a pause?"
    assert call["body"].startswith("Three rough calls")
    assert call["actions"] == ["breathe", "Breathe now", "snooze", "Snooze", "not_now", "Not now"]
    assert call["hints"] == {"desktop-entry": "io.github.companion.Companion", "suppress-sound": True}
    assert call["timeout"] == -1
    assert [key for key, _label in NUDGE_ACTIONS] == ["breathe", "snooze", "not_now"]


def test_a_pressed_button_reaches_our_signal_and_others_do_not(qtbot, session_bus, service):
    notifier = Notifier(bus=session_bus.connection)
    pressed = []
    notifier.action_invoked.connect(pressed.append)
    assert notifier.notify("Time for a pause?", "A minute of breathing may help.")
    ours = service.next()["id"]
    service.tell(f"action {ours + 40} breathe")  # somebody else's notification
    with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as blocker:
        service.tell(f"action {ours} snooze")
    assert blocker.args == ["snooze"]
    assert pressed == ["snooze"]


def test_closing_is_reported_with_its_reason(qtbot, session_bus, service):
    notifier = Notifier(bus=session_bus.connection)
    assert notifier.notify("Break?", "You have worked 90 minutes without a break.")
    first = service.next()["id"]
    with qtbot.waitSignal(notifier.closed, timeout=5000) as blocker:
        service.tell(f"close {first} 2")
    assert blocker.args == ["dismissed"]

    assert notifier.notify("Break?", "Still here when you are ready.")
    second = service.next()["id"]
    with qtbot.waitSignal(notifier.closed, timeout=5000) as blocker:
        notifier.close_all()
    assert service.next() == {"call": "CloseNotification", "id": second}
    assert blocker.args == ["closed"]


def test_no_service_on_the_bus_means_fall_back(session_bus):
    notifier = Notifier(bus=session_bus.connection)
    assert notifier.available() is False
    assert notifier.notify("Break?", "Text") == 0


def test_a_service_without_buttons_means_fall_back(session_bus):
    plain = Service(session_bus, capabilities="body")
    try:
        notifier = Notifier(bus=session_bus.connection)
        assert notifier.available()
        assert notifier.capabilities() == ["body"]
        assert notifier.notify("Break?", "Text") == 0
        assert notifier.notify("Welcome", "Companion is in your tray.", actions=()) > 0
        assert plain.next()["actions"] == []
    finally:
        plain.stop()


def test_no_session_bus_at_all_means_fall_back(qapp):
    disconnected = QDBusConnection.connectToBus("unix:path=/nonexistent/companion-bus", "companion-no-bus")
    try:
        assert Notifier(bus=disconnected).notify("Break?", "Text") == 0
    finally:
        QDBusConnection.disconnectFromBus("companion-no-bus")


# -- a real notification server: Debian's notification-daemon on a virtual screen ------------
DAEMON = Path("/usr/lib/notification-daemon/notification-daemon")


def button_centres(picture: Path, window: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    """Where the buttons are: dark text in the lowest text line of the
    notification, split where the gap is wider than a space."""
    left, top, width, height = window
    grey = subprocess.run(
        ["convert", str(picture), "-crop", f"{width}x{height}+{left}+{top}", "+repage", "-colorspace", "gray",
         "-depth", "8", "gray:-"], capture_output=True, check=True,
    ).stdout
    dark = [[grey[y * width + x] < 110 for x in range(width)] for y in range(height)]
    # Text rows have some dark pixels; the frame's edge is dark all along.
    # Text rows have some dark pixels; the frame's edge and rounded corners
    # are kept out by the margins.
    rows = [y for y in range(height // 2, height - 12) if 0 < sum(dark[y][16:-16]) < width // 2]
    if not rows:  # no text in the lower half (yet)
        return []
    line = [y for y in rows if y > rows[-1] - 14]  # the last text line: the buttons
    columns = [x for x in range(16, width - 16) if any(dark[y][x] for y in line)]
    words, start, last = [], columns[0], columns[0]
    for x in columns[1:]:
        if x - last > 14:
            words.append((start, last))
            start = x
        last = x
    words.append((start, last))
    middle = (line[0] + line[-1]) // 2
    return [(left + (a + b) // 2, top + middle) for a, b in words]


def test_real_notification_daemon_shows_the_buttons_and_a_click_comes_back(qtbot, session_bus, tmp_path):
    from e2e_helpers import ARTIFACTS, Processes, require_tools, screenshot, start_xvfb, visible_windows, wait_until

    require_tools()
    assert DAEMON.exists(), "install the Debian package notification-daemon (.ci/run does)"
    processes = Processes(tmp_path)
    try:
        env = {**os.environ, "DISPLAY": start_xvfb(processes), "DBUS_SESSION_BUS_ADDRESS": session_bus.address,
               "NO_AT_BRIDGE": "1"}
        daemon = processes.start("notification-daemon", [str(DAEMON)], env)
        notifier = Notifier(bus=session_bus.connection)
        wait_until(notifier.available, "notification-daemon on the bus", watch={"daemon": daemon},
                   logs=processes.logs)
        assert "actions" in notifier.capabilities()
        # GDBus checks every argument's type: a wrong one is refused, not shown.
        assert notifier.notify("Time for a pause?", "Three rough calls in a row. A minute of breathing may help.")
        [window] = wait_until(lambda: visible_windows(env, "--name", "^Notification$"), "the notification")
        from e2e_helpers import geometry

        def three_buttons():
            # The daemon maps its window first and lays the buttons out after
            # (seen on a loaded machine): look again until they are drawn.
            shot = screenshot(env, ARTIFACTS / "notification-daemon.png")
            found = button_centres(shot, geometry(env, window))
            return found if len(found) == 3 else None

        buttons = wait_until(three_buttons, "Breathe now, Snooze and Not now drawn in the notification", timeout=20)
        x, y = buttons[0]
        with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as blocker:
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=env, check=True)
        assert blocker.args == ["breathe"]
        assert daemon.poll() is None
    finally:
        processes.stop_all()


def test_a_new_connection_under_a_name_used_before_still_reaches_notification_daemon(qapp, tmp_path):
    """The session bus can restart under a running app; QtDBus then makes a
    new connection with the old name. GDBus services (notification-daemon,
    GNOME Shell) refuse a Notify whose hints are not typed exactly, so the
    new connection must be taught the types again."""
    from e2e_helpers import Processes, require_tools, start_xvfb, wait_until

    require_tools()
    assert DAEMON.exists(), "install the Debian package notification-daemon (.ci/run does)"
    processes = Processes(tmp_path)
    try:
        display = start_xvfb(processes)
        name = f"companion-test-reused-{os.getpid()}"
        for round_ in ("first", "second"):
            with private_bus(tmp_path / f"bus-{round_}", name) as bus:
                env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": bus.address, "NO_AT_BRIDGE": "1"}
                daemon = processes.start(f"notification-daemon-{round_}", [str(DAEMON)], env)
                notifier = Notifier(bus=bus.connection)
                wait_until(notifier.available, "notification-daemon on the bus", watch={"daemon": daemon},
                           logs=processes.logs)
                assert notifier.notify("Time for a pause?", "A minute of breathing may help."), round_
                daemon.terminate()
                daemon.wait(timeout=5)
    finally:
        processes.stop_all()
