"""`companion log rough|ok|great`: record a call from a script or hotkey.

Softphone hooks run this after every call, so it stays plain Python: no Qt,
one short SQLite transaction, one line of output."""

from __future__ import annotations

import argparse
import sys

from companion.core.models import MOOD_MAX, MOOD_MIN, InvalidEntry, Rating, check_note, check_tags

RATINGS = tuple(r.value for r in Rating)


def _mood(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not MOOD_MIN <= value <= MOOD_MAX:
        raise argparse.ArgumentTypeError(
            f"mood is a whole number from {MOOD_MIN} (low) to {MOOD_MAX} (good), not {text!r}"
        )
    return value


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

    from companion.commands import remote

    answer = remote.send({"cmd": "log", "rating": args.rating, "mood": args.mood, "tags": tags, "note": note})
    if answer is not None:
        # The running app logged it, so its rough-call count and nudges know at once.
        if not answer.get("ok"):
            print(f"companion log: {answer.get('error')} Nothing was logged.", file=sys.stderr)
            return 1
        call = answer["call"]
        print(_confirmation(Rating(call["rating"]), call["at"][11:16], tuple(call["tags"])))
        return 0

    from companion.commands.data import open_store

    store = open_store("log", "The call could not be logged.")
    if store is None:
        return 1
    from companion.core.recovery import with_recovery
    from companion.core.store import StoreError

    try:
        store, call, message = with_recovery(
            store, lambda s: s.log_call(Rating(args.rating), mood=args.mood, tags=tags, note=note))
    except StoreError as exc:
        print(f"companion log: {exc.message} The call could not be logged.", file=sys.stderr)
        return 1
    finally:
        store.close()
    if message:
        print(f"companion log: {message}", file=sys.stderr)

    print(_confirmation(call.rating, call.at.strftime("%H:%M"), call.tags))
    return 0


def _confirmation(rating: Rating, time: str, tags: tuple[str, ...]) -> str:
    article = "an" if rating is Rating.OK else "a"
    label = {Rating.ROUGH: "rough", Rating.OK: "OK", Rating.GREAT: "great"}[rating]
    if tags:
        return f"Logged {article} {label} call at {time} (tags: {', '.join(tags)}). Undo from the tray menu."
    return f"Logged {article} {label} call at {time}. Undo from the tray menu."
