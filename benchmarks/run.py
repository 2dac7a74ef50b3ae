#!/usr/bin/env python3
"""How much Companion costs next to a bare PySide6 tray icon.

    python3 benchmarks/run.py                 # the full measurement (about 22 minutes)
    python3 benchmarks/run.py --smoke         # the same table in seconds, for CI
    python3 benchmarks/run.py --json out.json # also keep every raw figure

The app and the baseline (benchmarks/baseline_tray.py) are started in turn,
several rounds, each in its own fresh XDG folders, and the medians go into
one table with the app/baseline ratio and the goal from issue 6, followed by
reference rows for two peers, Workrave and Safe Eyes, where installed
(benchmarks/peers.py; --no-peers leaves them out). Figures
from a busy machine are noisy: run the full measurement on a quiet one."""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "benchmarks" / "baseline_tray.py"
REVIEW_BENCH = REPO / "benchmarks" / "review_bench.py"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import peers  # noqa: E402
import shortcut_bench  # noqa: E402

MB = 1024 * 1024
LAST_START_STAGE = "locks-watched"  # companion/ui/away_watch.py
CALLS_PER_WORKDAY = 80


@dataclass(frozen=True)
class Mode:
    rounds: int
    idle: float  # seconds of idling measured after start
    # Seconds after the ready line (the app: after its last put-off start-up
    # step, the screen-lock watch, some 5 s after the icon) before the idle window opens.
    settle: float
    logs: int  # in-process store.log_call calls
    cli_runs: int  # `companion log` runs
    breathe: float  # seconds of breathing session
    history_days: int  # workdays of calls already in the app's database
    # Extra start-only rounds: a start is a fraction of a second and, on a shared
    # machine, jumps by a tenth either way, so its median wants more than 5 samples.
    start_rounds: int = 0
    shortcut_rounds: int = 2  # Ctrl+Alt+B presses, for the app and the bare key grab each
    peer_rounds: int = 1  # starts of each peer (Workrave, Safe Eyes), each with the idle window


FULL = Mode(rounds=5, idle=60.0, settle=1.0, logs=1000, cli_runs=20, breathe=20.0, history_days=250,
            start_rounds=15, shortcut_rounds=20, peer_rounds=3)
SMOKE = Mode(rounds=1, idle=2.0, settle=0.5, logs=200, cli_runs=3, breathe=5.0, history_days=5)


# -- a screen for the measured apps -------------------------------------------
class Screen:
    """Either Qt's offscreen platform, or Xvfb with trayer as a real tray host
    (the honest case: "tray icon shown" then means an X tray embeds it)."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.processes: list[subprocess.Popen] = []
        self.env = {"QT_QPA_PLATFORM": "offscreen"}
        self.unset: tuple[str, ...] = ()  # taken out of the measured processes' environment
        if kind == "xvfb":
            self._start_x(workdir)

    @staticmethod
    def xvfb_available() -> bool:
        return all(shutil.which(tool) for tool in ("Xvfb", "trayer", "xdotool"))

    def _start_x(self, workdir: Path) -> None:
        reader, writer = os.pipe()
        log = (workdir / "xvfb.log").open("w")
        try:
            self.processes.append(subprocess.Popen(
                ["Xvfb", "-displayfd", str(writer), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
                stdout=log, stderr=subprocess.STDOUT, pass_fds=(writer,)))
        finally:
            os.close(writer)
            log.close()
        with os.fdopen(reader) as pipe:
            number = pipe.readline().strip()  # Xvfb writes it once it accepts connections
        if not number.isdigit():
            raise SystemExit(f"Xvfb did not start; see {workdir / 'xvfb.log'}")
        # DISPLAY alone, as a desktop session starts the app: Qt picks xcb, and
        # the app's own check for a reachable display (platform/display.py) runs
        # as it does for an agent (a chosen QT_QPA_PLATFORM would skip it).
        self.env = {"DISPLAY": f":{number}"}
        self.unset = ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "WAYLAND_SOCKET")
        env = {**os.environ, **self.env}
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        with (workdir / "trayer.log").open("w") as log:
            self.processes.append(subprocess.Popen(
                ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request", "--height", "32",
                 "--transparent", "false"], env=env, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "trayer"], env=env,
                                   capture_output=True, text=True, check=False)
            if found.stdout.strip():
                return
            time.sleep(0.05)
        self.close()
        raise SystemExit(f"trayer did not show its panel; see {workdir / 'trayer.log'}")

    def close(self) -> None:
        for process in reversed(self.processes):
            stop(process)
        self.processes.clear()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def child_env(screen: Screen, home: Path, **extra: str) -> dict[str, str]:
    """Private folders for one measured process, so runs never share a
    database, a settings file or a user's real data."""
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        folder = home / name.lower()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env[name] = str(folder)
    # Without a session bus Qt uses the X tray (XEmbed) and never reaches a real desktop.
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("COMPANION_READY_FILE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    for name in screen.unset:
        env.pop(name, None)
    env.update(screen.env)
    env.update(extra)
    return env


def app_database(home: Path) -> Path:
    # Where companion.core.paths puts it once XDG_DATA_HOME points into `home`.
    return home / "xdg_data_home" / "companion" / "companion.db"


# -- a database that looks used ------------------------------------------------
def make_history(path: Path, workdays: int) -> Path:
    """A database with `workdays` of calls at 80 a day."""
    from companion.core.models import Rating
    from companion.core.store import Store

    store = Store(path)
    # Only for building the fixture fast; the measured stores keep FULL.
    store._db.execute("PRAGMA synchronous=OFF")
    day = datetime.now().astimezone().replace(hour=9, minute=0, second=0, microsecond=0)
    ratings = (Rating.OK, Rating.OK, Rating.GREAT, Rating.ROUGH)
    made = 0
    while made < workdays:
        day -= timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for n in range(CALLS_PER_WORKDAY):
            store.log_call(ratings[n % 4], at=day + timedelta(minutes=6 * n))
        made += 1
    store.close()  # a clean close folds the WAL back into the one file
    return path


def give_history(history: Path, database: Path) -> None:
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(history, database)


USED_DIRS = ("xdg_data_home", "xdg_config_home")
FIRST_RUN_SECONDS = 2.5  # past the welcome's delay, so everything a first start says is said


@dataclass(frozen=True)
class Launched:
    process: subprocess.Popen
    ready: Path  # where it writes "<unix time> <stage>" lines
    log: Path
    began: float  # unix time just before it was started

    def reached(self, stage: str = "tray-shown", count: int = 1) -> float:
        return wait_ready(self.ready, self.process, self.log, stage=stage, count=count)


def launch(screen: Screen, home: Path, argv: list[str] | None = None, **extra: str) -> Launched:
    """Start `argv` (the app by default) on `home`'s private folders, output
    to home/output.log, stage marks to home/ready; `extra`: more environment."""
    ready = home / "ready"
    home.mkdir(parents=True, exist_ok=True)
    env = child_env(screen, home, COMPANION_READY_FILE=str(ready), **extra)
    log_path = home / "output.log"
    with log_path.open("w") as log:
        began = time.time()
        process = subprocess.Popen(argv or [sys.executable, "-m", "companion"], cwd=REPO, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    return Launched(process, ready, log_path, began)


def first_run(screen: Screen, base: Path, history: Path, name: str = "used") -> Path:
    """Start the app once, unmeasured, on the history: its welcome, offers and
    first backup happen here. Every measured start begins from a copy of what
    it left, so start is timed as on an ordinary morning, not a first run."""
    home = base / name
    give_history(history, app_database(home))
    app = launch(screen, home)
    try:
        app.reached()
        time.sleep(FIRST_RUN_SECONDS)
    finally:
        stop(app.process)
    return home


def give_home(used: Path, home: Path) -> None:
    for name in USED_DIRS:
        shutil.copytree(used / name, home / name, dirs_exist_ok=True)


# -- one tray process -------------------------------------------------------------
def cpu_seconds(process: psutil.Process) -> float:
    t = process.cpu_times()
    # children_*: helpers the process started and reaped (e.g. a mixer probe) count too.
    return t.user + t.system + t.children_user + t.children_system


def wait_ready(ready: Path, process: subprocess.Popen, log: Path, timeout: float = 60.0,
               stage: str = "tray-shown", count: int = 1) -> float:
    """When the process wrote `stage` to its ready file for the `count`-th
    time (its own clock, so polling slowly costs no accuracy)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists():
            lines = (line.partition(" ") for line in ready.read_text().splitlines())
            stamps = [float(stamp) for stamp, _, what in lines if what.strip() == stage]
            if len(stamps) >= count:
                return stamps[count - 1]
        if process.poll() is not None:
            raise SystemExit(f"{process.args} exited with {process.returncode} before {stage}:\n"
                             f"{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.02)
    raise SystemExit(f"{process.args} did not reach {stage} within {timeout:g} s")


def measure_tray(kind: str, screen: Screen, base: Path, mode: Mode, used: Path) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=base))
    if kind == "app":
        give_home(used, home)
    launched = launch(screen, home, None if kind == "app" else [sys.executable, str(BASELINE)])
    try:
        shown = launched.reached()
        ps = psutil.Process(launched.process.pid)
        rss_start = ps.memory_info().rss
        start_cpu = cpu_seconds(ps)
        if kind == "app" and mode.idle:
            # Idle is after the start: its put-off steps (the lock watch at 5 s)
            # were once inside the window and read as 0.02-0.07 s a minute.
            launched.reached(LAST_START_STAGE)
        time.sleep(mode.settle)
        before = cpu_seconds(ps)
        time.sleep(mode.idle)
        idle_cpu = cpu_seconds(ps) - before
        memory = ps.memory_full_info()
    finally:
        stop(launched.process)
    output = launched.log.read_text(errors="replace")
    return {
        "start_s": shown - launched.began,
        "start_cpu_s": start_cpu,
        "rss_start_mb": rss_start / MB,
        "rss_idle_mb": memory.rss / MB,
        # Kept in the JSON only: USS depends on which other processes map the
        # same Qt libraries at that moment, so on a shared machine it is noise.
        "uss_idle_mb": memory.uss / MB,
        "idle_cpu_s_per_min": idle_cpu / mode.idle * 60 if mode.idle else None,  # None: start-only round
        "stderr_lines": len(output.splitlines()),
    }


# -- logging a call ------------------------------------------------------------------
def measure_log_in_process(base: Path, history: Path, count: int) -> dict:
    """The tray's "Rough call" click comes down to Store.log_call: one
    transaction, committed with a full fsync, on a database with history."""
    from companion.core.models import Rating
    from companion.core.store import Store

    path = base / "log-latency" / "companion.db"
    give_history(history, path)
    store = Store(path)
    times = []
    try:
        for _ in range(count):
            began = time.perf_counter()
            store.log_call(Rating.ROUGH)
            times.append(time.perf_counter() - began)
    finally:
        store.close()
    times.sort()
    return {"median_ms": statistics.median(times) * 1000,
            "p99_ms": times[min(len(times) - 1, round(0.99 * len(times)))] * 1000,
            "count": count}


def measure_log_cli(screen: Screen, base: Path, history: Path, runs: int) -> dict:
    """`companion log rough` from a softphone hook, end to end (a new Python
    each time), against a bare `python3 -c pass` as the floor."""
    home = base / "cli"
    env = child_env(screen, home)
    give_history(history, app_database(home))
    argv = [sys.executable, "-m", "companion", "log", "rough"]
    floor = [sys.executable, "-c", "pass"]
    subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True)  # warm the disk cache
    app, bare = [], []
    for _ in range(runs):
        for which, times in ((argv, app), (floor, bare)):
            began = time.perf_counter()
            done = subprocess.run(which, cwd=REPO, env=env, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - began)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(which)} failed:\n{done.stderr}")
    return {"median_ms": statistics.median(app) * 1000, "python_median_ms": statistics.median(bare) * 1000,
            "runs": runs}


# -- the review window (written elsewhere) -------------------------------------------
def measure_review(screen: Screen, base: Path, smoke: bool, rounds: int) -> dict | None:
    """benchmarks/review_bench.py, when it exists, is run in fresh processes
    (so pyqtgraph's import is counted each time) on one filled database; each
    prints one JSON object on its last line: {"weeks_s": ..., "open_s": ...}.
    The medians over the runs are returned."""
    if not REVIEW_BENCH.exists():
        return None
    env = child_env(screen, base / "review")
    database = base / "review" / "companion.db"
    argv = [sys.executable, str(REVIEW_BENCH), "--keep", str(database)] + (["--smoke"] if smoke else [])
    runs = []
    for _ in range(rounds):
        done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            raise SystemExit(f"review_bench.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def review_home(screen: Screen, base: Path, database: Path) -> Path:
    """An app home on review_bench's three years, started once and welcomed,
    so no first-run window opens in the middle of a measurement."""
    from companion.service.service import WELCOMED_KEY
    from companion.core.store import Store

    used = first_run(screen, base, database, name="used-review")
    store = Store(app_database(used))
    store.set_meta(WELCOMED_KEY, "benchmark")
    store.close()
    return used


def measure_review_in_tray(screen: Screen, base: Path, used: Path, rounds: int) -> dict:
    """The agent's way in: the tray app is running, "Your weeks" is clicked.
    A fresh app each round (so its first open imports pyqtgraph and numpy),
    asked over its socket as the tray menu would ask itself; timed from the
    request to the window's first paint and to the chart's first paint."""
    from companion.ipc import client

    runs = []
    for _ in range(rounds):
        home = Path(tempfile.mkdtemp(prefix="review-tray-", dir=base))
        give_home(used, home)
        name = subprocess.run([sys.executable, "-c", "from companion.ipc.address import server_name as n; "
                               "print(n())"], cwd=REPO, env=child_env(screen, home), capture_output=True,
                              text=True, check=True).stdout.strip()
        app = launch(screen, home)
        try:
            app.reached("settled")
            time.sleep(1.0)  # an app that has been sitting in the tray
            asked = time.time()
            answer = client.send({"cmd": "review"}, name=name)
            if not answer or not answer.get("ok"):
                raise SystemExit(f"the running app did not open its review: {answer}")
            shown = app.reached("review-shown")
            drawn = app.reached("review-chart-drawn")
        finally:
            stop(app.process)
        runs.append({"shown_s": shown - asked, "open_s": drawn - asked})
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


# -- breathing ---------------------------------------------------------------------
def measure_breathe(screen: Screen, base: Path, seconds: float) -> dict:
    env = child_env(screen, base / "breathe")
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--breathe-child", str(seconds)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the breathing measurement failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def breathe_child(seconds: float) -> int:
    """Runs in its own process: one real BreatheWindow under the real clock,
    counting what the pacer actually paints."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    from companion.core import paths
    from companion.core.clock import SystemClock
    from companion.core.settings import Settings
    from companion.core.store import Store
    from companion.platform.mic import UnsupportedMicrophone
    from companion.service import Service
    from companion.ui.breathe import BreatheWindow

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):  # Qt's name for it
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    store = Store(paths.database_path())
    settings = Settings(paths.settings_path())
    # The benchmark must never mute the machine's real microphone.
    window = BreatheWindow(Service(store, settings, SystemClock()), UnsupportedMicrophone())
    paints = Paints()
    window.pacer.installEventFilter(paints)
    ticks = [0]
    window.frame_timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    result: dict = {}

    def begin() -> None:
        # Count from here: the window is up and has painted its first frame.
        Paints.count, ticks[0] = 0, 0
        result["began"] = (time.perf_counter(), time.process_time())

    def finish() -> None:
        wall0, cpu0 = result.pop("began")
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        result.update(fps=Paints.count / wall, ticks_per_s=ticks[0] / wall, cpu_share=cpu / wall,
                      seconds=wall, running=window.running)
        window.close()
        app.quit()

    window.start(int(seconds) + 30)  # longer than we watch, so the session never ends on us
    QTimer.singleShot(500, begin)
    QTimer.singleShot(500 + int(seconds * 1000), finish)
    app.exec()
    store.close()
    print(json.dumps(result))
    return 0 if result.get("running") else 1


# -- the table -------------------------------------------------------------------------
@dataclass
class Row:
    label: str
    app: float | None
    baseline: float | None = None
    unit: str = ""
    goal: str = "—"
    passed: bool | None = None
    note: str = ""

    def cells(self) -> list[str]:
        if self.app is None and self.note:  # measured elsewhere, but not this: the note says why
            return [self.label, self.note, "—", "—", self.goal, "—"]
        if self.app is None:
            return [self.label, "not yet", "—", "—", self.goal, "not yet"]
        ratio = f"{self.app / self.baseline:.2f}x" if self.baseline else "—"
        base = fmt(self.baseline, self.unit) if self.baseline is not None else "—"
        verdict = "—" if self.passed is None else ("pass" if self.passed else "MISS")
        return [self.label, fmt(self.app, self.unit), base, ratio, self.goal, verdict]


def fmt(value: float, unit: str) -> str:
    digits = 3 if abs(value) < 1 else (2 if abs(value) < 100 else 0)
    return f"{value:.{digits}f} {unit}".strip()


def med(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def build_rows(app: list[dict], base: list[dict], log: dict, cli: dict, review: dict | None,
               tray_review: dict | None, breathe: dict, app_starts: list[dict],
               base_starts: list[dict], shortcut: dict | None = None) -> list[Row]:
    start, start_b = med(app_starts, "start_s"), med(base_starts, "start_s")
    rss, rss_b = med(app, "rss_start_mb"), med(base, "rss_start_mb")
    rss_idle, rss_idle_b = med(app, "rss_idle_mb"), med(base, "rss_idle_mb")
    idle, idle_b = med(app, "idle_cpu_s_per_min"), med(base, "idle_cpu_s_per_min")
    rows = [
        # Issue 18's lines: as close to the bare tray as the toolkit allows.
        Row("start: process to tray icon shown", start, start_b, "s", "<= 1.1x", start <= 1.1 * start_b),
        Row("start: CPU used to get there", med(app_starts, "start_cpu_s"), med(base_starts, "start_cpu_s"), "s"),
        Row("memory: RSS after start", rss, rss_b, "MB", "<= 1.3x", rss <= 1.3 * rss_b),
        Row("memory: RSS after idle", rss_idle, rss_idle_b, "MB", "<= 1.15x", rss_idle <= 1.15 * rss_idle_b),
        Row("idle CPU per minute", idle, idle_b, "s", "<= 0.1 s", idle <= 0.1),
        Row("log rough call: median", log["median_ms"], None, "ms", "<= 5 ms", log["median_ms"] <= 5),
        Row("log rough call: p99", log["p99_ms"], None, "ms"),
        Row("companion log (CLI), vs python -c pass", cli["median_ms"], cli["python_median_ms"], "ms"),
    ]
    if review is None or tray_review is None:
        rows += [Row("review: compute all weeks", None), Row("review from the tray: window on screen", None),
                 Row("review from the tray: chart drawn", None, goal="<= 0.5 s")]
    else:
        rows += [Row("review: compute all weeks", review["weeks_s"], None, "s"),
                 Row("review from the tray: window on screen", tray_review["shown_s"], None, "s"),
                 Row("review from the tray: chart drawn", tray_review["open_s"], None, "s", "<= 0.5 s",
                     tray_review["open_s"] <= 0.5),
                 # `companion review` with no tray running: a whole new process builds its Qt first.
                 Row("review alone (no tray running): window on screen", review["shown_s"], None, "s"),
                 Row("review alone (no tray running): chart drawn", review["open_s"], None, "s")]
    rows += [
        Row("breathing: pacer frames per second", breathe["fps"], None, "fps", ">= 50", breathe["fps"] >= 50),
        Row("breathing: CPU share of one core", breathe["cpu_share"] * 100, None, "%", "<= 15 %",
            breathe["cpu_share"] <= 0.15),
    ]
    if shortcut is None:  # a key grab needs the X server (Qt's offscreen screen has none)
        rows += [Row("Ctrl+Alt+B to Breathe painted", None, goal="<= 1.5x"),
                 Row("Ctrl+Alt+B to microphone muted", None, goal="<= 0.2 s")]
    else:
        paint, bare, mute = shortcut["paint_s"], shortcut["bare_paint_s"], shortcut["muted_s"]
        rows += [Row("Ctrl+Alt+B to Breathe painted (baseline: a plain window)", paint, bare, "s", "<= 1.5x",
                     paint <= 1.5 * bare),
                 Row("Ctrl+Alt+B to microphone muted", mute, None, "s", "<= 0.2 s", mute <= 0.2)]
    return rows


def peer_rows(found: dict, base: list[dict]) -> list[Row]:
    """Reference rows, no goal: each peer's figure in the App column next to
    the bare tray's (its time to an embedded icon seen from outside, as the
    peers' is; its RSS and idle CPU from the rounds above)."""
    rows = []
    for name, peer in found["peers"].items():
        label = f"peer: {name} {peer.get('version', '')}".rstrip() + " — "
        runs = peer.get("runs")
        if not runs:
            note = peer["skipped"]
            rows += [Row(label + what, None, note=note) for what in
                     ("process to tray icon embedded", "RSS after idle", "idle CPU per minute")]
            continue
        icons = [run["icon_s"] for run in runs if run["icon_s"] is not None]
        if icons:
            rows.append(Row(label + "process to tray icon embedded", statistics.median(icons),
                            found["baseline_icon_s"], "s"))
        else:
            rows.append(Row(label + "process to tray icon embedded", None, note="no icon on an XEmbed tray"))
        rows += [Row(label + "RSS after idle", med(runs, "rss_idle_mb"), med(base, "rss_idle_mb"), "MB"),
                 Row(label + "idle CPU per minute", med(runs, "idle_cpu_s_per_min"),
                     med(base, "idle_cpu_s_per_min"), "s")]
    return rows


HEADER = ["Measure", "App", "Baseline", "App/baseline", "Goal", "Result"]


def table(rows: list[Row]) -> str:
    lines = [HEADER] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]

    def show(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([show(HEADER), rule] + [show(cells) for cells in lines[1:]])


def machine(screen: str, base: Path) -> dict:
    import PySide6

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    disk = max((p for p in psutil.disk_partitions(all=True) if str(base).startswith(p.mountpoint)),
               key=lambda p: len(p.mountpoint), default=None)
    return {
        "cpu": cpu, "cores": psutil.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(), "python": platform.python_version(), "pyside6": PySide6.__version__,
        "screen": screen, "filesystem": disk.fstype if disk else "?", "load_before": os.getloadavg(),
    }


# -- main ---------------------------------------------------------------------------------
def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Measure Companion against a bare PySide6 tray icon.")
    p.add_argument("--smoke", action="store_true", help="one short round: checks the script, not the app")
    p.add_argument("--display", choices=("auto", "xvfb", "offscreen"), default="auto",
                   help="xvfb (Xvfb + trayer as tray host; the default when installed) or Qt's offscreen")
    p.add_argument("--start-rounds", type=int, help="extra start-only rounds (default 15, smoke 0)")
    p.add_argument("--rounds", type=int, help="app/baseline rounds (default 5, smoke 1)")
    p.add_argument("--idle", type=float, help="seconds of idle measured after start (default 60, smoke 2)")
    p.add_argument("--shortcut-rounds", type=int, help="Ctrl+Alt+B presses for each of app and baseline "
                                                        "(default 20, smoke 2)")
    p.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True,
                   help="also measure Workrave and Safe Eyes where installed, as reference rows (default on)")
    p.add_argument("--peer-rounds", type=int, help="starts of each peer (default 3, smoke 1)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also save every raw figure here")
    p.add_argument("--breathe-child", type=float, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.breathe_child is not None:
        return breathe_child(args.breathe_child)
    mode = SMOKE if args.smoke else FULL
    mode = Mode(**{**mode.__dict__, **{k: v for k, v in (("rounds", args.rounds), ("idle", args.idle),
                                                              ("start_rounds", args.start_rounds),
                                                              ("shortcut_rounds", args.shortcut_rounds),
                                                              ("peer_rounds", args.peer_rounds)) if v is not None}})
    kind = args.display
    if kind == "auto":
        kind = "xvfb" if Screen.xvfb_available() else "offscreen"

    base = Path(tempfile.mkdtemp(prefix="companion-bench-"))
    about = machine(kind, base)
    print(f"Companion benchmark ({'smoke' if args.smoke else 'full'}) on {about['cpu']}, {about['cores']} cores, "
          f"{about['ram_gb']} GB, {about['os']}, Python {about['python']}, PySide6 {about['pyside6']}, "
          f"screen {kind}, {about['filesystem']}; load {about['load_before'][0]:.2f}", flush=True)
    # An installed copy has its bytecode (pip compiles on install); a source
    # tree on a machine with PYTHONDONTWRITEBYTECODE=1 would compile all of
    # the app's modules at every start (about 35 ms here), a cost no user pays.
    compileall.compile_dir(str(REPO / "companion"), quiet=1)
    screen = Screen(kind, base)
    try:
        history = make_history(base / "history.db", mode.history_days)
        used = first_run(screen, base, history)
        app_runs, base_runs = [], []
        for n in range(mode.rounds):
            # Alternate who goes first, so neither always meets a warm or a cold cache.
            order = ("app", "baseline") if n % 2 == 0 else ("baseline", "app")
            for which in order:
                run = measure_tray(which, screen, base, mode, used)
                (app_runs if which == "app" else base_runs).append(run)
                print(f"  round {n + 1}/{mode.rounds} {which}: start {run['start_s']:.3f} s, "
                      f"RSS {run['rss_start_mb']:.1f} -> {run['rss_idle_mb']:.1f} MB, "
                      f"idle CPU {run['idle_cpu_s_per_min']:.3f} s/min", flush=True)
        quick = Mode(**{**mode.__dict__, "idle": 0.0, "settle": 0.0})
        app_starts, base_starts = list(app_runs), list(base_runs)
        for n in range(mode.start_rounds):
            order = ("app", "baseline") if n % 2 == 0 else ("baseline", "app")
            for which in order:
                run = measure_tray(which, screen, base, quick, used)
                (app_starts if which == "app" else base_starts).append(run)
        if mode.start_rounds:
            print(f"  {mode.start_rounds} more start-only rounds: app median "
                  f"{med(app_starts, 'start_s'):.3f} s, baseline {med(base_starts, 'start_s'):.3f} s", flush=True)
        log = measure_log_in_process(base, history, mode.logs)
        cli = measure_log_cli(screen, base, history, mode.cli_runs)
        review = measure_review(screen, base, args.smoke, mode.rounds)
        tray_review = None
        if review is not None:  # review_bench.py has filled base/review/companion.db
            used_review = review_home(screen, base, base / "review" / "companion.db")
            tray_review = measure_review_in_tray(screen, base, used_review, mode.rounds)
        breathe = measure_breathe(screen, base, mode.breathe)
        shortcut = shortcut_bench.measure(screen, base, mode.shortcut_rounds, launch, give_home, used)
        found = None
        if args.peers:
            found = peers.measure(screen, base, mode.peer_rounds, mode.settle, mode.idle,
                                  [sys.executable, str(BASELINE)], lambda home: child_env(screen, home))
    finally:
        screen.close()
    rows = build_rows(app_runs, base_runs, log, cli, review, tray_review, breathe, app_starts, base_starts,
                      shortcut)
    if found is not None:
        rows += peer_rows(found, base_runs)
    about["load_after"] = os.getloadavg()
    print()
    print(table(rows))
    print(f"\nMedians of {mode.rounds} round(s) ({len(app_starts)} starts each for the start rows); idle window {mode.idle:g} s; {mode.logs} logs; "
          f"{mode.cli_runs} CLI runs; {mode.breathe:g} s of breathing; app database holds "
          f"{mode.history_days} workdays x {CALLS_PER_WORKDAY} calls and the app had started once"
          f"{f'; peers: {mode.peer_rounds} start(s) each' if found is not None else ''}. Load average "
          f"{about['load_before'][0]:.2f} before, {about['load_after'][0]:.2f} after.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "mode": "smoke" if args.smoke else "full", "settings": mode.__dict__, "machine": about,
            "app": app_runs, "baseline": base_runs, "app_starts": app_starts, "baseline_starts": base_starts,
            "log": log, "cli": cli, "review": review, "tray_review": tray_review,
            "breathe": breathe, "shortcut": shortcut, "peers": found, "rows": [{**row.__dict__, "cells": row.cells()} for row in rows],
        }, indent=2))
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
