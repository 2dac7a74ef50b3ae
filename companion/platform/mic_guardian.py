"""The guardian for mixers that have no shell one (Windows, macOS): a small
Python process started beside a breathing session that muted the input.

It waits on a pipe from the app, as the PulseAudio guardian does: "keep"
means the app put the input back itself; end of file means the app died
mid-session. Then, if the input is still muted, it puts back the state
Companion found and leaves the "done" file, so the next start knows that
whatever the input looks like now is the user's own doing and leaves it alone.

Started as `companion --mic-guardian STATE DONE` (the frozen build has no
`python -m`), in a session of its own so a closed terminal's SIGHUP does not
reach it. What the process does is in mic_guardian_process.py, which may
import the mixers; the mixers import this module for the command line."""

from __future__ import annotations

import json
import sys

from .mic import MicState

FLAG = "--mic-guardian"


def command(state: MicState, done: str) -> list[str]:
    """The command line that starts a guardian for `state`."""
    if getattr(sys, "frozen", False):  # the PyInstaller build: its executable is `companion`
        return [sys.executable, FLAG, json.dumps(state.to_dict()), done]
    return [sys.executable, "-m", "companion", FLAG, json.dumps(state.to_dict()), done]
