"""`companion self-test`: start the tray app, check it is up, and quit.

It answers "does this install work?": the packaged build runs it in CI, and a
person can run it after installing. It uses a throwaway data folder, so it
never touches the agent's own calls, settings or microphone note."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# Far longer than a start takes; only there so a hung start fails instead of waiting forever.
GIVE_UP_MS = 30_000


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "self-test",
        help="Check that Companion starts: show the tray icon, then quit.",
        description="Start Companion with a throwaway data folder, check that the tray icon and "
        "its files are there, and quit. Prints 'self-test ok' and exits with 0 when all is well. "
        "Works without a screen too.",
    )
    p.set_defaults(run=run)


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if _headless():
        # A build server has no screen; Qt's offscreen platform still runs the whole app.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="companion-self-test-") as folder:
        return _run_in(Path(folder))


def _run_in(folder: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QSystemTrayIcon

    from companion.app import CompanionApp, make_qt_app
    from companion.core.clock import SystemClock
    from companion.core.settings import Settings
    from companion.core.store import Store
    from companion.core.words import WordCard
    from companion.platform.microphone import system_microphone

    qt = make_qt_app()
    clock = SystemClock()
    store = Store(folder / "companion.db", clock)
    companion = CompanionApp(clock, store, Settings(folder / "settings.toml"), system_microphone(folder))
    problems: list[str] = []

    def check() -> None:
        icon = companion.tray.icon.icon()
        if icon.isNull() or icon.pixmap(32, 32).isNull():
            problems.append("the tray icon image could not be drawn (is Qt's SVG support missing?)")
        if not companion.tray.icon.isVisible():
            problems.append("the tray icon did not show")
        try:
            card = WordCard(folder / "words.json")
            if not card.groups:
                problems.append("the shipped phrases are empty")
            _build_windows(companion, card)
        except Exception as exc:  # noqa: BLE001 - any failure here is what the self-test is for
            problems.append(f"a window could not be built: {exc!r}")
        companion.quit()

    def give_up() -> None:
        problems.append(f"the app did not finish starting within {GIVE_UP_MS // 1000} seconds")
        qt.exit(1)

    companion.start()
    # Checked from inside the event loop, so the tray has really been shown by Qt.
    QTimer.singleShot(0, check)
    guard = QTimer(singleShot=True, interval=GIVE_UP_MS)
    guard.timeout.connect(give_up)
    guard.start()
    code = qt.exec()
    guard.stop()
    store.close()

    platform = qt.platformName()
    tray = "yes" if QSystemTrayIcon.isSystemTrayAvailable() else "no"
    print(f"Qt platform: {platform}; system tray available: {tray}")
    if problems or code != 0:
        for problem in problems or [f"the app stopped with code {code}"]:
            print(f"self-test failed: {problem}", file=sys.stderr)
        return 1
    print("self-test ok")
    return 0


def _build_windows(companion, card) -> None:
    """Build (never show) the windows the tray opens, so a packaged build that
    left out a module or a file fails here rather than in front of an agent."""
    from companion.ui.breathe import BreatheWindow
    from companion.ui.history import HistoryWindow
    from companion.ui.words import WordsWindow

    windows = [
        BreatheWindow(companion.service, companion.microphone),
        WordsWindow(card),
        HistoryWindow(companion.service),
    ]
    for window in windows:
        window.deleteLater()
