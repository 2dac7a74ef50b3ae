"""A soft tone at each breathing phase change, for eyes-closed breathing.

The tone is synthesised once into the cache folder, so no audio file has to
ship with the app. It is played by the system's own player (PulseAudio or
PipeWire's paplay/pw-play, ALSA's aplay, macOS afplay, Windows winsound):
QtMultimedia is not part of PySide6-Essentials and would be a heavy load for
one short tone. Sound is a nicety: with no player or no audio device, the cue
stays silent rather than failing."""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import stat
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
    samples = tone_samples()
    # A fresh name only we can have made (O_EXCL, 0600), renamed last: a
    # half-written file is never taken for the cached tone.
    fd, temporary = tempfile.mkstemp(prefix=".breath-cue-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def private_folder(folder: Path) -> Path:
    """`folder` (made 0700 if missing) when only this user controls it: a real
    directory, not a symlink, owned by us, writable by nobody else. Otherwise
    OSError: a place another local user can change is never written or read."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    found = os.lstat(folder)
    if not stat.S_ISDIR(found.st_mode):
        raise NotADirectoryError(f"{folder} is not a folder of its own (a file or a symlink)")
    if os.name == "posix":
        if found.st_uid != os.getuid():
            raise PermissionError(f"{folder} belongs to someone else")
        if stat.S_IMODE(found.st_mode) & 0o077:
            os.chmod(folder, 0o700, follow_symlinks=False)
    return folder


def _own_tone(path: Path) -> bool:
    """True when `path` is a whole tone file of ours (not a symlink)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        found = os.fstat(fd)
    finally:
        os.close(fd)
    mine = os.name != "posix" or found.st_uid == os.getuid()
    return stat.S_ISREG(found.st_mode) and mine and found.st_size > 44


def _folders() -> list[Path]:
    # The user's cache, else their private runtime folder (itself checked:
    # XDG_RUNTIME_DIR is 0700 and the user's by specification). Never a
    # shared temp folder such as /tmp/companion.
    folders = [platformdirs.user_cache_path("companion", appauthor=False)]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.name == "posix":
        found = os.lstat(runtime) if os.path.lexists(runtime) else None
        if found and stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() \
                and not stat.S_IMODE(found.st_mode) & 0o077:
            folders.append(Path(runtime) / "companion")
    return folders


def tone_path() -> Path:
    """The cached tone, written on first use in a folder only this user
    controls. OSError when there is none: the cue then stays silent."""
    last_error: OSError = PermissionError("no private folder for the breathing cue")
    for folder in _folders():
        try:
            path = private_folder(folder) / FILE_NAME
            if not _own_tone(path):
                _write(path)
            return path
        except OSError as exc:
            last_error = exc
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
