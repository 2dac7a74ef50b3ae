"""`companion` on the command line. With no command it starts the tray app;
each command lives in its own module under companion/commands/.

Qt is imported only by the commands that show a window, so `companion log`
from a softphone hook stays fast."""

from __future__ import annotations

import argparse
import re
import sys
from importlib import import_module

from . import __version__

# Command modules, in the order `--help` lists them. Each has
# `add_parser(subparsers)` and `run(args) -> int`.
COMMANDS = ("log", "call", "breathe", "stats", "patterns", "export", "review", "status", "pause", "resume", "quit", "backup",
            "restore", "delete", "desktop-entry", "self-test")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D401 - argparse's own name
        self.print_usage(sys.stderr)
        # Python 3.12.8+ lists choices bare, older ones quoted: say it one way everywhere.
        message = re.sub(r"\(choose from ([^)]*)\)",
                         lambda found: "(choose from " + found.group(1).replace("'", "") + ")", message)
        hint = ""
        typo = re.search(r"invalid choice: '([^']*)'", message)
        if typo and self.prog == "companion":
            import difflib

            close = difflib.get_close_matches(typo.group(1), COMMANDS, n=1)
            if close:
                hint = f"Did you mean 'companion {close[0]}'?\n"
        self.exit(2, f"companion: {message}\n{hint}Try '{self.prog} --help' for what Companion understands.\n")


def build_parser(only: str | None = None) -> Parser:
    """The whole parser, or with `only` just that command's part: a script
    calling `companion log` should not pay for importing every other command."""
    parser = Parser(
        prog="companion",
        description="A break-and-breathing companion for call-centre agents. "
        "With no command, starts the tray icon.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in (only,) if only else COMMANDS:
        import_module(f"companion.commands.{name.replace('-', '_')}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        # The everyday start, from the desktop or at login: straight to the tray.
        from .start import run_tray

        return run_tray()
    if argv[0] == "--mic-guardian":  # mic_guardian.FLAG, from a breathing session, never a person
        from .platform.mic_guardian_process import main as guard

        return guard(argv[1:])
    args = build_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    if args.command is None:
        from .start import run_tray

        return run_tray()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
