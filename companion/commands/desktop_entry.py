"""`companion desktop-entry install|remove`: put Companion in the desktop's
applications menu, with its icons and AppStream description, for a pipx or
venv install (distribution packages do this themselves), or take exactly
those files away again."""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "desktop-entry",
        help="Add Companion to the applications menu (or remove it).",
        description="Add Companion to your desktop's applications menu, with its icon, for this user "
        "(under ~/.local/share), so the menu, notifications and the login start show its name and "
        "icon. 'remove' deletes exactly those files.",
    )
    p.add_argument("action", choices=("install", "remove"), help="install or remove")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from companion.platform.desktop_entry import DesktopEntry

    entry = DesktopEntry()
    try:
        if args.action == "install":
            entry.install()
            print(f"Companion is in the applications menu now ({entry.entry}).")
            return 0
        removed = entry.remove()
    except OSError as exc:
        print(f"companion desktop-entry: {exc.strerror or exc} ({exc.filename or entry.home}). "
              "Nothing else was changed.", file=sys.stderr)
        return 1
    print(f"Removed Companion's menu entry and icons ({len(removed)} files)." if removed
          else "Companion had no menu entry here; nothing to remove.")
    return 0
