"""The microphone on Windows: the endpoint mute of the default communications
capture device (the one softphones use unless told otherwise), through Core
Audio via pycaw, an optional dependency installed only on Windows.

Every OS call goes through a small `CoreAudio` object so the logic here is
tested on any OS with a fake one."""

from __future__ import annotations

from typing import Protocol

from .mic import NO_MICROPHONE, NOT_SUPPORTED, MicState, MicUnavailable, SwitchableMicrophone


# EDataFlow.eCapture and ERole.eCommunications from the Windows SDK; written
# out because pycaw has moved its own enums between releases.
E_CAPTURE, E_COMMUNICATIONS = 1, 2


class CoreAudio(Protocol):
    def default_capture(self) -> str | None:
        """The endpoint id of the default communications microphone, or None."""

    def is_muted(self, device_id: str) -> bool: ...

    def set_muted(self, device_id: str, muted: bool) -> None: ...


class PycawCoreAudio:
    """The real calls. Imported lazily: pycaw and comtypes exist only on Windows."""

    def __init__(self) -> None:
        import comtypes
        from pycaw.pycaw import AudioUtilities, IAudioEndpointVolume

        self._clsctx = comtypes.CLSCTX_ALL
        self._volume_iface = IAudioEndpointVolume
        self._enumerator = AudioUtilities.GetDeviceEnumerator()

    def default_capture(self) -> str | None:
        try:
            device = self._enumerator.GetDefaultAudioEndpoint(E_CAPTURE, E_COMMUNICATIONS)
        except Exception:  # noqa: BLE001 - COMError E_NOTFOUND: no capture device at all
            return None
        return None if device is None else str(device.GetId())

    def _volume(self, device_id: str):
        device = self._enumerator.GetDevice(device_id)
        return device.Activate(self._volume_iface._iid_, self._clsctx, None).QueryInterface(self._volume_iface)

    def is_muted(self, device_id: str) -> bool:
        return bool(self._volume(device_id).GetMute())

    def set_muted(self, device_id: str, muted: bool) -> None:
        self._volume(device_id).SetMute(1 if muted else 0, None)


class WindowsMicrophone(SwitchableMicrophone):
    backend = "windows"

    def __init__(self, core_audio: CoreAudio | None = None) -> None:
        self._core_audio = core_audio

    def _audio(self) -> CoreAudio:
        if self._core_audio is None:
            try:
                self._core_audio = PycawCoreAudio()
            except Exception as problem:  # noqa: BLE001 - no pycaw, no COM: say "not here"
                raise MicUnavailable(NOT_SUPPORTED.message) from problem
        return self._core_audio

    def capture(self) -> MicState:
        audio = self._audio()
        try:
            device = audio.default_capture()
            muted = None if device is None else audio.is_muted(device)
        except Exception as problem:  # noqa: BLE001 - comtypes' COMError is no OSError
            raise MicUnavailable(NOT_SUPPORTED.message) from problem
        if device is None or muted is None:
            raise MicUnavailable(NO_MICROPHONE)
        return MicState(self.backend, device, muted)

    def silence(self, state: MicState) -> None:
        audio = self._audio()
        try:
            audio.set_muted(state.device, True)
        except Exception as problem:  # noqa: BLE001
            raise MicUnavailable(NOT_SUPPORTED.message) from problem

    def guardian_command(self, state: MicState, done: str) -> list[str] | None:
        """A guardian that unmutes if Companion dies mid-session (only for the
        real Core Audio: another process cannot reach a test's fake one)."""
        if self._core_audio is not None and not isinstance(self._core_audio, PycawCoreAudio):
            return None
        from .mic_guardian import command

        return command(state, done)

    def put_back(self, state: MicState) -> bool:
        try:
            self._audio().set_muted(state.device, state.muted)
        except Exception:  # noqa: BLE001 - unplugged or no COM: the guard keeps its note
            return False
        return True
