"""A small X desktop for end-to-end tests: Xvfb as the screen, trayer as the
tray host, xdotool as the person's hand and ImageMagick as their eyes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"

# Program -> the Debian package that provides it.
TOOLS = {"Xvfb": "xvfb", "trayer": "trayer", "xdotool": "xdotool", "import": "imagemagick",
         "identify": "imagemagick", "convert": "imagemagick"}


def require_tools() -> None:
    missing = sorted({f"{tool} (apt package {pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)})
    if missing:
        # A skip would hide the one test that drives the real app; fail instead.
        pytest.fail(
            "The end-to-end test needs " + ", ".join(missing) + ". Run .ci/run, which installs them, "
            "or install them with apt-get.",
            pytrace=False,
        )


def wait_until(check: Callable[[], object], what: str, timeout: float = 20.0,
               watch: dict[str, subprocess.Popen] | None = None, logs: Callable[[], str] = lambda: ""):
    """Poll `check` every 50 ms until it returns something truthy. Fails at
    once, with the logs, if a watched process dies meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        for name, process in (watch or {}).items():
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode} while waiting for {what}.\n{logs()}",
                            pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:g} s waiting for {what}.\n{logs()}", pytrace=False)
        time.sleep(0.05)


class Processes:
    """Every process a test starts, stopped in reverse order even on failure."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, **kwargs)
        log.close()  # the child holds its own copy
        self.running[name] = process
        return process

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(f"--- {name} log ---\n{self.log(name)[-4000:]}" for name in self.running)

    def stop_all(self, keep: subprocess.Popen | None = None) -> None:
        """Stop them newest first (all but `keep`, which the caller stops itself)."""
        for process in reversed(list(self.running.values())):
            if process is not keep:
                stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL after 5 s if that was not enough."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 800


def start_xvfb(processes: Processes) -> str:
    """Xvfb picks a free display itself (-displayfd) and writes its number
    once it accepts connections, so there is no race and no guessing."""
    reader, writer = os.pipe()
    try:
        processes.start("xvfb", ["Xvfb", "-displayfd", str(writer), "-screen", "0", f"{SCREEN_WIDTH}x{SCREEN_HEIGHT}x24",
                                 "-nolisten", "tcp", "-noreset"], dict(os.environ), pass_fds=(writer,))
    finally:
        os.close(writer)
    with os.fdopen(reader) as pipe:
        number = pipe.readline().strip()  # EOF (empty) if Xvfb died
    if not number.isdigit():
        pytest.fail(f"Xvfb did not start.\n{processes.logs()}", pytrace=False)
    return f":{number}"


def x(env: dict[str, str], *argv: str, check: bool = True) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=20)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def visible_windows(env: dict[str, str], *search: str) -> list[int]:
    # xdotool exits 1 when nothing matches: that is an answer, not an error.
    out = x(env, "xdotool", "search", "--onlyvisible", *search, check=False)
    return [int(line) for line in out.split()]


def window_names(env: dict[str, str], windows) -> list[str]:
    return [x(env, "xdotool", "getwindowname", str(window), check=False).strip() for window in windows]


def geometry(env: dict[str, str], window: int) -> tuple[int, int, int, int]:
    fields = dict(line.split("=", 1) for line in x(env, "xdotool", "getwindowgeometry", "--shell",
                                                    str(window)).split())
    return int(fields["X"]), int(fields["Y"]), int(fields["WIDTH"]), int(fields["HEIGHT"])


def screenshot(env: dict[str, str], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    x(env, "import", "-window", "root", str(path))
    return path


def distinct_colours(path: Path, crop: tuple[int, int, int, int] | None = None) -> int:
    argv = ["convert", str(path)]
    if crop:
        left, top, width, height = crop
        argv += ["-crop", f"{width}x{height}+{left}+{top}", "+repage"]
    argv += ["-format", "%k", "info:"]
    return int(x(dict(os.environ), *argv).strip())


def app_env(display: str, tmp: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)  # keeps the test's private XDG folders
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["DISPLAY"] = display
    env["QT_QPA_PLATFORM"] = "xcb"
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    # Without a session bus Qt talks to trayer through the XEmbed protocol,
    # exactly as on a plain X desktop, and never reaches a real user's bus.
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.update(extra)
    return env


ALL_DAY_WORK = 'work_start = "00:00"\nwork_end = "23:59"\nwork_days = "mon,tue,wed,thu,fri,sat,sun"\n'


def write_all_day_settings(env: dict[str, str]) -> None:
    """Nudges come only in work hours, and the desktop tests run on the real
    clock: work hours all day, every day, in the app's config folder."""
    config = Path(env["XDG_CONFIG_HOME"]) / "companion"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(ALL_DAY_WORK, encoding="utf-8")


def start_openbox(processes: Processes, tmp: Path, wait: bool = True) -> dict[str, str]:
    """Xvfb with openbox managing it (openbox gives new windows the focus
    unless they say otherwise); the environment for the apps on it.
    `wait=False`: return once openbox is started, not managing yet (trayer
    started then, as before, comes up every time; started after openbox
    manages the screen it once in eight stayed unmapped here)."""
    require_tools()
    if shutil.which("openbox") is None:
        pytest.fail("This test needs openbox: apt package openbox (.ci/run installs it).", pytrace=False)
    env = app_env(start_xvfb(processes), tmp)
    processes.start("openbox", ["openbox", "--sm-disable"], env)
    if not wait:
        return env
    # A window manager that has started says so on the root window (EWMH).
    wait_until(lambda: "window id" in x(env, "xprop", "-root", "_NET_SUPPORTING_WM_CHECK", check=False),
               "openbox to manage the screen", watch=processes.running, logs=processes.logs)
    return env


PYTHON = sys.executable
