"""`companion quit`: close the running tray app (the microphone is restored
and any breathing session is recorded on the way out)."""

from __future__ import annotations

import argparse
import sys

from companion.ipc import client


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("quit", help="Close the running Companion.",
                              description="Close the running Companion tray app.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reply = client.send({"cmd": "quit"})
    if reply is None:
        # Nothing to do is not a failure: scripts can call this unconditionally.
        print("Companion was not running.")
        return 0
    if not reply.get("ok"):
        return client.refusal(reply, "quit")
    if not client.wait_until_gone():
        print("Companion was asked to close but is still running.", file=sys.stderr)
        return 1
    print("Companion has closed.")
    return 0
