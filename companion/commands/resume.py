"""`companion resume`: nudges back on now."""

from __future__ import annotations

import argparse
import sys

from companion.commands import remote


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("resume", help="Turn paused nudges back on.",
                              description="Turn paused nudges back on now.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reply = remote.send({"cmd": "resume"})
    if reply is None:
        from companion.commands.pause import with_store

        if not with_store(lambda store: store.set_meta(remote.NUDGES_PAUSED_KEY, None), "resume"):
            return 1
    elif not reply.get("ok"):
        print(f"companion resume: {reply.get('error')}", file=sys.stderr)
        return 1
    print("Nudges are on again.")
    return 0
