"""The shortcut rows of benchmarks/run.py: Ctrl+Alt+B pressed with xdotool on
the benchmark's X server, to the Breathe window's first paint and to the
sound server announcing the microphone muted, for the tray app and for a
bare PySide6 app that shows a plain window on the same key grab
(baseline_shortcut.py). A private PulseAudio server (tests/pulse.py) stands
in for the headset; its `pactl subscribe` says when the source changed."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "benchmarks" / "baseline_shortcut.py"
sys.path.insert(0, str(REPO / "tests"))

from pulse import MIC, start_pulse, stop_pulse  # noqa: E402


class SourceEvents:
    """`pactl subscribe` in the background: when each source change was heard."""

    def __init__(self, env: dict[str, str]) -> None:
        self.times: list[float] = []
        self.process = subprocess.Popen(["pactl", "subscribe"], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if "on source" in line:
                self.times.append(time.time())

    def first_after(self, moment: float, timeout: float = 10.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            later = [t for t in self.times if t >= moment]
            if later:
                return later[0]
            time.sleep(0.002)  # another process's event: polled finely
        raise SystemExit("the sound server never said the microphone changed")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)


def press(env: dict[str, str], *keys: str) -> float:
    began = time.time()
    subprocess.run(["xdotool", "key", *keys], env=env, check=True, timeout=20)
    return began


def muted(env: dict[str, str]) -> bool:
    out = subprocess.run(["pactl", "get-source-mute", MIC], env=env, capture_output=True, text=True, timeout=5)
    return out.stdout.strip() == "Mute: yes"


def wait(check, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)


def end_breathing(env: dict[str, str]) -> None:
    """Escape twice in the Breathe window (end the session, then skip the
    question); with no window manager the focus is given to it directly."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Breathe"], env=env,
                           capture_output=True, text=True, timeout=20).stdout.split()
    for window in found:
        subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "Escape", "key", "Escape"], env=env,
                       check=False, timeout=20)


def measure(screen, base: Path, rounds: int, launch, give_home, used: Path) -> dict | None:
    """Medians over `rounds` presses for the app and the baseline; None
    without an X server (a key grab needs one)."""
    if screen.kind != "xvfb":
        return None
    # A unix socket path must stay under 108 bytes: pulse's folder is a short one under /tmp.
    pulse = start_pulse(Path(tempfile.mkdtemp(prefix="cp-bench-pulse-")))
    sound = {"PULSE_SERVER": pulse.env["PULSE_SERVER"]}
    x_env = {**pulse.env, **screen.env}
    events = SourceEvents(pulse.env)
    try:
        app_home = base / "shortcut-app"
        give_home(used, app_home)
        app = launch(screen, app_home, **sound)
        paints, mutes = [], []
        try:
            app.reached("settled")
            for n in range(1, rounds + 1):
                began = press(x_env, "ctrl+alt+b")
                paints.append(app.reached("breathe-painted", n) - began)
                mutes.append(events.first_after(began) - began)
                wait(lambda: muted(pulse.env), "the microphone muted")
                end_breathing(x_env)
                wait(lambda: not muted(pulse.env), "the microphone back on")
        finally:
            app.process.terminate()
            app.process.wait(timeout=10)
        bare = launch(screen, base / "shortcut-bare", argv=[sys.executable, str(BASELINE)])
        bare_paints = []
        try:
            bare.reached("grabbed")
            for n in range(1, rounds + 1):
                began = press(x_env, "ctrl+alt+b")
                bare_paints.append(bare.reached("window-painted", n) - began)
                bare.reached("window-hidden", n)
        finally:
            bare.process.terminate()
            bare.process.wait(timeout=10)
    finally:
        events.close()
        stop_pulse(pulse)
    return {"rounds": rounds, "paint_s": statistics.median(paints), "bare_paint_s": statistics.median(bare_paints),
            "muted_s": statistics.median(mutes), "paints": paints, "bare_paints": bare_paints, "mutes": mutes}

