"""`companion pause [--minutes N]`: no nudges for a while, e.g. during a
team meeting. Goes through the running app, or into the data file directly."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from companion.commands import remote


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not remote.PAUSE_MIN <= value <= remote.PAUSE_MAX:
        raise argparse.ArgumentTypeError(
            f"minutes is a whole number from {remote.PAUSE_MIN} to {remote.PAUSE_MAX}, not {text!r}"
        )
    return value


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "pause",
        help="Pause nudges for a while.",
        description="Pause break nudges for a while. 'companion resume' turns them back on sooner.",
    )
    p.add_argument("--minutes", type=_minutes, metavar="N",
                   help=f"How long, {remote.PAUSE_MIN} to {remote.PAUSE_MAX} minutes (default: your setting).")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    request = {"cmd": "pause"}
    if args.minutes is not None:
        request["minutes"] = args.minutes
    reply = remote.send(request)
    if reply is None:
        return _pause_directly(args.minutes)
    if not reply.get("ok"):
        print(f"companion pause: {reply.get('error')}", file=sys.stderr)
        return 1
    from datetime import datetime

    until = datetime.fromisoformat(reply["paused_until"]).astimezone()
    print(f"Nudges are paused until {until:%H:%M}.")
    return 0


def _pause_directly(minutes: int | None) -> int:
    from companion.core.clock import SystemClock, to_text

    clock = SystemClock()
    until = clock.now() + timedelta(minutes=minutes or default_minutes())
    done = with_store(lambda store: store.set_meta(remote.NUDGES_PAUSED_KEY, to_text(until)), "pause")
    if done:
        print(f"Nudges are paused until {until:%H:%M}. Companion is not running; it will keep them "
              "paused when it starts.")
    return 0 if done else 1


def default_minutes() -> int:
    """The pause length from settings, read without touching the file (the
    app, not a script, decides what to do with a broken settings file)."""
    import tomllib

    from companion.core.paths import settings_path
    from companion.core.settings import BY_KEY, SettingError, validate

    setting = BY_KEY["pause_minutes"]
    try:
        raw = tomllib.loads(settings_path().read_text(encoding="utf-8")).get("pause_minutes", setting.default)
        return int(validate(setting, raw))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, SettingError):
        return int(setting.default)


def with_store(action, command: str) -> bool:
    """Run `action(store)` on the data file; a sentence on stderr if it cannot be read."""
    from companion.commands.data import open_store

    store = open_store(command)
    if store is None:
        return False
    try:
        action(store)
    finally:
        store.close()
    return True
