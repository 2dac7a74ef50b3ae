"""A soft tone at each breathing phase change, for eyes-closed breathing.

The tone is synthesised once into the cache folder, so no audio file has to
ship with the app. Sound is a nicety: when QtMultimedia is not installed or
there is no audio device, the cue stays silent rather than failing."""

from __future__ import annotations

import math
import os
import struct
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


class SoundCue:
    """Plays the tone if this machine can; otherwise `play` does nothing."""

    def __init__(self, parent=None) -> None:
        self._parent = parent
        self._effect = None
        self._prepared = False

    @property
    def available(self) -> bool:
        self._prepare()
        return self._effect is not None

    def play(self) -> None:
        self._prepare()
        if self._effect is not None:
            self._effect.play()

    def _prepare(self) -> None:
        # Deferred until the first cue, so users who keep sound off never load
        # the multimedia stack or touch the audio device.
        if self._prepared:
            return
        self._prepared = True
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError:
            return
        try:
            if not QMediaDevices.audioOutputs():
                return
            effect = QSoundEffect(self._parent)
            effect.setSource(QUrl.fromLocalFile(str(tone_path())))
            effect.setVolume(0.6)
            self._effect = effect
        except (OSError, RuntimeError):
            self._effect = None
