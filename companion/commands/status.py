"""`companion status [--json]`: is Companion running, are nudges paused, is a
call on, how many rough calls in a row, how many calls today. Asks the running app; with
none running it reads the data file itself."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from companion.ipc import client


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "status",
        help="Show whether Companion is running, nudges are paused, and today's counts.",
        description="Show whether Companion is running, whether nudges are paused, "
        "the current run of rough calls and how many calls were logged today.",
    )
    p.add_argument("--json", action="store_true", help="Print one JSON object, for scripts.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reply = client.send({"cmd": "status"})
    if reply is not None and not reply.get("ok"):
        print(f"companion status: {reply.get('error')}", file=sys.stderr)
        return 1
    if reply is None:
        try:
            status = read_directly()
        except Exception as exc:  # noqa: BLE001 - a damaged file gets a sentence, not a traceback
            print(f"companion status: the data file could not be read ({exc}).", file=sys.stderr)
            return 1
    else:
        status = {k: reply.get(k) for k in ("running", "nudges_paused_until", "rough_run", "calls_today", "on_call")}
        status["on_call"] = bool(status["on_call"])  # an older app does not say
    if args.json:
        print(json.dumps(status))
    else:
        print(describe(status))
    return 0


def read_directly() -> dict[str, Any]:
    from companion.core.paths import database_path
    from companion.service.opening import open_service

    if not database_path().exists():
        return {"running": False, "nudges_paused_until": None, "rough_run": 0, "calls_today": 0, "on_call": False}
    service, _ = open_service(repair=False)
    try:
        return service.status(running=False)
    finally:
        service.close()


def describe(status: dict[str, Any]) -> str:
    lines = ["Companion is running." if status["running"] else "Companion is not running."]
    if status["nudges_paused_until"]:
        until = datetime.fromisoformat(status["nudges_paused_until"]).astimezone()
        lines.append(f"Nudges are paused until {until:%H:%M}.")
    else:
        lines.append("Nudges are on.")
    if status.get("on_call"):
        lines.append("On a call.")
    run_of = status["rough_run"]
    lines.append("No rough calls in a row right now." if run_of == 0 else
                 "1 rough call in a row." if run_of == 1 else f"{run_of} rough calls in a row.")
    count = status["calls_today"]
    lines.append("No calls logged today." if count == 0 else
                 "1 call logged today." if count == 1 else f"{count} calls logged today.")
    return "\n".join(lines)
