"""The restore note: written before muting, removed after restoring, and used
at the next start when a run died with the microphone muted. Real PulseAudio,
real processes killed with real signals."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import kill_guardians
from pulse import MIC, no_pulse_server, pulse_server  # noqa: F401 - fixtures

from companion.platform import mic_guard
from companion.platform.mic import ALREADY_MUTED, MUTED, MicState
from companion.platform.microphone import system_microphone
from companion.platform.mic_guard import (
    NO_NOTE,
    NOT_RECOVERED,
    RECOVERED,
    GuardedMicrophone,
    marker_path,
    read_notes,
    recover_after_crash,
)
from companion.platform.mic_pulse import PulseMicrophone

REPO = Path(__file__).resolve().parents[1]


def python_env(server) -> dict[str, str]:
    env = {**os.environ, **server.env}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return env


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)  # a real process doing real work
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def test_note_is_written_while_muted_and_removed_after_restore(pulse_server, tmp_path):
    marker = tmp_path / "data" / "mic-restore.json"
    mic = GuardedMicrophone(PulseMicrophone(), marker)
    assert mic.mute() == MUTED
    assert pulse_server.mute_of() == "Mute: yes"
    [note] = read_notes(marker)
    assert (note["backend"], note["device"], note["muted"]) == ("pulse", MIC, False)
    assert note["pid"] == os.getpid()
    assert note["host"] == socket.gethostname()
    assert note["time"].endswith("+00:00")
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    mic.restore()
    assert pulse_server.mute_of() == "Mute: no"
    assert not marker.exists()
    assert [p.name for p in marker.parent.iterdir()] == []  # no temporary file left behind


def test_the_note_is_on_disk_before_the_microphone_is_muted(tmp_path):
    marker = tmp_path / "mic-restore.json"
    seen = []

    class Watching(PulseMicrophone):
        def capture(self):
            return MicState("pulse", "mic", False)

        def silence(self, state):
            seen.append(read_notes(marker))

    GuardedMicrophone(Watching(), marker).mute()
    assert len(seen) == 1 and seen[0][0]["device"] == "mic"


def test_already_muted_writes_no_note_and_stays_muted(pulse_server, tmp_path):
    pulse_server.set_mute(True)
    marker = tmp_path / "mic-restore.json"
    mic = GuardedMicrophone(PulseMicrophone(), marker)
    assert mic.mute() == ALREADY_MUTED
    assert not marker.exists()
    mic.restore()
    assert pulse_server.mute_of() == "Mute: yes"


def test_no_note_no_mute(pulse_server, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    status = GuardedMicrophone(PulseMicrophone(), blocker / "mic-restore.json").mute()
    assert (status.supported, status.message) == (False, NO_NOTE)
    assert pulse_server.mute_of() == "Mute: no"


def test_no_server_is_unsupported_and_writes_no_note(no_pulse_server, tmp_path):
    marker = tmp_path / "mic-restore.json"
    mic = system_microphone(tmp_path)
    status = mic.mute()
    assert not status.supported
    assert "Use the mute button on your headset or softphone." in status.message
    mic.restore()
    assert not marker.exists()


def test_system_microphone_keeps_its_note_in_the_data_folder(pulse_server):
    mic = system_microphone()
    mic.mute()
    assert marker_path().parent == Path(os.environ["XDG_DATA_HOME"]) / "companion"
    assert read_notes(marker_path())[0]["device"] == MIC
    mic.restore()
    assert not marker_path().exists()


MUTE_AND_HANG = """
import sys, time
from pathlib import Path
from companion.platform.microphone import system_microphone
mic = system_microphone(Path(sys.argv[1]))
print(mic.mute().message, flush=True)
time.sleep(60)
"""


def test_next_start_unmutes_after_a_kill_9(pulse_server, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", MUTE_AND_HANG, str(tmp_path)], env=python_env(pulse_server),
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout.readline().strip() == MUTED.message
        # Its guardian goes down too, as with a power cut: only the note is left.
        assert kill_guardians(marker_path(tmp_path))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=5)
    finally:
        process.kill()
        process.stdout.close()
    assert pulse_server.mute_of() == "Mute: yes"  # the crash left it muted...
    marker = marker_path(tmp_path)
    assert read_notes(marker)[0]["pid"] == process.pid
    assert recover_after_crash(marker, PulseMicrophone) == RECOVERED  # ...the next start fixes it
    assert pulse_server.mute_of() == "Mute: no"
    assert not marker.exists()
    assert recover_after_crash(marker, PulseMicrophone) is None  # and says nothing the time after


def test_a_session_still_running_in_another_companion_is_left_alone(pulse_server, tmp_path):
    # e.g. `companion breathe` from a hotkey while the tray app starts.
    process = subprocess.Popen(
        [sys.executable, "-c", MUTE_AND_HANG, str(tmp_path)], env=python_env(pulse_server),
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout.readline().strip() == MUTED.message
        assert recover_after_crash(marker_path(tmp_path), PulseMicrophone) is None
        assert pulse_server.mute_of() == "Mute: yes"
    finally:
        kill_guardians(marker_path(tmp_path))  # down with it, so only the next start can restore
        process.kill()
        process.wait()
        process.stdout.close()
    assert recover_after_crash(marker_path(tmp_path), PulseMicrophone) == RECOVERED
    assert pulse_server.mute_of() == "Mute: no"


def test_recovery_without_a_sound_server_keeps_the_note_for_next_time(pulse_server, tmp_path, monkeypatch):
    marker = tmp_path / "mic-restore.json"
    pulse_server.set_mute(True)
    write_orphan(marker, MicState("pulse", MIC, False))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'not-yet-started'}")  # login: pulse not up yet
    assert recover_after_crash(marker, PulseMicrophone) == NOT_RECOVERED
    assert len(read_notes(marker)) == 1
    monkeypatch.setenv("PULSE_SERVER", pulse_server.env["PULSE_SERVER"])
    assert recover_after_crash(marker, PulseMicrophone) == RECOVERED
    assert pulse_server.mute_of() == "Mute: no"


def test_two_notes_for_one_source_end_on_the_oldest_state(pulse_server, tmp_path):
    marker = tmp_path / "mic-restore.json"
    pulse_server.set_mute(True)
    write_orphan(marker, MicState("pulse", MIC, False))  # the user's real state
    write_orphan(marker, MicState("pulse", MIC, True))  # a later run saw our own mute
    assert recover_after_crash(marker, PulseMicrophone) == RECOVERED
    assert pulse_server.mute_of() == "Mute: no"


def test_notes_from_another_machine_or_mixer_are_kept(pulse_server, tmp_path):
    marker = tmp_path / "mic-restore.json"
    pulse_server.set_mute(True)
    write_orphan(marker, MicState("pulse", MIC, False), host="another-desk")
    write_orphan(marker, MicState("macos", "default input", False, 40))
    assert recover_after_crash(marker, PulseMicrophone) is None
    assert pulse_server.mute_of() == "Mute: yes"
    assert len(read_notes(marker)) == 2


def test_a_damaged_note_does_not_stop_the_app(tmp_path):
    marker = tmp_path / "mic-restore.json"
    marker.write_text("{not json")
    assert recover_after_crash(marker, PulseMicrophone) is None


EXIT_WITHOUT_RESTORE = """
import sys, time
from pathlib import Path
from companion.platform.microphone import system_microphone
from companion.platform.mic_guard import install_exit_guards
mic = system_microphone(Path(sys.argv[1]))
install_exit_guards(mic)
print(mic.mute().message, flush=True)
if sys.argv[2] == "exception":
    raise RuntimeError("something went wrong mid-session")
time.sleep(60)
"""


@pytest.mark.parametrize("ending", ["exception", "SIGHUP"])
def test_exit_guards_restore_on_the_way_out(pulse_server, tmp_path, ending):
    process = subprocess.Popen(
        [sys.executable, "-c", EXIT_WITHOUT_RESTORE, str(tmp_path), ending], env=python_env(pulse_server),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert process.stdout.readline().strip() == MUTED.message
        if ending == "SIGHUP":
            process.send_signal(signal.SIGHUP)
        code = process.wait(timeout=10)
    finally:
        process.kill()
        process.stdout.close()
    assert code == (1 if ending == "exception" else -signal.SIGHUP)
    assert pulse_server.mute_of() == "Mute: no"
    assert not marker_path(tmp_path).exists()


def write_orphan(marker: Path, state: MicState, host: str | None = None) -> None:
    """A note as a dead earlier run would have left it."""
    note_id = mic_guard.add_note(marker, state)
    mic_guard._LIVE.discard(note_id)
    notes = read_notes(marker)
    for note in notes:
        if note["id"] == note_id:
            note["pid"] = 2**22 + 7  # beyond any pid_max here: nobody
            if host:
                note["host"] = host
    marker.write_text(json.dumps({"version": 1, "notes": notes}))


def test_a_restore_that_failed_is_retried_at_the_next_mute(pulse_server, tmp_path, monkeypatch):
    marker = tmp_path / "mic-restore.json"
    mic = GuardedMicrophone(PulseMicrophone(), marker)
    mic.mute()
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'restarting'}")  # the sound server is away
    mic.restore()
    assert pulse_server.mute_of() == "Mute: yes"
    assert len(read_notes(marker)) == 1  # kept, not forgotten
    monkeypatch.setenv("PULSE_SERVER", pulse_server.env["PULSE_SERVER"])
    assert mic.mute() == MUTED  # not "already muted": the old state came back first
    mic.restore()
    assert pulse_server.mute_of() == "Mute: no"
    assert not marker.exists()


def test_an_unreadable_note_is_dropped_without_claiming_a_rescue(tmp_path):
    marker = tmp_path / "mic-restore.json"
    marker.write_text(json.dumps({"version": 1, "notes": [{"id": "x", "pid": 2**22 + 7, "backend": "pulse"}]}))
    assert recover_after_crash(marker, PulseMicrophone) is None
    assert not marker.exists()
