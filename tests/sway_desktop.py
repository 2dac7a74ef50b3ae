"""A real Wayland desktop for end-to-end tests: headless sway as the
compositor, waybar as the StatusNotifierItem host (its tray module) and mako
as the notification server, all on one private session bus
(dbus-run-session). sway refuses to run as root, so the whole session - and
Companion with it - runs as a real second local user (tests/faults.py's
`users`). swaymsg is the eye on the windows and the focus, busctl on the bus,
makoctl on the notifications and grim takes the screenshots. A test that
needs a sound server starts the user's own PulseAudio in the session
(start_pulse): run by that user, its socket in their XDG_RUNTIME_DIR, as a
login would have it, rather than root's server with its socket opened up.

Import `sway_desktop` and `users` into a test module."""

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_helpers import ARTIFACTS, REPO, Processes, wait_until
from faults import OtherUser, users  # noqa: F401 - a fixture for the modules that import this one
from pulse import PulseServer, daemon_argv, ready, require_pulse

# Program -> the Debian package that provides it (packaging/system-deps.sh --test installs them).
TOOLS = {"sway": "sway", "swaymsg": "sway", "waybar": "waybar", "mako": "mako-notifier",
         "makoctl": "mako-notifier", "busctl": "systemd", "grim": "grim", "foot": "foot",
         "dbus-run-session": "dbus"}
APP_ID = "io.github.companion.Companion"  # Companion's windows' Wayland app id
WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"

SWAY_CONFIG = """\
xwayland disable
output HEADLESS-1 resolution 1280x800 bg #2e4a62 solid_color
default_border normal 2
exec {ready}
"""
# The session's own addresses, for the clients the test starts from outside it.
SESSION_READY = """\
#!/bin/sh
printf '%s\\n' "WAYLAND_DISPLAY=$WAYLAND_DISPLAY" "SWAYSOCK=$SWAYSOCK" \\
    "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" > "$HOME/session.env.new"
mv "$HOME/session.env.new" "$HOME/session.env"
"""
WAYBAR_CONFIG = {"layer": "top", "position": "top", "height": 30, "modules-left": ["custom/label"],
                 "modules-right": ["tray"], "custom/label": {"format": "Companion sway e2e"},
                 "tray": {"icon-size": 22, "spacing": 6}}
WAYBAR_STYLE = ("* { font-family: sans-serif; font-size: 13px; }\n"
                "window#waybar { background: #202020; color: #eeeeee; }\n"
                "#custom-label { padding: 0 8px; }\n")


def require_sway_tools() -> None:
    missing = sorted({f"{tool} (apt package {pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)})
    if missing:
        # A skip would hide the one test that drives the real app on Wayland; fail instead.
        pytest.fail("The sway end-to-end test needs " + ", ".join(missing) + ". Run "
                    "`sh packaging/system-deps.sh --test` (or .ci/run), which installs them.", pytrace=False)


def _user_processes(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            uids = next((line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")), [])
            if str(uid) in uids:
                pids.append(int(entry.name))
    return pids


class PythonForUser:
    """This test run's interpreter and packages (PySide6 and the rest), as
    the test user can run them. A venv's base interpreter under /root (pyenv)
    is out of another user's reach: it is then bind-mounted, read-only, on a
    folder of its own, and unmounted afterwards. Nothing is copied."""

    def __init__(self, user: OtherUser) -> None:
        self.user = user
        self.mounts: list[Path] = []
        base = Path(sys.base_prefix)
        self.prefix = base if self._reaches(base) else self._mount(base)
        self.python = str(self.prefix / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}")
        packages = []
        for folder in map(Path, site.getsitepackages()):
            if folder.is_dir():
                packages.append(str(folder if self._reaches(folder) else self._mount(folder)))
        source = REPO if self._reaches(REPO) else self._mount(REPO)  # a checkout under /root, say
        self.pythonpath = os.pathsep.join([str(source), *packages])
        done = self._run([self.python, "-c", "import PySide6.QtWidgets, platformdirs, companion"],
                         {"PYTHONPATH": self.pythonpath, "PYTHONDONTWRITEBYTECODE": "1"})
        if done.returncode != 0:
            self.close()
            pytest.fail(f"The test user cannot run {self.python} with PySide6 and Companion: {done.stderr}",
                        pytrace=False)

    def _reaches(self, folder: Path) -> bool:
        done = self._run(["/bin/sh", "-c", 'test -r "$1" && test -x "$1" && ls "$1" >/dev/null', "-", str(folder)])
        return done.returncode == 0

    def _run(self, argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(argv, env={"PATH": "/usr/bin:/bin", "HOME": str(self.user.home), **(env or {})},
                              user=self.user.uid, group=self.user.gid, extra_groups=[], cwd=self.user.home,
                              capture_output=True, text=True, timeout=60)

    def _mount(self, folder: Path) -> Path:
        if shutil.which("mount") is None:
            pytest.fail(f"{folder} is out of the test user's reach and mount(8) is missing.", pytrace=False)
        # Outside the users' shared folder: its clean-up (rmtree) never walks into the mount.
        point = Path(tempfile.mkdtemp(prefix="cp-sway-python-"))
        os.chmod(point, 0o755)
        for argv in (["mount", "--bind", str(folder), str(point)],
                     ["mount", "-o", "remount,bind,ro", str(point)]):
            done = subprocess.run(argv, capture_output=True, text=True)
            if done.returncode != 0:
                self.mounts.append(point)
                self.close()
                pytest.fail(f"Cannot show {folder} to the test user ({' '.join(argv)}: {done.stderr.strip()}).",
                            pytrace=False)
        self.mounts.append(point)
        return point

    def close(self) -> None:
        for point in reversed(self.mounts):
            if subprocess.run(["umount", str(point)], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", str(point)], capture_output=True)
            try:
                point.rmdir()  # never rmtree: a mount still there would be walked into
            except OSError:
                pass
        self.mounts = []


@dataclass
class SwayDesktop:
    user: OtherUser
    processes: Processes
    home: Path  # the test user's, where everything they touch lives
    env: dict[str, str]  # the session's environment, for any program run in it
    python: PythonForUser
    log_dir: Path
    app: subprocess.Popen | None = None
    shots: list[Path] = field(default_factory=list)
    pulse: PulseServer | None = None  # the user's sound server, once start_pulse started it

    # -- running things as the test user, in the session --------------------------------
    def _as_user(self) -> dict:
        return {"user": self.user.uid, "group": self.user.gid, "extra_groups": [], "cwd": str(self.home)}

    def run(self, *argv: str, env: dict[str, str] | None = None, timeout: float = 20,
            check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(argv, env=env or self.env, capture_output=True, text=True, timeout=timeout,
                              **self._as_user())
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
        return done

    def start(self, name: str, *argv: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        return self.processes.start(name, list(argv), env or self.env, **self._as_user())

    # -- what the person sees ---------------------------------------------------------------
    def windows(self) -> list[dict]:
        """Every toplevel window sway shows, with its title, app id and focus."""
        tree = json.loads(self.run("swaymsg", "-t", "get_tree", "--raw").stdout)
        found = []

        def walk(node):
            if node.get("type") in ("con", "floating_con") and node.get("pid"):
                found.append({key: node.get(key) for key in ("id", "name", "app_id", "pid", "focused", "shell",
                                                             "rect", "visible")})
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                walk(child)
        walk(tree)
        return found

    def focused(self) -> dict | None:
        return next((w for w in self.windows() if w["focused"]), None)

    def companion_windows(self) -> list[dict]:
        return [w for w in self.windows() if w["app_id"] == APP_ID]

    def window_titled(self, text: str) -> dict | None:
        return next((w for w in self.windows() if text in (w["name"] or "")), None)

    def notifications(self) -> list[dict]:
        """mako's notifications now on screen, as plain dicts (makoctl list)."""
        raw = json.loads(self.run("makoctl", "list").stdout)
        return [{key: value["data"] for key, value in note.items()} for note in raw["data"][0]]

    def bus_property(self, service: str, path: str, interface: str, name: str) -> object:
        done = self.run("busctl", "--user", "--json=short", "get-property", service, path, interface, name)
        return json.loads(done.stdout)["data"]

    def bus_daemon(self, method: str, signature: str, *args: str) -> list | None:
        """The bus daemon's answer to `method` (its data), or None for an error (e.g. no such name)."""
        done = self.run("busctl", "--user", "--json=short", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                        "org.freedesktop.DBus", method, signature, *args, check=False)
        return json.loads(done.stdout)["data"] if done.returncode == 0 else None

    def bus_owner(self, name: str) -> bool:
        return self.bus_daemon("NameHasOwner", "s", name) == [True]

    def screenshot(self, name: str) -> Path:
        """grim's picture of the whole screen, as test-artifacts/<name>."""
        mine = self.home / name
        self.run("grim", str(mine))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mine, ARTIFACTS / name)
        self.shots.append(ARTIFACTS / name)
        return ARTIFACTS / name

    # -- the sound server ---------------------------------------------------------------------
    def start_pulse(self) -> PulseServer:
        """A PulseAudio of the test user's own, started in the session as a
        desktop login starts one: the user's process, its socket in the user's
        XDG_RUNTIME_DIR (0700, so theirs alone), with tests/pulse.py's null
        sink and null "headset microphone" as the default source. Its clients
        - Companion, and the test's pactl - run as that user too. It stops with
        the session."""
        require_pulse()
        runtime, state = self.home / "run" / "pulse", self.home / "pulse-state"
        for folder in (runtime, state):
            folder.mkdir(mode=0o700)
            self.user.chown(folder)
        socket = runtime / "native"
        env = {**self.env, "PULSE_RUNTIME_PATH": str(runtime), "PULSE_STATE_PATH": str(state), "LC_ALL": "C"}
        process = self.start("pulseaudio", *daemon_argv(socket), env=env)
        server = PulseServer(socket, {**env, "PULSE_SERVER": f"unix:{socket}"}, process, run_as=self._as_user())
        wait_until(lambda: ready(server), "the user's PulseAudio to answer", timeout=15,
                   watch={"pulseaudio": process}, logs=self.processes.logs)
        self.pulse = server
        return server

    # -- Companion ------------------------------------------------------------------------------
    def companion_env(self) -> dict[str, str]:
        # With no sound server of this user's started: point at nothing, so no microphone is touched.
        pulse = self.pulse.env["PULSE_SERVER"] if self.pulse else f"unix:{self.home / 'no-pulse'}"
        return {**self.env, "PYTHONPATH": self.python.pythonpath, "PYTHONDONTWRITEBYTECODE": "1",
                "QT_QPA_PLATFORM": "wayland", "PULSE_SERVER": pulse}

    def write_settings(self, text: str) -> None:
        folder = self.home / "config" / "companion"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "settings.toml").write_text(text, encoding="utf-8")
        for path in (self.home / "config", folder, folder / "settings.toml"):
            self.user.chown(path)

    def start_companion(self, settings: str = "") -> subprocess.Popen:
        """The tray app (`python -m companion`) on the Wayland socket, once it
        has settled, with the first run's welcome closed. Nudges come only in
        work hours and this runs on the real clock: work hours all day, every day."""
        self.write_settings('work_start = "00:00"\nwork_end = "23:59"\n'
                            'work_days = "mon,tue,wed,thu,fri,sat,sun"\n' + settings)
        ready = self.home / "companion.ready"
        app = self.start("companion", self.python.python, "-m", "companion",
                         env={**self.companion_env(), "COMPANION_READY_FILE": str(ready)})
        self.app = app
        wait_until(lambda: ready.exists() and "settled" in ready.read_text(), "Companion to settle",
                   watch={"companion": app}, logs=self.processes.logs)
        # The welcome is the one window of Companion's that may take the keyboard (the first start); close it.
        welcome = wait_until(lambda: self.window_titled("Welcome to Companion"), "the welcome",
                             watch={"companion": app}, logs=self.processes.logs)
        assert welcome["shell"] == "xdg_shell", welcome  # Qt's own Wayland plugin, not XWayland
        self.run("swaymsg", f"[con_id={welcome['id']}] kill")
        wait_until(lambda: not self.companion_windows(), "the welcome to close", logs=self.processes.logs)
        return app

    def companion(self, *args: str) -> subprocess.CompletedProcess:
        """`companion ARGS` from a script, as the same user."""
        return self.run(self.python.python, "-m", "companion", *args, env=self.companion_env(), timeout=30,
                        check=False)

    def logs(self) -> str:
        return self.processes.logs()


def _write(path: Path, text: str, user: OtherUser, mode: int = 0o644) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    user.chown(path)
    return path


@pytest.fixture
def sway_desktop(tmp_path, users):  # noqa: F811 - the fixture imported above
    require_sway_tools()
    user = users()
    home = user.home
    for name in ("run", "data", "config", "state", "cache"):
        (home / name).mkdir(mode=0o700)
        user.chown(home / name)
    ready = _write(home / "session-ready.sh", SESSION_READY, user, 0o755)
    config = _write(home / "sway.conf", SWAY_CONFIG.format(ready=ready), user)
    waybar_config = _write(home / "waybar.json", json.dumps(WAYBAR_CONFIG), user)
    waybar_style = _write(home / "waybar.css", WAYBAR_STYLE, user)
    # Only what the session needs: nothing of root's environment (its XDG
    # folders, its bus, its display) leaks in.
    env = {"HOME": str(home), "USER": user.name, "LOGNAME": user.name, "PATH": "/usr/local/bin:/usr/bin:/bin",
           "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": str(home / "run"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home / "state"),
           "XDG_CACHE_HOME": str(home / "cache"),
           # The wlroots headless backend: no GPU, no input devices, software rendering.
           "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman",
           "NO_AT_BRIDGE": "1", "GTK_A11Y": "none"}  # no accessibility bus for waybar to start
    if "TZ" in os.environ:
        env["TZ"] = os.environ["TZ"]
    processes = Processes(tmp_path)
    python = None
    session = None
    try:
        python = PythonForUser(user)
        # Its own process group, so the whole session (dbus-daemon, sway, swaybg) stops together.
        session = processes.start("sway", ["dbus-run-session", "--", "sway", "--config", str(config)], env,
                                  user=user.uid, group=user.gid, extra_groups=[], cwd=str(home),
                                  start_new_session=True)
        addresses = home / "session.env"
        wait_until(addresses.exists, "sway to start its session", watch={"sway": session}, logs=processes.logs)
        env.update(line.split("=", 1) for line in addresses.read_text().splitlines() if "=" in line)
        desktop = SwayDesktop(user, processes, home, env, python, tmp_path)
        watch = {"sway": session}
        desktop.start("mako", "mako")
        desktop.start("waybar", "waybar", "--config", str(waybar_config), "--style", str(waybar_style))
        watch.update(processes.running)
        wait_until(lambda: desktop.bus_owner(NOTIFICATIONS), "mako to own org.freedesktop.Notifications",
                   watch=watch, logs=processes.logs)
        wait_until(lambda: desktop.bus_owner(WATCHER), "waybar to own org.kde.StatusNotifierWatcher",
                   watch=watch, logs=processes.logs)
        yield desktop
    finally:
        processes.stop_all(keep=session)
        if session is not None and session.poll() is None:
            try:
                os.killpg(session.pid, signal.SIGTERM)
                session.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        # Whatever the session's bus started for this user (made for this test) goes too,
        # before `users` deletes the user.
        deadline = time.monotonic() + 5
        while (left := _user_processes(user.uid)) and time.monotonic() < deadline:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)
        if session is not None and session.poll() is None:
            session.kill()
            session.wait()
        if python is not None:
            python.close()
