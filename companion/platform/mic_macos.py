"""The microphone on macOS: the system input volume, through `osascript`.

macOS has no scriptable input mute, so "muted" means input volume 0: we keep
the level we found and put exactly that level back. A level of 0 before the
session counts as already muted and is left alone."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from .mic import NO_MICROPHONE, NOT_SUPPORTED, MicState, MicUnavailable, SwitchableMicrophone

TIMEOUT_SECONDS = 3.0
DEVICE = "default input"

# AppleScript source -> (exit code, standard output). Raises MicUnavailable
# when osascript cannot be run.
Osascript = Callable[[str], tuple[int, str]]


def run_osascript(script: str, timeout: float = TIMEOUT_SECONDS) -> tuple[int, str]:
    try:
        done = subprocess.run(
            ["osascript", "-e", script], stdin=subprocess.DEVNULL, capture_output=True,
            text=True, errors="replace", timeout=timeout, check=False,
        )
    except (OSError, subprocess.SubprocessError) as problem:
        raise MicUnavailable(NOT_SUPPORTED.message) from problem
    return done.returncode, done.stdout


class MacMicrophone(SwitchableMicrophone):
    backend = "macos"

    def __init__(self, osascript: Osascript = run_osascript) -> None:
        self._osascript = osascript

    def capture(self) -> MicState:
        code, out = self._osascript("input volume of (get volume settings)")
        if code != 0:
            raise MicUnavailable(NOT_SUPPORTED.message)
        text = out.strip()
        if text == "missing value":  # no input device at all
            raise MicUnavailable(NO_MICROPHONE)
        try:
            level = max(0, min(100, round(float(text))))
        except ValueError as problem:
            raise MicUnavailable(NOT_SUPPORTED.message) from problem
        return MicState(self.backend, DEVICE, level == 0, level)

    def _set_level(self, level: int) -> bool:
        code, _ = self._osascript(f"set volume input volume {int(level)}")
        return code == 0

    def silence(self, state: MicState) -> None:
        if not self._set_level(0):
            raise MicUnavailable(NOT_SUPPORTED.message)

    def guardian_command(self, state: MicState, done: str) -> list[str] | None:
        """A guardian that puts the level back if Companion dies mid-session
        (only with the real osascript: a test's fake cannot be reached)."""
        if self._osascript is not run_osascript:
            return None
        from .mic_guardian import command

        return command(state, done)

    def put_back(self, state: MicState) -> bool:
        if state.level is None:
            return True
        try:
            return self._set_level(state.level)
        except MicUnavailable:
            return False
