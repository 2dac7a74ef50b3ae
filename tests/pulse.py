"""A real, private PulseAudio server for tests: a null sink (whose monitor is
a source) and a null source standing in for the headset microphone.

Everything it touches lives in a fresh temporary folder - runtime dir,
socket, state, HOME - and the test's PULSE_SERVER points at its socket, so a
developer's own sound server and microphone are never reached. The folder is
a short one under /tmp because a unix socket path must stay under 108 bytes.
It runs inside its own `dbus-run-session`, so not even a D-Bus module could
reach the session's bus; `-n` loads no configuration, so no sound card.

Import the fixture into a test module: `from pulse import pulse_server`; for
a test to run on PulseAudio and on PipeWire, `from pipewire import sound_server`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MIC = "companion_test_mic"
SINK = "companion_test_sink"


@dataclass
class PulseServer:
    socket: Path
    env: dict[str, str]
    process: subprocess.Popen  # the session leader: dbus-run-session
    kind: str = "pulseaudio"  # or "pipewire" (tests/pipewire.py)
    # subprocess.run's user, group... for pactl: a server run as another local
    # user (tests/sway_desktop.py) is asked as that user, as its own apps ask it.
    run_as: dict = field(default_factory=dict)

    def pactl(self, *args: str) -> str:
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=5, check=True, **self.run_as,
        )
        return done.stdout.strip()

    def mute_of(self, source: str = MIC) -> str:
        return self.pactl("get-source-mute", source)  # "Mute: yes" / "Mute: no"

    def set_mute(self, muted: bool, source: str = MIC) -> None:
        self.pactl("set-source-mute", source, "1" if muted else "0")


def private_env(base: dict[str, str], folder: Path) -> dict[str, str]:
    env = dict(base)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # pulse must not reach a real session bus
    env.update(
        HOME=str(folder / "home"),
        XDG_RUNTIME_DIR=str(folder / "run"),
        PULSE_RUNTIME_PATH=str(folder / "run" / "pulse"),
        PULSE_STATE_PATH=str(folder / "state"),
        LC_ALL="C",
    )
    return env


def require_pulse() -> None:
    missing = [tool for tool in ("pulseaudio", "pactl", "parecord", "dbus-run-session") if shutil.which(tool) is None]
    if missing:
        # A skip would hide the only tests that touch a real sound server.
        pytest.fail(f"These tests need {', '.join(missing)}: apt packages pulseaudio and pulseaudio-utils "
                    "(.ci/run installs them).", pytrace=False)


def daemon_argv(socket: Path) -> list[str]:
    """pulseaudio in the foreground, with no configuration (so no sound card),
    listening on `socket` only, with the null sink and the test microphone."""
    return [
        "pulseaudio", "--daemonize=no", "--system=no", "-n", "--exit-idle-time=-1",
        "--disallow-exit", "--use-pid-file=no", "--disable-shm=yes", "--log-target=stderr",
        f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
        f"--load=module-null-sink sink_name={SINK}",
        f"--load=module-null-source source_name={MIC}",
    ]


def start_pulse(folder: Path) -> PulseServer:
    for sub in ("home", "run", "state"):
        (folder / sub).mkdir(mode=0o700)
    socket = folder / "run" / "native"
    env = private_env(os.environ, folder)
    log = (folder / "pulse.log").open("w")
    process = subprocess.Popen(
        ["dbus-run-session", "--", *daemon_argv(socket)],
        env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
    )
    log.close()
    server = PulseServer(socket, {**env, "PULSE_SERVER": f"unix:{socket}"}, process)
    wait_until_up(server, folder / "pulse.log")
    return server


def wait_until_up(server: PulseServer, log: Path, timeout: float = 15) -> None:
    """Waits until the server answers with the test microphone as its default
    source. On any failure the server's session is ended before the error."""
    try:
        deadline = time.monotonic() + timeout
        while not ready(server):
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.kind} stopped at once:\n" + log.read_text())
            if time.monotonic() > deadline:
                raise RuntimeError(f"{server.kind} did not come up:\n" + log.read_text())
            time.sleep(0.05)  # waiting for real daemons to come up, not for app time
    except BaseException:
        stop_session(server)
        raise


def ready(server: PulseServer) -> bool:
    """Whether the server answers, with the test microphone as its default source."""
    # PipeWire's session manager may refuse the default while the source is new: asked again.
    if not server.socket.exists():
        return False

    def pactl(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], env=server.env, capture_output=True, text=True, timeout=5, check=False,
                              **server.run_as)

    return pactl("set-default-source", MIC).returncode == 0 and pactl("get-default-source").stdout.strip() == MIC


def stop_session(server: PulseServer) -> None:
    """Ends the server's whole session: dbus-run-session, its bus and the
    daemons in it (they share its process group, started by us)."""
    _signal_group(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    _signal_group(server.process.pid, signal.SIGKILL)  # whatever did not end by itself
    server.process.wait()


def _signal_group(group: int, number: int) -> None:
    try:
        os.killpg(group, number)
    except ProcessLookupError:
        pass


stop_pulse = stop_session


@contextmanager
def running(start: Callable[[Path], PulseServer], monkeypatch, prefix: str = "cp-pulse-"):
    """The server `start` makes, in a fresh folder, named in this process's
    environment for as long as it runs; then ended and its folder gone."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    server = start(folder)
    try:
        for name in ("PULSE_SERVER", "HOME", "PULSE_RUNTIME_PATH", "PULSE_STATE_PATH",
                     "PIPEWIRE_RUNTIME_DIR", "PIPEWIRE_REMOTE"):
            if name in server.env:
                monkeypatch.setenv(name, server.env[name])
        yield server
    finally:
        stop_session(server)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pulse_server(monkeypatch):
    require_pulse()
    with running(start_pulse, monkeypatch) as server:
        yield server


@pytest.fixture
def no_pulse_server(monkeypatch, tmp_path):
    """A PULSE_SERVER that nobody listens on: the "no sound server" machine.
    Naming one also stops libpulse from spawning a daemon on its own."""
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'nobody-here'}")
