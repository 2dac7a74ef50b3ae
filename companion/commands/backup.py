"""`companion backup [--to PATH]`: a backup now. Safe while the tray app runs:
SQLite's online backup API copies a consistent snapshot."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "backup",
        help="Back up your Companion data now.",
        description="Back up your Companion data now, into the backups folder next to it "
        "(the newest 7 are kept), or into a file of your choice with --to.",
    )
    p.add_argument("--to", type=Path, metavar="PATH", help="Write the backup to this file instead.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from companion.core.backups import backup_into, backup_now, check_database
    from companion.commands.data import open_store
    from companion.core.paths import database_path

    path = database_path()
    if not path.exists():
        print("companion backup: there is no Companion data yet, so there is nothing to back up.",
              file=sys.stderr)
        return 1
    if args.to is not None and args.to.exists():
        print(f"companion backup: {args.to} already exists; choose a new file name.", file=sys.stderr)
        return 2
    store = open_store("backup")
    if store is None:
        return 1
    clock = store.clock
    try:
        if args.to is None:
            written = backup_now(store, clock)
        else:
            written = args.to
            backup_into(store, written)
    except OSError as exc:
        print(f"companion backup: the backup could not be written ({exc}).", file=sys.stderr)
        return 1
    finally:
        store.close()
    problem = check_database(written)
    if problem:
        print(f"companion backup: the backup was written but does not check out: {problem}", file=sys.stderr)
        return 1
    print(f"Backed up to {written}")
    return 0
