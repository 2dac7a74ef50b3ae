"""Command-line values checked the same way for every command: a whole number
in a range, or one plain sentence (argparse prints it and exits with 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def whole_number(what: str, low: int, high: int, span: str | None = None) -> Callable[[str], int]:
    """An argparse `type=`: `what` is the value's name in the message, `span`
    how the range reads (default "LOW to HIGH")."""
    span = span or f"{low} to {high}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} is a whole number from {span}, not {text!r}")
        return value

    return parse
