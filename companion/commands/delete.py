"""`companion delete --all`: remove everything Companion keeps on this
computer: every call, breath, break and nudge, the backups, any set-aside
copies, and the settings. Asks first; `--yes` is for scripts."""

from __future__ import annotations

import argparse
import shutil
import sys

from companion.ipc import client


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "delete",
        help="Delete all your Companion data (asks first).",
        description="Delete all your Companion data: calls, notes, breaths, breaks, nudges, backups "
        "and settings. It asks you to type yes first. Close Companion first with 'companion quit'.",
    )
    p.add_argument("--all", action="store_true", required=True, help="Everything (the only choice for now).")
    p.add_argument("--yes", action="store_true", help="Do not ask; for scripts.")
    p.set_defaults(run=run)


PROMPT = ("This deletes every call, note, breath, break and nudge Companion has recorded, its backups and "
          "your settings, from {places}. It cannot be undone.\nType yes to delete everything: ")


@client.without_the_app("delete", "Nothing was deleted.")
def run(args: argparse.Namespace) -> int:
    from companion.core.paths import config_dir, data_dir

    places = [data_dir(), config_dir()]
    if not args.yes:
        if not sys.stdin.isatty():
            print("companion delete: this needs a yes typed at a terminal, or --yes in a script. "
                  "Nothing was deleted.", file=sys.stderr)
            return 2
        try:
            answer = input(PROMPT.format(places=" and ".join(str(p) for p in places)))
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            print("Nothing was deleted.")
            return 1
    from companion.platform.mic_guard import marker_path, read_notes, recover_system_microphone, rewrite_notes

    # A microphone a crashed session left muted is put back first; a restore
    # that cannot happen now is kept, not deleted with the data.
    recover_system_microphone(places[0])
    pending = read_notes(marker_path(places[0]))
    failed = False
    for place in places:
        try:
            shutil.rmtree(place)
        except OSError as exc:
            failed = True
            print(f"companion delete: {place} could not be deleted completely ({exc}).", file=sys.stderr)
    if pending:
        places[0].mkdir(parents=True, exist_ok=True, mode=0o700)
        rewrite_notes(marker_path(places[0]), pending)
    if failed:
        return 1
    print("Deleted everything Companion kept: " + " and ".join(str(p) for p in places) + ".")
    return 0
