"""Writes core_text.py: every piece of core's English that a window shows,
as QT_TRANSLATE_NOOP entries lupdate can read.

    python3 -m companion.translations.catalogue OUT_FILE"""

from __future__ import annotations

import sys
from pathlib import Path

from companion.core.breathing import PATTERNS
from companion.core.settings import SCHEMA, SPANS
from companion.service.tray_status import TEMPLATES as TRAY_STATUS

from . import CORE_CONTEXT

HEADER = '''"""Core's English as shown in the windows, listed for translators.

Written by packaging/update_translations.sh (companion.translations.catalogue);
do not edit by hand. Windows show these strings through core_text()."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

CORE_TEXT = (
'''


def core_strings() -> list[tuple[str, str]]:
    """(where it comes from, English text), each text once: the settings in
    schema order, the breathing patterns, the tray's status lines."""
    found: dict[str, str] = {}
    for s in SCHEMA:
        for what, text in (("group", s.group), ("label", s.label), ("help", s.help), ("suffix", s.suffix)):
            if text.strip():
                found.setdefault(text, f"setting {s.key}: {what}")
    for span in SPANS:
        found.setdefault(span.name, f"span {span.start}-{span.end}: name")
    for name, pattern in PATTERNS.items():
        found.setdefault(pattern.title, f"breathing pattern {name}")
    for text in TRAY_STATUS:
        found.setdefault(text, "the tray's status line")
    return [(where, text) for text, where in found.items()]


def render() -> str:
    lines = [HEADER]
    for where, text in core_strings():
        lines.append(f"    # {where}\n    QT_TRANSLATE_NOOP({CORE_CONTEXT!r}, {text!r}),\n")
    lines.append(")\n")
    return "".join(lines)


def main(argv: list[str]) -> int:
    Path(argv[0]).write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
