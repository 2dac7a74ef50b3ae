"""`companion breathe`: open the breathing window on its own, e.g. from a
desktop hotkey, and return when it closes."""

from __future__ import annotations

import argparse
import sys

from companion.commands.arguments import whole_number
from companion.core.breathing import PATTERNS
from companion.service.service import BREATHE_RANGE

PATTERN_CHOICES = (*PATTERNS, "custom")
SECONDS_MIN, SECONDS_MAX = BREATHE_RANGE  # the Session length setting's range
_seconds = whole_number("seconds", SECONDS_MIN, SECONDS_MAX)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "breathe",
        help="Open the breathing window now.",
        description="Open the breathing window now. It closes by itself when the time is up, "
        "or press Escape to stop early.",
    )
    p.add_argument(
        "--seconds", type=_seconds, metavar="N",
        help=f"How long to breathe, {SECONDS_MIN} to {SECONDS_MAX} seconds (default: your setting).",
    )
    p.add_argument(
        "--pattern", choices=PATTERN_CHOICES, metavar="NAME",
        help=f"Breathing pattern: {', '.join(PATTERN_CHOICES)} (default: your setting).",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from companion.ipc import client

    handed = client.hand_over({"cmd": "breathe", "seconds": args.seconds, "pattern": args.pattern}, "breathe")
    if handed is not None:
        return handed  # the tray app opened its Breathe window (or said why not)
    # None means "use the value from settings".
    return breathe_alone(args.seconds, args.pattern)


def breathe_alone(seconds: int | None = None, pattern: str | None = None) -> int:
    """`companion breathe` with no tray running: just the window, recording
    through the application service as the tray's window does."""
    # Qt is imported only here, so `companion log` never pays for it.
    from companion.platform.mic_guard import install_exit_guards, recover_system_microphone
    from companion.platform.microphone import system_microphone
    from companion.service.opening import open_service
    from companion.ui.breathe import BreatheWindow
    from companion.ui.qt_app import make_qt_app, quit_on_signals

    qt = make_qt_app(quit_on_last_window=True)
    service, notices = open_service(repair=True)
    for message in notices:
        print(message, file=sys.stderr)
    recovered = recover_system_microphone()
    if recovered:
        print(recovered, file=sys.stderr)
    microphone = system_microphone()
    install_exit_guards(microphone)
    window = BreatheWindow(service, microphone)

    def stop() -> None:
        window.close()
        microphone.restore()
        qt.quit()

    quit_on_signals(qt, stop)
    window.start(seconds, pattern)
    try:
        return qt.exec()
    finally:
        microphone.restore()
        service.close()
