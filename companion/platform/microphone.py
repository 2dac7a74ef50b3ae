"""The microphone Companion mutes: this OS's mixer behind the crash guard."""

from __future__ import annotations

from pathlib import Path

from .mic import Microphone


def system_microphone(data_dir: Path | None = None) -> Microphone:
    """The microphone for this OS, guarded by a restore note in `data_dir`
    (default: Companion's data folder). Where nothing can be muted its mute()
    says so in words instead of failing."""
    from .mic_guard import GuardedMicrophone, marker_path
    from .mixers import mixer_for

    return GuardedMicrophone(mixer_for(), marker_path(data_dir))
