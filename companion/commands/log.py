"""`companion log rough|ok|great`: record a call from a script or hotkey.

Softphone hooks run this after every call, so it stays plain Python: no Qt,
one short SQLite transaction, one line of output."""

from __future__ import annotations

import argparse
import sys

from companion.commands.arguments import whole_number
from companion.core.models import MOOD_MAX, MOOD_MIN, InvalidEntry, Rating, check_note, check_tags

RATINGS = tuple(r.value for r in Rating)
_mood = whole_number("mood", MOOD_MIN, MOOD_MAX, f"{MOOD_MIN} (low) to {MOOD_MAX} (good)")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "log",
        help="Log how a call went: rough, ok or great.",
        description="Log how a call went. Works whether or not the tray icon is running.",
    )
    p.add_argument("rating", type=str.lower, choices=RATINGS, help="How the call went: rough, ok or great.")
    p.add_argument("--mood", type=_mood, metavar="1-5", help="How you feel now, 1 (low) to 5 (good).")
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG",
        help="A word for what happened, e.g. abusive or thanked. Repeat for more than one.",
    )
    p.add_argument("--note", default="", metavar="TEXT", help="A private note to yourself.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Check everything before the database is opened, so a typo stores nothing.
    try:
        tags = list(check_tags(args.tag))
        note = check_note(args.note)
    except InvalidEntry as exc:
        print(f"companion log: {exc} Nothing was logged.", file=sys.stderr)
        return 2

    from companion.ipc.client import refusal, send

    answer = send({"cmd": "log", "rating": args.rating, "mood": args.mood, "tags": tags, "note": note})
    if answer is not None:
        # The running app logged it, so its rough-call count and nudges know at once.
        if not answer.get("ok"):
            return refusal(answer, "log", "Nothing was logged.")
        call = answer["call"]
        print(confirmation(Rating(call["rating"]), call["at"][11:16], tuple(call["tags"]),
                            tray=answer.get("tray", True)))
        return 0

    from companion.commands.data import open_service

    service = open_service("log", "The call could not be logged.")
    if service is None:
        return 1
    from companion.core.store import StoreError

    try:
        call = service.log_call(Rating(args.rating), mood=args.mood, tags=tags, note=note)
    except StoreError as exc:  # a full disk, a read-only folder: said plainly, nothing set aside
        print(f"companion log: {exc.message} The call could not be logged.", file=sys.stderr)
        return 1
    finally:
        service.close()
    for message in service.recovered:  # damage met while logging: repaired, and the call logged
        print(f"companion log: {message}", file=sys.stderr)

    print(confirmation(call.rating, call.at.strftime("%H:%M"), call.tags))
    return 0


def confirmation(rating: Rating | str, time: str, tags: tuple[str, ...], tray: bool = True) -> str:
    rating = Rating(rating)
    article = "an" if rating is Rating.OK else "a"
    label = {Rating.ROUGH: "rough", Rating.OK: "OK", Rating.GREAT: "great"}[rating]
    # Only where there is a tray menu to undo it from (the no-tray window has the same item).
    undo = "Undo from the tray menu." if tray else "Undo from Companion's window."
    if tags:
        return f"Logged {article} {label} call at {time} (tags: {', '.join(tags)}). {undo}"
    return f"Logged {article} {label} call at {time}. {undo}"
