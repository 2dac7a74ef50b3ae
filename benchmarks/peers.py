"""The peer rows of benchmarks/run.py: Workrave and Safe Eyes, two break
reminders a user might run instead of Companion, measured on the same X
screen and tray host (trayer) over the same idle window, as reference
figures with no goal.

Each peer runs with its own temporary HOME and XDG folders and a private
D-Bus session bus (a dbus-daemon of ours, on a config written here that
activates no services, so nothing starts on the peer's behalf outside the
measured process tree). Safe Eyes also connects to the system bus at start
(it listens for logind's PrepareForSleep); it gets a second private daemon
on the same config as its DBUS_SYSTEM_BUS_ADDRESS. GSettings (Workrave's
settings) use GLib's keyfile backend in the private XDG_CONFIG_HOME, since
dconf would need its D-Bus service.

Both are started once, unmeasured, as the app is: Workrave writes its
~/.workrave and GStreamer's registry on a first start, Safe Eyes copies its
configuration. Each measured start copies what that first start left.

The time to the tray icon is seen from outside: from just before the peer
is started until a new window is found embedded in trayer's panel (a
client window inside a new XEmbed socket), polling `xwininfo -tree` every
20 ms. The bare PySide6 tray is timed the same way in this phase, so the
ratio compares like with like. A peer whose icon never embeds (Safe Eyes
draws an AppIndicator, which falls back to an XEmbed icon only when
libayatana-appindicator is installed) gets "no icon on an XEmbed tray"."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

MB = 1024 * 1024
POLL = 0.02  # seconds between two looks at trayer's panel
ICON_TIMEOUT = 10.0  # seconds: no embedded window by then means no icon on this tray
NO_ICON_WAIT = 3.0  # seconds after start before the idle window, for a peer with no icon
FIRST_RUN_SECONDS = 1.5  # after its icon, so a first start has written what it writes


@dataclass(frozen=True)
class Peer:
    name: str  # as the table says it
    package: str  # the Debian package (and its version)
    argv: tuple[str, ...]

    def prepare(self, home: Path, env: dict[str, str]) -> None:
        """What a first start needs and cannot do for itself."""
        if self.package == "safeeyes":
            # Safe Eyes 2.1.5 makes ~/.config/safeeyes/style but copies its
            # configuration into $XDG_CONFIG_HOME/safeeyes: with the two apart
            # its first start fails on a missing folder.
            (Path(env["XDG_CONFIG_HOME"]) / "safeeyes" / "style").mkdir(parents=True, exist_ok=True)


PEERS = (
    Peer("Workrave", "workrave", ("workrave",)),
    Peer("Safe Eyes", "safeeyes", ("safeeyes",)),
)

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


def version(package: str) -> str:
    """The installed upstream version ("1.10.50" of Debian's "1.10.50-3"), or ""."""
    if not shutil.which("dpkg-query"):
        return ""
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True,
                          check=False)
    text = done.stdout.strip() if done.returncode == 0 else ""
    return text.split(":", 1)[-1].rsplit("-", 1)[0] if text else ""


# -- private buses -------------------------------------------------------------------
class Bus:
    """One dbus-daemon of ours; `address` is what a client connects to."""

    def __init__(self, config: Path, log: Path) -> None:
        with log.open("a") as err:
            self.process = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork",
                                             "--print-address=1"], stdout=subprocess.PIPE, stderr=err, text=True)
        self.address = self.process.stdout.readline().strip()
        if not self.address:
            self.close()
            raise RuntimeError(f"dbus-daemon did not start; see {log}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process.stdout.close()


def bus_config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "bus.conf"
    config.write_text(BUS_CONFIG.format(folder=folder))
    return config


# -- the tray host, from outside -------------------------------------------------------
LINE = re.compile(r"^(\s*)(0x[0-9a-f]+) ")


def panel_window(env: dict[str, str]) -> str:
    """trayer's panel: the window whose WM_CLASS is ("panel", "trayer")."""
    tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True,
                          check=True).stdout
    for line in tree.splitlines():
        if '("panel" "trayer")' in line:
            return line.split()[0]
    raise RuntimeError("trayer's panel window was not found")


def embedded(env: dict[str, str], panel: str) -> set[str]:
    """Windows two levels under the panel: a tray client inside the socket
    trayer made for it. (The socket alone appears a moment earlier, when the
    client asks to dock.)"""
    tree = subprocess.run(["xwininfo", "-tree", "-id", panel], env=env, capture_output=True, text=True,
                          check=False).stdout
    depths, found = [], set()
    for line in tree.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        indent = len(match.group(1))
        depths.append(indent)
        if indent - min(depths) == 3:  # xwininfo indents each level by 3
            found.add(match.group(2))
    return found


def wait_icon(env: dict[str, str], panel: str, before: set[str], process: subprocess.Popen,
              timeout: float) -> float | None:
    """Unix time of the first look that found a new embedded window; None
    after `timeout` s without one. Raises if the process ended meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        looked = time.time()
        if embedded(env, panel) - before:
            return looked
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before its tray icon")
        time.sleep(POLL)
    return None


# -- one peer process ---------------------------------------------------------------------
def peer_env(x_env: dict[str, str], home: Path, session: str, system: str) -> dict[str, str]:
    """The caller's environment less its desktop (session type, Wayland,
    buses, Python and Qt settings), on the benchmark's X screen."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COMPANION_", "DBUS_", "XDG_", "PYTHON", "QT_", "WAYLAND_", "DESKTOP_SESSION"))
           or k in ("XDG_DATA_DIRS", "XDG_CONFIG_DIRS")}
    env["HOME"] = str(home)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        folder = home / name.lower()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env[name] = str(folder)
    env.update(DISPLAY=x_env["DISPLAY"], GDK_BACKEND="x11", GSETTINGS_BACKEND="keyfile",
               DBUS_SESSION_BUS_ADDRESS=session, DBUS_SYSTEM_BUS_ADDRESS=system)
    return env


def tree_of(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process] + process.children(recursive=True)
    except psutil.NoSuchProcess:
        return [process]


def tree_cpu(process: psutil.Process) -> float:
    """CPU seconds of the peer, its reaped children and its live ones."""
    total = 0.0
    for member in tree_of(process):
        try:
            t = member.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def tree_rss(process: psutil.Process) -> tuple[float, list[str]]:
    """RSS of the peer and its live descendants, and the descendants' names."""
    total, helpers = 0, []
    for member in tree_of(process):
        try:
            total += member.memory_info().rss
            if member.pid != process.pid:
                helpers.append(member.name())
        except psutil.NoSuchProcess:
            continue
    return total / MB, helpers


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, and the peer's helpers with it if it left any behind."""
    try:
        helpers = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        helpers = []
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for helper in helpers:
        try:
            helper.terminate()
            helper.wait(timeout=5)
        except psutil.Error:
            pass


class Runner:
    """Starts processes on the benchmark's X screen with private buses and
    times their tray icon the same way for all."""

    def __init__(self, screen, base: Path) -> None:
        self.x_env = {**os.environ, **screen.env}
        self.base = base
        self.panel = panel_window(self.x_env)
        buses = Path(tempfile.mkdtemp(prefix="cp-bench-bus-"))  # a unix socket path stays under 108 bytes
        self.bus_folder = buses
        config = bus_config(buses)
        log = base / "dbus.log"
        self.session = Bus(config, log)
        self.system = Bus(config, log)

    def close(self) -> None:
        self.session.close()
        self.system.close()
        shutil.rmtree(self.bus_folder, ignore_errors=True)

    def start(self, argv: list[str], home: Path, env: dict[str, str] | None = None):
        env = env or peer_env(self.x_env, home, self.session.address, self.system.address)
        before = embedded(self.x_env, self.panel)
        log = home / "output.log"
        with log.open("a") as out:
            began = time.time()
            process = subprocess.Popen(argv, cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT)
        return process, began, before, log

    def measure(self, argv: list[str], home: Path, settle: float, idle: float, expect_icon: bool,
                env: dict[str, str] | None = None) -> dict:
        process, began, before, log = self.start(argv, home, env)
        try:
            shown = None
            if expect_icon:
                shown = wait_icon(self.x_env, self.panel, before, process, ICON_TIMEOUT)
            else:
                time.sleep(NO_ICON_WAIT)
            if process.poll() is not None:
                raise RuntimeError(f"exited with {process.returncode}")
            ps = psutil.Process(process.pid)
            rss_start, _ = tree_rss(ps)
            time.sleep(settle)
            before_cpu = tree_cpu(ps)
            time.sleep(idle)
            idle_cpu = tree_cpu(ps) - before_cpu
            rss_idle, helpers = tree_rss(ps)
            if process.poll() is not None:
                raise RuntimeError(f"exited with {process.returncode} during the idle window")
        except RuntimeError as error:
            raise RuntimeError(f"{error}; its output:\n{log.read_text(errors='replace')[-2000:]}") from None
        finally:
            stop(process)
        return {"icon_s": None if shown is None else shown - began, "rss_start_mb": rss_start,
                "rss_idle_mb": rss_idle, "idle_cpu_s_per_min": idle_cpu / idle * 60 if idle else None,
                "helpers": helpers}


def copy_home(used: Path, home: Path) -> None:
    """What a first start left, but not its runtime folder (sockets, locks)."""
    shutil.copytree(used, home, ignore=shutil.ignore_patterns("xdg_runtime_dir", "output.log"), symlinks=True)


def measure_peer(runner: Runner, peer: Peer, base: Path, rounds: int, settle: float, idle: float) -> dict:
    used = Path(tempfile.mkdtemp(prefix=f"{peer.package}-used-", dir=base))
    env = peer_env(runner.x_env, used, runner.session.address, runner.system.address)
    peer.prepare(used, env)
    process, began, before, log = runner.start(list(peer.argv), used, env)
    try:
        shown = wait_icon(runner.x_env, runner.panel, before, process, ICON_TIMEOUT)
        time.sleep(FIRST_RUN_SECONDS)
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} on its first start")
    except RuntimeError as error:
        raise RuntimeError(f"{error}; its output:\n{log.read_text(errors='replace')[-2000:]}") from None
    finally:
        stop(process)
    runs = []
    for _ in range(rounds):
        home = Path(tempfile.mkdtemp(prefix=f"{peer.package}-", dir=base))
        home.rmdir()
        copy_home(used, home)
        runs.append(runner.measure(list(peer.argv), home, settle, idle, expect_icon=shown is not None))
    return {"version": version(peer.package), "first_icon_s": None if shown is None else shown - began,
            "runs": runs}


def measure(screen, base: Path, rounds: int, settle: float, idle: float, baseline_argv: list[str],
            baseline_env) -> dict:
    """Every peer's runs, or why it has none; and the bare tray's time to an
    embedded icon, seen the same way (medians over `rounds` starts)."""
    result: dict = {"peers": {}, "baseline_icon_s": None, "baseline_icons": []}
    if screen.kind != "xvfb":
        for peer in PEERS:
            result["peers"][peer.name] = {"skipped": "needs Xvfb and trayer"}
        print("  peers skipped: they need the Xvfb screen with trayer", flush=True)
        return result
    missing = [tool for tool in ("dbus-daemon", "xwininfo") if not shutil.which(tool)]
    if missing:
        for peer in PEERS:
            result["peers"][peer.name] = {"skipped": f"needs {' and '.join(missing)}"}
        print(f"  peers skipped: no {' or '.join(missing)} here", flush=True)
        return result
    folder = base / "peers"
    folder.mkdir()
    try:
        runner = Runner(screen, folder)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        for peer in PEERS:
            result["peers"][peer.name] = {"skipped": "no private D-Bus", "error": str(error)}
        print(f"  peers skipped: {error}", flush=True)
        return result
    try:
        for peer in PEERS:
            if not shutil.which(peer.argv[0]):
                result["peers"][peer.name] = {"skipped": f"not installed (Debian package {peer.package})"}
                print(f"  peer {peer.name}: not installed (Debian package {peer.package}), skipped", flush=True)
                continue
            try:
                found = measure_peer(runner, peer, folder, rounds, settle, idle)
            except (RuntimeError, OSError, psutil.Error, subprocess.SubprocessError) as error:
                # A reference figure: a peer that breaks here is reported, never the run's failure.
                result["peers"][peer.name] = {"skipped": "failed to run", "error": str(error),
                                              "version": version(peer.package)}
                print(f"  peer {peer.name}: failed, skipped: {error}", flush=True)
                continue
            result["peers"][peer.name] = found
            for n, run in enumerate(found["runs"], 1):
                icon = "no icon" if run["icon_s"] is None else f"icon {run['icon_s']:.3f} s"
                helpers = f", helpers {', '.join(run['helpers'])}" if run["helpers"] else ""
                print(f"  peer {peer.name} {found['version']} round {n}/{rounds}: {icon}, RSS "
                      f"{run['rss_start_mb']:.1f} -> {run['rss_idle_mb']:.1f} MB, idle CPU "
                      f"{run['idle_cpu_s_per_min']:.3f} s/min{helpers}", flush=True)
        with_icon = any(run["icon_s"] is not None for found in result["peers"].values()
                        for run in found.get("runs", ()))
        for _ in range(rounds if with_icon else 0):
            home = Path(tempfile.mkdtemp(prefix="baseline-icon-", dir=folder))
            run = runner.measure(baseline_argv, home, 0.0, 0.0, expect_icon=True, env=baseline_env(home))
            if run["icon_s"] is not None:
                result["baseline_icons"].append(run["icon_s"])
        if result["baseline_icons"]:
            result["baseline_icon_s"] = statistics.median(result["baseline_icons"])
    finally:
        runner.close()
    return result
