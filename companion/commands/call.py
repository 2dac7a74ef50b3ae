"""`companion call start` and `companion call end [--rating R]`: a softphone's
"run on call start / end" hooks. The most precise call signal there is:
while a call is on, nudges wait and the tray says so; at its end the running
app asks "How was that call?", or logs the rating straight away. Without a
running app the call is kept in the data file (the app counts it when it
starts) and a rating is logged directly."""

from __future__ import annotations

import argparse
import sys

from companion.commands.log import RATINGS, confirmation
from companion.ipc import client


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "call",
        help="Tell Companion a call started or ended (for a softphone's hooks).",
        description="Tell Companion a call started or ended. Softphones that can run a program when a call "
                    "starts and ends run 'companion call start' and 'companion call end'.",
    )
    p.add_argument("event", type=str.lower, choices=("start", "end"), help="start or end.")
    p.add_argument("--rating", type=str.lower, choices=RATINGS,
                   help="With end: log the call as rough, ok or great instead of being asked.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.event == "start" and args.rating:
        print("companion call: --rating goes with 'companion call end'. Nothing was changed.", file=sys.stderr)
        return 2
    request = {"cmd": "call", "event": args.event}
    if args.rating:
        request["rating"] = args.rating
    answer = client.send(request)
    if answer is None:
        return _directly(args.event, args.rating)
    if not answer.get("ok"):
        return client.refusal(answer, "call", "Nothing was changed.")
    _say(args.event, answer, running=True)
    return 0


def _directly(event: str, rating: str | None) -> int:
    from companion.commands.data import with_service
    from companion.core.models import Rating

    done: list = []

    def act(service) -> None:
        if event == "start":
            done.append({"started": service.call_started()})
        else:
            ended = service.call_ended(Rating(rating) if rating else None)
            done.append({"call": ended.logged and {"rating": ended.logged.rating.value,
                                                   "at": ended.logged.at.isoformat(), "tags": []}})

    if not with_service(act, "call"):
        return 1
    _say(event, done[0], running=False)
    return 0


def _say(event: str, answer: dict, running: bool) -> None:
    if event == "start":
        said = "A call is on: nudges wait until it ends." if answer.get("started", True) else \
            "A call was already on; nothing changed."
        print(said if running else said + " (Companion is not running; it counts the call when it starts.)")
        return
    call = answer.get("call")
    if call:
        print(confirmation(call["rating"], call["at"][11:16], (), tray=answer.get("tray", True)))
    elif running:
        print("The call ended." + (" Companion asks how it went." if answer.get("asked") else ""))
    else:
        print("The call ended. Companion is not running to ask how it went: "
              "'companion log rough|ok|great' logs it.")
