"""The microphone the user set. Companion puts back only what it changed,
and only while the input is still as it left it; two sessions at once do
not unmute under each other. Real processes, real kills, on a real
PulseAudio; the crash-safe note and its guardian on a real PipeWire too
(the tests that take `sound_server` run on both)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faults import REPO, cli, kill_guardians, process_ended
from pipewire import fresh_virtual_source, mute_while_recorded
from pipewire import pipewire_server, sound_server  # noqa: F401 - fixtures
from pulse import MIC, pulse_server  # noqa: F401 - fixture

from companion.core import paths
from companion.platform.mic_guard import done_path, marker_path, read_notes, recover_after_crash
from companion.platform.mic_pulse import PulseMicrophone

# One breathing session in its own process: mute, say so, wait for a line
# on stdin (or a kill), put back, say so.
SESSION = """
import sys
from pathlib import Path
from companion.platform.microphone import system_microphone
mic = system_microphone(Path(sys.argv[1]))
print(mic.mute().message, flush=True)
sys.stdin.readline()
mic.restore()
print("restored", flush=True)
"""


def _session(server, folder: Path) -> subprocess.Popen:
    env = {**os.environ, **server.env,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen([sys.executable, "-c", SESSION, str(folder)], env=env, cwd=REPO,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "Microphone muted for this breathing minute."
    return process


def _end(process: subprocess.Popen) -> None:
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "restored"
    assert process.wait(timeout=10) == 0
    process.stdin.close()
    process.stdout.close()


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    process.stdin.close()
    process.stdout.close()


def test_after_a_crash_the_users_own_mute_is_left_alone(sound_server, tmp_path):
    session = _session(sound_server, tmp_path)
    [note] = read_notes(marker_path(tmp_path))
    _kill(session)
    # The guardian unmutes at once, so the next call is not silent...
    assert process_ended(note["guardian"])
    assert sound_server.mute_of() == "Mute: no"
    assert done_path(marker_path(tmp_path), note["id"]).exists()
    # ...then the agent mutes on purpose, and the next start must not undo it.
    sound_server.set_mute(True)
    assert recover_after_crash(marker_path(tmp_path), PulseMicrophone) is None
    assert sound_server.mute_of() == "Mute: yes"
    assert list(tmp_path.glob("mic-restore*")) == []  # note and guardian's word both gone


def test_the_guardian_unmutes_a_virtual_source_nobody_has_recorded_from(pipewire_server, tmp_path):
    # On PipeWire 1.x it reads "Mute: no", though muted, until it runs (tests/pipewire.py):
    # the guardian must unmute it all the same, or the next call is silent.
    fresh_virtual_source(pipewire_server)
    session = _session(pipewire_server, tmp_path)
    [note] = read_notes(marker_path(tmp_path))
    _kill(session)
    assert process_ended(note["guardian"])
    assert mute_while_recorded(pipewire_server) == "Mute: no"


@pytest.mark.parametrize("change", ["unmuted", "volume"])
def test_with_its_guardian_gone_too_a_changed_input_is_left_alone(change, sound_server, tmp_path):
    session = _session(sound_server, tmp_path)
    assert kill_guardians(marker_path(tmp_path))  # a machine going down takes both
    _kill(session)
    if change == "unmuted":
        sound_server.set_mute(False)
        sound_server.pactl("set-source-volume", MIC, "70%")
        sound_server.set_mute(True)
    else:
        sound_server.pactl("set-source-volume", MIC, "70%")
    assert recover_after_crash(marker_path(tmp_path), PulseMicrophone) is None
    assert sound_server.mute_of() == "Mute: yes"
    assert not marker_path(tmp_path).exists()


def test_unchanged_since_the_crash_it_is_put_back(sound_server, tmp_path):
    session = _session(sound_server, tmp_path)
    assert kill_guardians(marker_path(tmp_path))
    _kill(session)
    assert sound_server.mute_of() == "Mute: yes"
    assert recover_after_crash(marker_path(tmp_path), PulseMicrophone) is not None
    assert sound_server.mute_of() == "Mute: no"


@pytest.mark.parametrize("first_to_end", ["first", "second"])
def test_two_sessions_at_once_do_not_unmute_under_each_other(first_to_end, pulse_server, tmp_path):
    first = _session(pulse_server, tmp_path)
    second = _session(pulse_server, tmp_path)  # found it muted by the first: joins, not "already muted"
    assert len(read_notes(marker_path(tmp_path))) == 2
    early, late = (first, second) if first_to_end == "first" else (second, first)
    _end(early)
    assert pulse_server.mute_of() == "Mute: yes"  # the other session is still breathing
    _end(late)
    assert pulse_server.mute_of() == "Mute: no"  # the user's own state, from before either
    assert not marker_path(tmp_path).exists()


def test_a_change_the_user_makes_mid_session_wins(sound_server, tmp_path):
    session = _session(sound_server, tmp_path)
    sound_server.pactl("set-source-volume", MIC, "40%")
    _end(session)
    assert sound_server.mute_of() == "Mute: yes"
    assert not marker_path(tmp_path).exists()


def _crashed_session(server, data: Path) -> None:
    session = _session(server, data)
    assert kill_guardians(marker_path(data))
    _kill(session)
    assert server.mute_of() == "Mute: yes"


def test_delete_all_puts_the_microphone_back_first(pulse_server):
    _crashed_session(pulse_server, paths.data_dir())
    done = cli({**os.environ, **pulse_server.env}, "delete", "--all", "--yes")
    assert done.returncode == 0, done.stderr
    assert pulse_server.mute_of() == "Mute: no"
    assert not marker_path(paths.data_dir()).exists()


def test_delete_all_keeps_a_restore_it_cannot_do_now(pulse_server):
    _crashed_session(pulse_server, paths.data_dir())
    (paths.data_dir() / "companion.db").write_bytes(b"calls")
    # The sound server is out of reach for the delete: the restore must wait, not vanish.
    done = cli({**os.environ, **pulse_server.env, "PULSE_SERVER": "unix:/nonexistent"}, "delete", "--all", "--yes")
    assert done.returncode == 0, done.stderr
    assert not (paths.data_dir() / "companion.db").exists()
    assert [n["device"] for n in read_notes(marker_path(paths.data_dir()))] == [MIC]
    assert recover_after_crash(marker_path(paths.data_dir()), PulseMicrophone) is not None
    assert pulse_server.mute_of() == "Mute: no"


# -- the Python guardian (Windows and macOS have no shell one), run here on the real PulseAudio --
def _python_guardian(server, tmp_path: Path, state) -> tuple[subprocess.Popen, Path]:
    from companion.platform.mic_guardian import command

    done = tmp_path / "guardian-done"
    env = {**os.environ, **server.env,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command(state, str(done)), env=env, cwd=REPO, stdin=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    return process, done


@pytest.mark.parametrize("meanwhile", ["nothing", "user unmuted"])
def test_the_python_guardian_puts_back_only_what_is_still_as_left(meanwhile, pulse_server, tmp_path):
    mic = PulseMicrophone()
    before = mic.capture()
    assert not before.muted
    mic.silence(before)
    guardian, done = _python_guardian(pulse_server, tmp_path, before)
    if meanwhile == "user unmuted":
        pulse_server.set_mute(False)
        pulse_server.pactl("set-source-volume", MIC, "70%")
    guardian.stdin.close()  # the app died: its end of the pipe closes
    assert guardian.wait(timeout=30) == 0, guardian.stderr.read()
    assert pulse_server.mute_of() == "Mute: no"
    # Only when it did the unmuting itself does it leave the word for the next start.
    assert done.exists() == (meanwhile == "nothing")


def test_the_python_guardian_told_keep_leaves_the_input_alone(pulse_server, tmp_path):
    mic = PulseMicrophone()
    before = mic.capture()
    mic.silence(before)
    guardian, done = _python_guardian(pulse_server, tmp_path, before)
    guardian.communicate("keep\n", timeout=30)
    assert guardian.returncode == 0
    assert pulse_server.mute_of() == "Mute: yes" and not done.exists()


def test_windows_and_macos_sessions_get_the_python_guardian(tmp_path):
    from companion.platform.mic import MicState
    from companion.platform.mic_guardian import FLAG
    from companion.platform.mic_macos import MacMicrophone
    from companion.platform.mic_windows import WindowsMicrophone

    state = MicState("windows", "{0.0.1.00000000}.{mic}", False)
    for mixer in (WindowsMicrophone(), MacMicrophone()):
        argv = mixer.guardian_command(state, str(tmp_path / "done"))
        assert argv[0] == sys.executable and FLAG in argv and argv[-1] == str(tmp_path / "done")
    # A test's fake mixer lives in this process only: no guardian could reach it.
    assert WindowsMicrophone(core_audio=object()).guardian_command(state, "x") is None
    assert MacMicrophone(osascript=lambda script: (0, "50")).guardian_command(state, "x") is None


def test_the_guardian_flag_typed_by_a_person_is_a_plain_message():
    done = cli(dict(os.environ), "--mic-guardian", "what")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "started by Companion itself" in done.stderr
