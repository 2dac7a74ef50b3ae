"""`companion restore PATH`: put a backup back in place.

It refuses while the tray app runs (say `companion quit` first): swapping the
file under a running app would let it keep writing into the old one. The
current data file is never deleted; it is kept aside with a timestamped name."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from companion.ipc import client


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "restore",
        help="Restore your Companion data from a backup file.",
        description="Restore your Companion data from a backup file. Your current data file is kept "
        "aside, not deleted. Close Companion first with 'companion quit'.",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="The backup file, e.g. one from the backups folder.")
    p.set_defaults(run=run)


@client.without_the_app("restore", "Nothing was changed.")
def run(args: argparse.Namespace) -> int:
    from companion.core.backups import check_database, copy_database
    from companion.core.paths import database_path
    from companion.core.recovery import set_aside
    from companion.core.store import Store

    source = args.path
    problem = check_database(source)
    if problem:
        print(f"companion restore: {problem} Nothing was changed.", file=sys.stderr)
        return 2
    current = database_path()
    if current.exists() and os.path.samefile(source, current):
        print("companion restore: that is the data file Companion already uses. Nothing was changed.",
              file=sys.stderr)
        return 2
    kept = set_aside(current, "before-restore") if current.exists() else None
    try:
        copy_database(source, current)
        Store(current).close()  # brings an older backup up to this version's schema
    except Exception as exc:  # noqa: BLE001 - put the old file back whatever went wrong
        current.unlink(missing_ok=True)
        if kept is not None:
            os.replace(kept, current)
            for extra in ("-wal", "-shm"):
                side = kept.with_name(kept.name + extra)
                if side.exists():
                    os.replace(side, current.with_name(current.name + extra))
        print(f"companion restore: the backup could not be restored ({exc}). Your data is as it was.",
              file=sys.stderr)
        return 1
    if kept is not None:
        print(f"Restored from {source}. Your previous data file was kept as {kept}.")
    else:
        print(f"Restored from {source}.")
    return 0
