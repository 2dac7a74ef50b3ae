"""Windows (Core Audio) and macOS (input volume) microphones, with the OS
calls replaced by fakes that behave like the real mixer. These run on any
OS; they have not been run against real Windows or macOS audio."""

from __future__ import annotations

import pytest

from companion.platform.mic import ALREADY_MUTED, MUTED, NO_MICROPHONE, NOT_SUPPORTED, MicState
from companion.platform.mixers import mixer_for
from companion.platform.mic_guard import RECOVERED, GuardedMicrophone, read_notes, recover_after_crash
from companion.platform.mic_macos import MacMicrophone
from companion.platform.mic_windows import WindowsMicrophone


class FakeCoreAudio:
    """Endpoints by id with a mute flag; None as default = no microphone."""

    def __init__(self, default: str | None = "{0.0.1.00000000}.{headset}", muted: bool = False) -> None:
        self.default = default
        self.muted = {default: muted} if default else {}
        self.broken = False

    def default_capture(self):
        if self.broken:
            raise OSError("COM is not available")
        return self.default

    def is_muted(self, device_id):
        return self.muted[device_id]

    def set_muted(self, device_id, muted):
        if self.broken or device_id not in self.muted:
            raise OSError("device not found")  # unplugged
        self.muted[device_id] = muted


def test_windows_mutes_the_default_device_and_restores_it():
    audio = FakeCoreAudio()
    mic = WindowsMicrophone(audio)
    assert mic.mute() == MUTED
    assert audio.muted[audio.default] is True
    mic.restore()
    assert audio.muted[audio.default] is False


def test_windows_already_muted_stays_muted():
    audio = FakeCoreAudio(muted=True)
    mic = WindowsMicrophone(audio)
    assert mic.mute() == ALREADY_MUTED
    mic.restore()
    assert audio.muted[audio.default] is True


def test_windows_restore_follows_the_device_not_the_new_default():
    audio = FakeCoreAudio()
    mic = WindowsMicrophone(audio)
    mic.mute()
    headset = audio.default
    audio.default = "{0.0.1.00000000}.{webcam}"
    audio.muted[audio.default] = False
    mic.restore()
    assert audio.muted == {headset: False, audio.default: False}


def test_windows_without_a_microphone_or_com_says_so():
    assert WindowsMicrophone(FakeCoreAudio(default=None)).mute().message == NO_MICROPHONE
    broken = FakeCoreAudio()
    broken.broken = True
    assert WindowsMicrophone(broken).mute() == NOT_SUPPORTED


def test_windows_without_pycaw_is_unsupported_not_an_error():
    # pycaw is a Windows-only dependency: here the import fails, as it would without it.
    assert WindowsMicrophone().mute() == NOT_SUPPORTED


def test_windows_unplugged_headset_keeps_the_note(tmp_path):
    audio = FakeCoreAudio()
    marker = tmp_path / "mic-restore.json"
    mic = GuardedMicrophone(WindowsMicrophone(audio), marker)
    mic.mute()
    headset = audio.default
    del audio.muted[headset]  # unplugged mid-session
    mic.restore()
    assert read_notes(marker)[0]["device"] == headset
    audio.muted[headset] = True  # plugged back in, still muted by us
    from companion.platform import mic_guard

    mic_guard._LIVE.clear()  # as at the next start
    assert recover_after_crash(marker, lambda: WindowsMicrophone(audio)) == RECOVERED
    assert audio.muted[headset] is False


class FakeOsascript:
    """Answers the two AppleScript lines Companion sends, like macOS does."""

    def __init__(self, level: int | None = 75, fail: bool = False) -> None:
        self.level = level
        self.fail = fail
        self.scripts: list[str] = []

    def __call__(self, script: str):
        self.scripts.append(script)
        if self.fail:
            return 1, ""
        if script == "input volume of (get volume settings)":
            return 0, ("missing value" if self.level is None else str(self.level)) + "\n"
        prefix = "set volume input volume "
        if script.startswith(prefix):
            self.level = int(script[len(prefix):])
            return 0, ""
        return 1, ""


def test_macos_turns_input_volume_down_and_back_to_the_same_level():
    osa = FakeOsascript(level=62)
    mic = MacMicrophone(osa)
    assert mic.mute() == MUTED
    assert osa.level == 0
    mic.restore()
    assert osa.level == 62
    assert osa.scripts[1:] == ["set volume input volume 0", "set volume input volume 62"]


def test_macos_zero_input_volume_counts_as_already_muted():
    osa = FakeOsascript(level=0)
    mic = MacMicrophone(osa)
    assert mic.mute() == ALREADY_MUTED
    mic.restore()
    assert osa.level == 0
    assert osa.scripts == ["input volume of (get volume settings)"]


@pytest.mark.parametrize(("osa", "message"), [
    (FakeOsascript(level=None), NO_MICROPHONE),
    (FakeOsascript(fail=True), NOT_SUPPORTED.message),
])
def test_macos_nothing_to_mute_is_said_in_words(osa, message):
    status = MacMicrophone(osa).mute()
    assert (status.supported, status.message) == (False, message)


def test_macos_no_osascript_is_unsupported(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert MacMicrophone().mute() == NOT_SUPPORTED


def test_macos_note_keeps_the_level_for_recovery(tmp_path):
    osa = FakeOsascript(level=48)
    marker = tmp_path / "mic-restore.json"
    GuardedMicrophone(MacMicrophone(osa), marker).mute()  # and then the app is killed
    assert read_notes(marker)[0]["level"] == 48
    from companion.platform import mic_guard

    mic_guard._LIVE.clear()
    assert recover_after_crash(marker, lambda: MacMicrophone(osa)) == RECOVERED
    assert osa.level == 48


def test_each_os_gets_its_mixer():
    assert isinstance(mixer_for("win32"), WindowsMicrophone)
    assert isinstance(mixer_for("darwin"), MacMicrophone)
    assert MicState.from_dict(MicState("macos", "default input", False, 30).to_dict()).level == 30


def test_the_pycaw_layer_makes_the_core_audio_calls(monkeypatch):
    """PycawCoreAudio against stand-in comtypes and pycaw modules shaped like
    the real ones: the default communications capture endpoint, its endpoint
    volume, GetMute and SetMute."""
    import sys
    import types

    calls = []

    class EndpointVolume:
        _iid_ = "{5CDF2C82-841E-4546-9722-0CF74078229A}"
        muted = 0

        def GetMute(self):  # noqa: N802
            return EndpointVolume.muted

        def SetMute(self, value, context):  # noqa: N802
            calls.append(("SetMute", value, context))
            EndpointVolume.muted = value

    class Device:
        def GetId(self):  # noqa: N802
            return "{0.0.1.00000000}.{headset}"

        def Activate(self, iid, clsctx, params):  # noqa: N802
            calls.append(("Activate", iid, clsctx, params))
            return types.SimpleNamespace(QueryInterface=lambda iface: EndpointVolume())

    class Enumerator:
        def GetDefaultAudioEndpoint(self, flow, role):  # noqa: N802
            calls.append(("GetDefaultAudioEndpoint", flow, role))
            return Device()

        def GetDevice(self, device_id):  # noqa: N802
            calls.append(("GetDevice", device_id))
            return Device()

    comtypes = types.ModuleType("comtypes")
    comtypes.CLSCTX_ALL = 23
    pycaw, inner = types.ModuleType("pycaw"), types.ModuleType("pycaw.pycaw")
    inner.AudioUtilities = types.SimpleNamespace(GetDeviceEnumerator=Enumerator)
    inner.IAudioEndpointVolume = EndpointVolume
    pycaw.pycaw = inner
    monkeypatch.setitem(sys.modules, "comtypes", comtypes)
    monkeypatch.setitem(sys.modules, "pycaw", pycaw)
    monkeypatch.setitem(sys.modules, "pycaw.pycaw", inner)

    mic = WindowsMicrophone()
    assert mic.mute() == MUTED
    assert EndpointVolume.muted == 1
    mic.restore()
    assert EndpointVolume.muted == 0
    assert calls[0] == ("GetDefaultAudioEndpoint", 1, 2)  # eCapture, eCommunications
    assert ("GetDevice", "{0.0.1.00000000}.{headset}") in calls
    assert ("Activate", EndpointVolume._iid_, 23, None) in calls
    assert [c for c in calls if c[0] == "SetMute"] == [("SetMute", 1, None), ("SetMute", 0, None)]
