"""A real GNOME Shell 43 desktop for end-to-end tests, started by the test
itself: `gnome-shell --headless --wayland --no-x11 --virtual-monitor` inside
`dbus-run-session`, with software rendering, a system bus of its own (a
private dbus-daemon), a private HOME, XDG folders and XDG_RUNTIME_DIR, and
the AppIndicator extension switched on in that HOME's dconf database before
the shell starts. Nothing here reaches a real user's desktop or buses.

GNOME 43 answers org.gnome.Shell.Eval, Introspect and Screenshot only in
"unsafe mode", and has no command-line flag for it. So the test's HOME also
holds a three-line extension of the test's own (UNSAFE_EXTENSION) that
switches unsafe mode on: the test's eyes (which window has the focus, which
windows exist, a screenshot) and its hand (keys typed through a virtual
keyboard) then come from the shell itself.

The regular suite skips this: .ci/gnome installs GNOME Shell (some 130
Debian packages) and runs it with COMPANION_TEST_GNOME=1, and there a
missing shell fails instead of skipping."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_helpers import REPO, Processes, wait_until

GNOME_ENV = "COMPANION_TEST_GNOME"
SKIP_REASON = "GNOME Shell is tested by .ci/gnome"
# Debian 12's package gnome-shell-extension-appindicator installs it under
# this id (upstream's own is appindicatorsupport@rgcjonas.gmail.com).
APPINDICATOR_IDS = ("ubuntu-appindicators@ubuntu.com", "appindicatorsupport@rgcjonas.gmail.com")
SYSTEM_EXTENSIONS = Path("/usr/share/gnome-shell/extensions")
UNSAFE_EXTENSION = "companion-test-unsafe-mode@companion.invalid"
SCREEN = (1280, 800)
# Program -> the Debian package that provides it (.ci/gnome installs them).
TOOLS = {"gnome-shell": "gnome-shell", "gjs": "gjs", "dbus-run-session": "dbus",
         "dbus-daemon": "dbus", "dbus-monitor": "dbus-bin", "gdbus": "libglib2.0-bin", "dconf": "dconf-cli"}

SYSTEM_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""

UNSAFE_JS = """// A test tool only (tests/gnome_desktop.py): lets the test ask the shell
// what it shows (Eval, Introspect, Screenshot), which GNOME 43 refuses otherwise.
let before = false;
function init() {}
function enable() { before = global.context.unsafe_mode; global.context.unsafe_mode = true; }
function disable() { global.context.unsafe_mode = before; }
"""


def appindicator_id() -> str | None:
    return next((uuid for uuid in APPINDICATOR_IDS if (SYSTEM_EXTENSIONS / uuid).is_dir()), None)


def require_gnome() -> str:
    """The AppIndicator extension's id, or a skip (regular suite) or a
    failure (.ci/gnome, COMPANION_TEST_GNOME=1) saying what is missing."""
    if os.environ.get(GNOME_ENV) != "1":
        pytest.skip(SKIP_REASON)
    missing = sorted({f"{tool} (apt package {pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)})
    uuid = appindicator_id()
    if uuid is None:
        missing.append("the AppIndicator extension (apt package gnome-shell-extension-appindicator)")
    if missing:
        pytest.fail(f"{GNOME_ENV}=1 but the GNOME end-to-end test needs " + ", ".join(missing)
                    + ". Run .ci/gnome, which installs them.", pytrace=False)
    return uuid


@dataclass
class Gnome:
    """A running headless GNOME Shell and the environment of its session."""
    env: dict[str, str]
    root: Path
    processes: Processes
    shell_pid: int
    started_s: float  # from starting dbus-run-session to the shell and the tray host on the bus
    extension: str
    ready_s: float = 0.0  # to the end of the startup animation and the overview closed

    def close_windows(self, title: str | None = None, pid: int | None = None) -> int:
        """Close (as the title bar's x would) every window of that title, or of
        that process; how many."""
        return self.eval(f"""(() => {{ const found = global.get_window_actors().map(a => a.meta_window)
            .filter(w => w.get_title() === {json.dumps(title)} || w.get_pid() === {json.dumps(pid)});
            found.forEach(w => w.delete(global.get_current_time())); return found.length; }})()""")

    def banners(self) -> list[dict]:
        """The notifications GNOME Shell holds (its message tray): source, the
        app it took them for (its .desktop id, or None), title, body, the icon
        shown (a GIcon's string), the buttons."""
        return self.eval("""[].concat(...Main.messageTray.getSources().map(s => s.notifications.map(n =>
            ({source: s.title, app: s.app ? s.app.get_id() : null, title: n.title, body: n.bannerBodyText || "",
              icon: n.gicon ? n.gicon.to_string() : null, actions: n.actions ? n.actions.map(a => a.label) : []}))))""")

    def gdbus(self, *argv: str, check: bool = True, timeout: float = 20) -> str:
        done = subprocess.run(["gdbus", "call", "--session", *argv], env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"gdbus call {' '.join(argv)} failed ({done.returncode}): {done.stderr}\n"
                                 f"{self.processes.logs()}")
        return done.stdout.strip()

    def owner_pid(self, name: str) -> int | None:
        out = self.gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus", "--method",
                         "org.freedesktop.DBus.GetConnectionUnixProcessID", name, check=False)
        return int(out.split()[1].rstrip(",)")) if out.startswith("(uint32") else None

    def eval(self, js: str):
        """Run JavaScript in the shell (unsafe mode) and return its value (the
        shell sends it as JSON)."""
        out = self.gdbus("--dest", "org.gnome.Shell", "--object-path", "/org/gnome/Shell", "--method",
                         "org.gnome.Shell.Eval", js)
        ok, _, text = out[1:-1].partition(", ")
        if ok != "true":
            raise AssertionError(f"the shell refused or failed Eval({js!r}): {out}")
        value = _gvariant_string(text)
        return json.loads(value) if value not in ("", "undefined") else None

    def windows(self) -> list[dict]:
        """Every window the shell shows, of any type (Meta.WindowType: 0 normal,
        4 utility...): title, type, app id, pid, focused."""
        return self.eval("""global.get_window_actors().map(a => a.meta_window).map(w => ({
            title: w.get_title(), type: w.get_window_type(), app: w.get_wm_class(), pid: w.get_pid(),
            focused: w.has_focus()}))""")

    def press_button(self, title: str, label: str) -> int:
        """Press the button `label` of each notification `title` in the shell's
        message tray as a click on it does (messageTray.js): its callback (GNOME
        sends ActionInvoked), then the notification goes unless resident."""
        return self.eval(f"""(() => {{ let pressed = 0;
            Main.messageTray.getSources().forEach(s => s.notifications.filter(n => n.title === {json.dumps(title)})
                .forEach(n => n.actions.filter(a => a.label === {json.dumps(label)}).forEach(a => {{
                    a.callback(); pressed++;
                    if (!n.resident) n.destroy();
                }})));
            return pressed; }})()""")

    def focused(self) -> dict | None:
        return self.eval("""global.display.focus_window ? {title: global.display.focus_window
            .get_title(), pid: global.display.focus_window.get_pid()} : null""")

    def type_text(self, text: str) -> None:
        """Type `text` (plain ASCII) through a virtual keyboard of the shell's own
        seat: keys as a person's, to whichever window has the focus."""
        self.eval(f"""(() => {{
            const {{Clutter, GLib}} = imports.gi;
            const keyboard = global.companionTestKeyboard;
            for (const ch of {json.dumps(text)}) {{
                const keyval = Clutter.unicode_to_keysym(ch.charCodeAt(0));
                keyboard.notify_keyval(GLib.get_monotonic_time(), keyval, Clutter.KeyState.PRESSED);
                keyboard.notify_keyval(GLib.get_monotonic_time(), keyval, Clutter.KeyState.RELEASED);
            }}
            return "";
        }})()""")

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        out = self.gdbus("--dest", "org.gnome.Shell.Screenshot", "--object-path", "/org/gnome/Shell/Screenshot",
                         "--method", "org.gnome.Shell.Screenshot.Screenshot", "false", "false", str(path))
        assert out.startswith("(true"), out
        return path


def _gvariant_string(text: str) -> str:
    """The str inside gdbus's printing of a GVariant string ('...' or "...")."""
    import ast

    return ast.literal_eval(text) if text[:1] in "'\"" else text


def _private_home(root: Path, appindicator: str) -> dict[str, str]:
    home = root / "home"
    dirs = {"HOME": home, "XDG_CONFIG_HOME": home / ".config", "XDG_DATA_HOME": home / ".local" / "share",
            "XDG_CACHE_HOME": home / ".cache", "XDG_STATE_HOME": home / ".local" / "state",
            "XDG_RUNTIME_DIR": root / "runtime"}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(dirs["XDG_RUNTIME_DIR"], 0o700)
    # The shell's settings, written to this HOME's dconf database before it starts.
    keyfiles = root / "dconf-keyfiles"
    keyfiles.mkdir()
    (keyfiles / "00-test").write_text(
        "[org/gnome/shell]\n"
        f"enabled-extensions=['{appindicator}', '{UNSAFE_EXTENSION}']\n"
        "disable-user-extensions=false\n"
        "welcome-dialog-last-shown-version='999'\n"
        "[org/gnome/desktop/interface]\n"
        "enable-animations=false\n", encoding="utf-8")
    (dirs["XDG_CONFIG_HOME"] / "dconf").mkdir()
    subprocess.run(["dconf", "compile", str(dirs["XDG_CONFIG_HOME"] / "dconf" / "user"), str(keyfiles)],
                   check=True, capture_output=True, timeout=20)
    unsafe = dirs["XDG_DATA_HOME"] / "gnome-shell" / "extensions" / UNSAFE_EXTENSION
    unsafe.mkdir(parents=True)
    (unsafe / "metadata.json").write_text(json.dumps({
        "uuid": UNSAFE_EXTENSION, "name": "Companion test: unsafe mode", "shell-version": ["43"],
        "description": "Lets Companion's end-to-end test use Eval, Introspect and Screenshot."}), encoding="utf-8")
    (unsafe / "extension.js").write_text(UNSAFE_JS, encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TZ": os.environ.get("TZ", "UTC"),
           **{key: str(value) for key, value in dirs.items()},
           "XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "GNOME", "XDG_SESSION_DESKTOP": "gnome",
           "LIBGL_ALWAYS_SOFTWARE": "1", "GSETTINGS_BACKEND": "dconf", "NO_AT_BRIDGE": "1"}
    return env


def _start_system_bus(root: Path, processes: Processes, env: dict[str, str]) -> str:
    socket = root / "system_bus_socket"
    config = root / "system-bus.conf"
    config.write_text(SYSTEM_BUS_CONFIG.format(socket=socket), encoding="utf-8")
    reader, writer = os.pipe()
    try:
        processes.start("system-bus", ["dbus-daemon", "--config-file", str(config), "--nofork",
                                       f"--print-address={writer}"], env, pass_fds=(writer,))
    finally:
        os.close(writer)
    with os.fdopen(reader) as pipe:
        address = pipe.readline().strip()
    if not address:
        pytest.fail(f"The private system bus did not start.\n{processes.logs()}", pytrace=False)
    return address


def start_gnome(root: Path) -> Gnome:
    extension = require_gnome()
    processes = Processes(root)
    env = _private_home(root, extension)
    # Companion's menu entry and icons in this HOME, as the README's install
    # line puts them, so that GNOME knows the app (its name in the top bar).
    done = subprocess.run([sys.executable, "-m", "companion", "desktop-entry", "install"], cwd=REPO,
                          env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    try:
        env["DBUS_SYSTEM_BUS_ADDRESS"] = _start_system_bus(root, processes, env)
        address_file = root / "session-bus-address"
        started = time.monotonic()
        # dbus-run-session gives the shell its session bus; the shell's first
        # act is to say where it is, for the test and for Companion.
        shell = processes.start("gnome-shell", [
            "dbus-run-session", "--", "sh", "-c", 'printf %s "$DBUS_SESSION_BUS_ADDRESS" > "$0"; exec "$@"',
            str(address_file), "gnome-shell", "--headless", "--wayland", "--no-x11", "--wayland-display",
            "wayland-0", "--virtual-monitor", f"{SCREEN[0]}x{SCREEN[1]}"], env, start_new_session=True)
        address = wait_until(lambda: address_file.exists() and address_file.read_text(), "the session bus",
                             watch={"gnome-shell": shell}, logs=processes.logs)
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        env["WAYLAND_DISPLAY"] = "wayland-0"
        gnome = Gnome(env, root, processes, shell.pid, 0.0, extension)

        def has_owner(name: str) -> bool:
            return "true" in gnome.gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                                         "--method", "org.freedesktop.DBus.NameHasOwner", name, check=False)
        wait_until(lambda: (Path(env["XDG_RUNTIME_DIR"]) / "wayland-0").is_socket()
                   and has_owner("org.gnome.Shell") and has_owner("org.kde.StatusNotifierWatcher"),
                   "GNOME Shell and its AppIndicator extension", timeout=90, watch={"gnome-shell": shell},
                   logs=processes.logs)
        gnome.started_s = time.monotonic() - started
        # Once started up (which shows the overview, whose search field has
        # the keyboard), a person's first act is to leave the overview. The
        # shell's own notices (unsafe mode; "logged in as a privileged user"
        # when the test runs as root) are cleared, leaving the banners to Companion.
        wait_until(lambda: _try(lambda: gnome.eval("Main.layoutManager._startingUp") is False),
                   "the shell to finish starting up (Eval in unsafe mode)", timeout=60,
                   watch={"gnome-shell": shell}, logs=processes.logs)
        wait_until(lambda: gnome.eval("Main.overview.hide(); Main.overview.visible || "
                                      "Main.overview.animationInProgress") is False,
                   "the overview to close", timeout=30, watch={"gnome-shell": shell}, logs=processes.logs)
        gnome.eval("Main.messageTray.getSources().forEach(source => source.destroy()); true")
        # Headless, the seat has no keyboard: the virtual one that type_text
        # uses is made now, so that every client started later is given one.
        gnome.eval("""global.companionTestKeyboard = imports.gi.Clutter.get_default_backend().get_default_seat()
            .create_virtual_device(imports.gi.Clutter.InputDeviceType.KEYBOARD_DEVICE); true""")
        gnome.ready_s = time.monotonic() - started
        return gnome
    except BaseException:
        stop_gnome(processes, env)
        raise


def _try(check):
    try:
        return check()
    except AssertionError:
        return False


def stop_gnome(processes: Processes, env: dict[str, str]) -> None:
    """Stop what the test started, then whatever the session's bus started
    on its behalf (dconf-service, the notification helper, at-spi), which
    live on after their parent: each is found by this session's own
    XDG_RUNTIME_DIR in its environment, so nothing of anyone else's is touched."""
    processes.stop_all()
    marker = f"XDG_RUNTIME_DIR={env.get('XDG_RUNTIME_DIR')}".encode()
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                left.append(int(entry.name))
        except OSError:
            continue
    for pid in left:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


@dataclass
class Companion:
    process: subprocess.Popen
    env: dict[str, str]
    ready: Path

    def marks(self) -> list[str]:
        return [line.split()[1] for line in self.ready.read_text().splitlines()] if self.ready.exists() else []


def companion_env(gnome: Gnome, pulse_server: str | None = None) -> dict[str, str]:
    """Companion's environment in the session: `pulse_server` is a private
    PulseAudio's address (tests/pulse.py); without one, no sound server - the
    mute finds none and says so, harmlessly, and no real microphone is touched."""
    env = dict(gnome.env)
    env["PYTHONPATH"] = str(REPO)
    env["QT_QPA_PLATFORM"] = "wayland"
    env["PULSE_SERVER"] = pulse_server or f"unix:{gnome.root / 'no-pulse'}"
    return env


