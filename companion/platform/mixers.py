"""Which OS mixer mutes the microphone here. Apart from mic.py, which holds
the types every mixer shares, so no mixer module has to import its own factory."""

from __future__ import annotations

import sys

from .mic import SwitchableMicrophone


def mixer_for(platform: str | None = None) -> SwitchableMicrophone:
    """The OS mixer for `platform` (default: this one)."""
    platform = platform or sys.platform
    if platform == "win32":
        from .mic_windows import WindowsMicrophone

        return WindowsMicrophone()
    if platform == "darwin":
        from .mic_macos import MacMicrophone

        return MacMicrophone()
    # Linux and the BSDs: PulseAudio, or PipeWire's pulse server.
    from .mic_pulse import PulseMicrophone

    return PulseMicrophone()
