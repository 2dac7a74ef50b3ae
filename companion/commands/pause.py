"""`companion pause [--minutes N]`: no nudges for a while, e.g. during a
team meeting. Goes through the running app, or into the data file directly;
either way the application service's pause_nudges does it."""

from __future__ import annotations

import argparse
import sys

from companion.commands.arguments import whole_number
from companion.ipc import client
from companion.service.service import PAUSE_RANGE

LOW, HIGH = PAUSE_RANGE
_minutes = whole_number("minutes", LOW, HIGH)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "pause",
        help="Pause nudges for a while.",
        description="Pause break nudges for a while. 'companion resume' turns them back on sooner.",
    )
    p.add_argument("--minutes", type=_minutes, metavar="N",
                   help=f"How long, {LOW} to {HIGH} minutes (default: your setting).")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    request = {"cmd": "pause"}
    if args.minutes is not None:
        request["minutes"] = args.minutes
    reply = client.send(request)
    if reply is None:
        return _pause_directly(args.minutes)
    if not reply.get("ok"):
        return client.refusal(reply, "pause")
    from datetime import datetime

    until = datetime.fromisoformat(reply["paused_until"]).astimezone()
    print(f"Nudges are paused until {until:%H:%M}.")
    return 0


def _pause_directly(minutes: int | None) -> int:
    from companion.commands.data import with_service

    paused = []
    if not with_service(lambda service: paused.append(service.pause_nudges(minutes)), "pause"):
        return 1
    print(f"Nudges are paused until {paused[0]:%H:%M}. Companion is not running; it will keep them "
          "paused when it starts.")
    return 0
