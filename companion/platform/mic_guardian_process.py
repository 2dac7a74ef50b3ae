"""What the guardian process does (see mic_guardian.py): wait for "keep" or
the end of the pipe, and after a crash put back only what is still as
Companion left it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .mic import MicState, MicUnavailable


def main(argv: list[str]) -> int:
    try:
        state, done = MicState.from_dict(json.loads(argv[0])), Path(argv[1])
    except (IndexError, KeyError, TypeError, ValueError):
        print("companion: --mic-guardian is started by Companion itself, with what it muted.", file=sys.stderr)
        return 2
    if sys.stdin.readline().strip() == "keep":
        return 0
    from .mixers import mixer_for

    mixer = mixer_for()
    try:
        now = mixer.capture()
    except MicUnavailable:
        return 0  # nothing to reach: the next start tries, with the note
    if now.device != state.device or not now.muted or state.muted:
        return 0  # not as Companion left it: whatever it is now is the user's
    if mixer.put_back(state):
        done.touch()
    return 0
