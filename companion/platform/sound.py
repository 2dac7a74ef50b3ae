"""A soft tone at each breathing phase change, for eyes-closed breathing.

The tone is synthesised once into the cache folder, so no audio file has to
ship with the app. It is played by the system's own player (PulseAudio or
PipeWire's paplay/pw-play, ALSA's aplay, macOS afplay, Windows winsound):
QtMultimedia is not part of PySide6-Essentials and would be a heavy load for
one short tone. Sound is a nicety: with no player or no audio device, the cue
stays silent rather than failing."""

from __future__ import annotations

import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import platformdirs

RATE = 22050
SECONDS = 0.45
PITCH = 392.0  # G4: low enough to feel soft, high enough for small speakers
VOLUME = 0.18  # of full scale; the cue should be noticed, never startle
# Bump when the tone changes, so an old cached file is not reused.
FILE_NAME = "breath-cue-v1.wav"


def tone_samples() -> list[int]:
    count = int(RATE * SECONDS)
    attack = int(RATE * 0.04)
    samples = []
    for i in range(count):
        t = i / RATE
        # A quiet octave overtone gives a warmer, bell-like colour than a bare sine.
        wave_value = math.sin(2 * math.pi * PITCH * t) + 0.25 * math.sin(4 * math.pi * PITCH * t)
        if i < attack:
            envelope = 0.5 - 0.5 * math.cos(math.pi * i / attack)
        else:
            # A long raised-cosine tail, so the tone fades away instead of stopping.
            envelope = 0.5 + 0.5 * math.cos(math.pi * (i - attack) / (count - attack))
        samples.append(int(32767 * VOLUME / 1.25 * wave_value * envelope))
    return samples


def _write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    samples = tone_samples()
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    # Rename last: a half-written file must never be taken for the cached tone.
    os.replace(tmp, path)


def tone_path() -> Path:
    """The cached tone, written on first use (user cache, or the temp folder)."""
    folders = [platformdirs.user_cache_path("companion", appauthor=False), Path(tempfile.gettempdir()) / "companion"]
    last_error: OSError | None = None
    for folder in folders:
        path = folder / FILE_NAME
        if path.is_file() and path.stat().st_size > 44:
            return path
        try:
            _write(path)
            return path
        except OSError as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


LINUX_PLAYERS = (("paplay",), ("pw-play",), ("aplay", "-q"))


class SoundCue:
    """Plays the tone if this machine can; otherwise `play` does nothing."""

    def __init__(self, platform: str | None = None) -> None:
        self.platform = platform or sys.platform
        self._command: tuple[str, ...] | None = None
        self._prepared = False
        self._playing: list[subprocess.Popen] = []

    @property
    def available(self) -> bool:
        self._prepare()
        return self._command is not None

    def play(self) -> bool:
        self._prepare()
        if self._command is None:
            return False
        # Reap finished players so none linger as zombies.
        self._playing = [p for p in self._playing if p.poll() is None]
        if self._command == ("winsound",):
            import winsound

            winsound.PlaySound(str(tone_path()), winsound.SND_FILENAME | winsound.SND_ASYNC)
            return True
        try:
            self._playing.append(subprocess.Popen(
                [*self._command, str(tone_path())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))
        except OSError:
            self._command = None
            return False
        return True

    def _prepare(self) -> None:
        # Deferred until the first cue: users who keep sound off never look.
        if self._prepared:
            return
        self._prepared = True
        if self.platform == "win32":
            self._command = ("winsound",)
        elif self.platform == "darwin":
            self._command = ("afplay",) if shutil.which("afplay") else None
        else:
            self._command = next(
                ((shutil.which(p[0]), *p[1:]) for p in LINUX_PLAYERS if shutil.which(p[0])), None
            )
