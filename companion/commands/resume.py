"""`companion resume`: nudges back on now."""

from __future__ import annotations

import argparse
import sys

from companion.ipc import client


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("resume", help="Turn paused nudges back on.",
                              description="Turn paused nudges back on now.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reply = client.send({"cmd": "resume"})
    if reply is None:
        from companion.commands.data import with_service

        if not with_service(lambda service: service.resume_nudges(), "resume"):
            return 1
    elif not reply.get("ok"):
        return client.refusal(reply, "resume")
    print("Nudges are on again.")
    return 0
