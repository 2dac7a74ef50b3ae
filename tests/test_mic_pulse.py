"""Muting the microphone through a real sound server, read back with pactl:
each test that takes `sound_server` runs on PulseAudio and on PipeWire."""

from __future__ import annotations

import os
import subprocess

from pipewire import FRESH, fresh_virtual_source, mute_while_recorded
from pipewire import pipewire_server, sound_server  # noqa: F401 - fixtures
from pulse import MIC, SINK, no_pulse_server  # noqa: F401 - fixture

from companion.platform.mic import ALREADY_MUTED, MUTED, NO_MICROPHONE, NOT_SUPPORTED, MicState
from companion.platform.mixers import mixer_for
from companion.platform.mic_pulse import PulseMicrophone, parse_list, run_pactl


def test_mute_then_restore_reads_back_from_the_server(sound_server):
    mic = PulseMicrophone()
    assert sound_server.mute_of() == "Mute: no"
    status = mic.mute()
    assert status == MUTED
    assert status.message == "Microphone muted for this breathing minute."
    assert sound_server.mute_of() == "Mute: yes"
    mic.restore()
    assert sound_server.mute_of() == "Mute: no"


def test_a_user_who_was_muted_stays_muted(sound_server):
    sound_server.set_mute(True)
    mic = PulseMicrophone()
    status = mic.mute()
    assert status == ALREADY_MUTED
    assert status.message == "Your microphone was already muted; it stays muted."
    mic.restore()
    assert sound_server.mute_of() == "Mute: yes"


def test_unmuting_by_hand_mid_session_is_respected_when_already_muted(sound_server):
    # Muted before, unmuted by hand to speak: the end of the minute must not mute again.
    sound_server.set_mute(True)
    mic = PulseMicrophone()
    mic.mute()
    sound_server.set_mute(False)
    mic.restore()
    assert sound_server.mute_of() == "Mute: no"


def test_muting_twice_still_restores_the_first_state(sound_server):
    mic = PulseMicrophone()
    assert mic.mute() == MUTED
    assert mic.mute() == MUTED  # not "already muted": that would restore to muted
    mic.restore()
    mic.restore()  # a second restore (window close, then quit) changes nothing
    assert sound_server.mute_of() == "Mute: no"


def test_restore_goes_to_the_remembered_source_even_if_the_default_changed(sound_server):
    mic = PulseMicrophone()
    mic.mute()
    sound_server.pactl("set-default-source", f"{SINK}.monitor")
    mic.restore()
    assert sound_server.mute_of(MIC) == "Mute: no"


def test_a_monitor_as_default_source_is_no_microphone(sound_server):
    sound_server.pactl("set-default-source", f"{SINK}.monitor")
    status = PulseMicrophone().mute()
    assert (status.supported, status.muted_by_us, status.message) == (False, False, NO_MICROPHONE)
    assert sound_server.mute_of(f"{SINK}.monitor") == "Mute: no"


def test_no_sound_server_is_an_honest_unsupported_status(no_pulse_server):
    mic = PulseMicrophone()
    assert mic.mute() == NOT_SUPPORTED
    mic.restore()  # nothing to restore, and no error


def test_no_pactl_is_an_honest_unsupported_status(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no pactl anywhere
    assert PulseMicrophone().mute() == NOT_SUPPORTED


def test_a_hanging_pactl_times_out_quickly(tmp_path, monkeypatch):
    fake = tmp_path / "pactl"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    mic = PulseMicrophone(lambda args: run_pactl(args, timeout=0.3))
    assert mic.mute() == NOT_SUPPORTED


def test_put_back_reports_a_source_that_is_gone(sound_server):
    mic = PulseMicrophone()
    assert mic.put_back(MicState("pulse", "unplugged_headset", False)) is False
    assert mic.put_back(MicState("pulse", MIC, False)) is True


def test_linux_picks_the_pulse_mixer():
    assert isinstance(mixer_for("linux"), PulseMicrophone)


def test_old_pactl_without_get_default_source_uses_info():
    answers = {
        ("get-default-source",): (1, ""),
        ("info",): (0, "Server Name: pulseaudio\nDefault Source: headset_mic\n"),
        ("list", "sources"): (0, "Source #3\n\tName: headset_mic\n\tMute: no\n\tMonitor of Sink: n/a\n"),
    }
    state = PulseMicrophone(lambda args: answers[tuple(args)]).capture()
    assert state == MicState("pulse", "headset_mic", False)


def test_parse_list_reads_fields_and_properties(sound_server):
    text = subprocess.run(
        ["pactl", "list", "sources"], env={**sound_server.env}, capture_output=True, text=True, check=True
    ).stdout
    by_name = {b.fields["Name"]: b for b in parse_list(text, "Source")}
    assert by_name[MIC].fields["Monitor of Sink"] == "n/a"
    assert by_name[f"{SINK}.monitor"].fields["Monitor of Sink"] == SINK
    assert by_name[f"{SINK}.monitor"].properties["device.class"] == "monitor"


# PipeWire 1.x reads such a source's mute back only once it has run (see OBJECTS in tests/pipewire.py):
# these read what a recorder then gets.
def test_a_virtual_source_nobody_has_recorded_from_is_really_muted(pipewire_server):
    fresh_virtual_source(pipewire_server)
    mic = PulseMicrophone()
    assert mic.mute() == MUTED
    assert mute_while_recorded(pipewire_server) == "Mute: yes"
    mic.restore()
    assert pipewire_server.mute_of(FRESH) == "Mute: no"


def test_a_virtual_source_nobody_has_recorded_from_is_really_unmuted_after(pipewire_server):
    fresh_virtual_source(pipewire_server)
    mic = PulseMicrophone()
    assert mic.mute() == MUTED
    mic.restore()
    assert mute_while_recorded(pipewire_server) == "Mute: no"


def test_an_unmute_goes_to_the_node_itself_only_for_a_local_pipewire_source_without_a_card(monkeypatch):
    listing = (
        'Source #1\n\tName: virtual_mic\n\tMute: no\n\tMonitor of Sink: n/a\n\tProperties:\n\t\tobject.id = "53"\n'
        'Source #2\n\tName: headset_mic\n\tMute: no\n\tMonitor of Sink: n/a\n\tProperties:\n'
        '\t\tobject.id = "60"\n\t\tdevice.id = "40"\n'  # a card's: its route holds the mute
        'Source #3\n\tName: pulseaudio_mic\n\tMute: no\n\tMonitor of Sink: n/a\n'  # PulseAudio names no object.id
    )
    sent = []
    mic = PulseMicrophone(lambda args: (0, listing) if args[0] == "list" else (0, ""),
                          lambda args: sent.append(list(args)) or 0)
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    for name in ("virtual_mic", "headset_mic", "pulseaudio_mic"):
        assert mic.put_back(MicState("pulse", name, False)) is True
    assert mic.put_back(MicState("pulse", "virtual_mic", True)) is True  # back to muted: pactl's mute gets through
    assert sent == [["set-param", "53", "Props", "{ mute: false }"]]
    monkeypatch.setenv("PULSE_SERVER", "tcp:studio.local")  # another machine's ids: pw-cli would reach ours
    assert mic.put_back(MicState("pulse", "virtual_mic", False)) is True
    assert len(sent) == 1
