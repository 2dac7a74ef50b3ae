"""Never leave the microphone muted by mistake.

Before Companion mutes an input it writes a small note (which input, how it
was before, which process, when) to the data folder, and removes the note
once the input is back as it was. If the app dies in between - a crash, a
kill -9, a power cut - the note survives, and `recover_after_crash` at the
next start puts the input back.

The note holds a list, newest last, so a restore that fails now (sound server
gone, headset unplugged) is kept for the next start without losing a note
written later. Restoring newest first ends on the oldest state: the one the
user really had."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.files import write_private
from .mic import ALREADY_MUTED, MUTED, MicState, MicStatus, MicUnavailable, SwitchableMicrophone
from .mixers import mixer_for

MARKER_NAME = "mic-restore.json"
RECOVERED = "Companion had muted your microphone when it stopped unexpectedly; it has been unmuted."
NOT_RECOVERED = (
    "Companion had muted your microphone when it stopped unexpectedly and could not unmute it just now. "
    "Please check that your microphone is on; Companion will try again at its next start."
)
NO_NOTE = (
    "Your microphone was not muted, because Companion could not save the note it needs to unmute it "
    "safely. Use the mute button on your headset or softphone."
)

# Notes written by this process and not yet removed: recovery must not undo
# a mute that is still in progress here.
_LIVE: set[str] = set()


def marker_path(data_dir: Path | None = None) -> Path:
    if data_dir is None:
        from ..core import paths

        data_dir = paths.data_dir()
    return Path(data_dir) / MARKER_NAME


class GuardedMicrophone:
    """A Microphone: `inner` does the muting, this keeps the note.

    Only what Companion changed is put back, and only while the input is
    still as Companion left it: the note holds how it looked right after our
    mute ("left"), and a user's change since (unmuted, volume, port) wins. A
    second session while another Companion's mute is on joins it instead of
    taking "muted" for the user's state, and whichever ends last puts the
    input back. Where the mixer offers one, a guardian process unmutes at once
    if this process dies mid-session (mic_pulse.GUARDIAN)."""

    def __init__(self, inner: SwitchableMicrophone, marker: Path) -> None:
        self.inner = inner
        self.marker = Path(marker)
        self._state: MicState | None = None
        self._status: MicStatus | None = None
        self._note: str | None = None
        self._guardian: subprocess.Popen | None = None

    def mute(self) -> MicStatus:
        if self._status is not None:
            return self._status
        # A restore that failed earlier (sound server restarting, headset
        # out) gets another go first, so its state is not mistaken for the
        # user's own.
        recover_after_crash(self.marker, lambda: self.inner)
        try:
            state = self.inner.capture()
        except MicUnavailable as problem:
            return MicStatus(False, False, problem.message)
        holder = _live_holder(self.marker, state) if state.muted else None
        if state.muted and holder is None:
            # Nothing changes, so there is nothing to put back and no note.
            self._state, self._status = state, ALREADY_MUTED
            return self._status
        if holder is not None:
            # Another Companion's session muted it: ours ends on that one's state.
            state = MicState.from_dict(holder)
        try:
            note = add_note(self.marker, state, joined=holder)
        except OSError:
            return MicStatus(False, False, NO_NOTE)
        self._state, self._note = state, note
        if holder is None:
            try:
                self.inner.silence(state)
            except MicUnavailable as problem:
                self.restore()
                return MicStatus(False, False, problem.message)
            self._guard(state, note)
        self._status = MUTED
        return self._status

    def _guard(self, state: MicState, note: str) -> None:
        left = _fingerprint(self.inner, state)
        command = getattr(self.inner, "guardian_command", None)
        argv = command(state, str(done_path(self.marker, note))) if command else None
        if argv:
            try:
                self._guardian = subprocess.Popen(
                    argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            except OSError:
                self._guardian = None
        with contextlib.suppress(OSError):
            update_note(self.marker, note, left=left,
                        guardian=self._guardian.pid if self._guardian is not None else None)

    def _dismiss_guardian(self) -> None:
        guardian, self._guardian = self._guardian, None
        if guardian is None:
            return
        with contextlib.suppress(OSError, ValueError):
            guardian.stdin.write(b"keep\n")
            guardian.stdin.close()
        try:
            guardian.wait(timeout=2)
        except subprocess.TimeoutExpired:
            guardian.kill()
            guardian.wait()

    def restore(self) -> None:
        state, note = self._state, self._note
        self._state = self._status = self._note = None
        self._dismiss_guardian()
        if state is None or state.muted:
            return
        if note is None:
            return
        notes = read_notes(self.marker)
        mine = next((n for n in notes if n["id"] == note), {})
        if _live_holder(self.marker, state, besides=note, notes=notes) is not None:
            pass  # another session still runs: the last one to end puts it back
        elif not _still_as_left(self.inner, state, mine):
            pass  # the user changed it since we muted: their change wins
        elif not _put_back(self.inner, state):
            _LIVE.discard(note)  # no longer in progress: the next mute or start retries it
            return
        try:
            remove_notes(self.marker, {note})
        except OSError:
            pass  # the next start finds the note and restores again: harmless


def recover_after_crash(
    marker: Path, inner_factory: Callable[[], SwitchableMicrophone] = mixer_for
) -> str | None:
    """At app start: put back any input a previous run left muted. Returns a
    sentence for the user, or None when there was nothing to do."""
    marker = Path(marker)
    notes = read_notes(marker)
    orphans = [n for n in notes if _orphaned(n)]
    if not orphans:
        return None
    inner = inner_factory()
    restored: set[str] = set()
    unreadable: set[str] = set()
    failed = False
    for note in reversed(orphans):
        try:
            state = MicState.from_dict(note)
        except (KeyError, TypeError, ValueError):
            unreadable.add(note["id"])  # it can never be restored: let it go
            continue
        if state.backend != inner.backend:
            continue
        if _live_holder(marker, state, notes=notes) is not None:
            continue  # a session running now holds the input; it puts it back
        if done_path(marker, note["id"]).exists():
            unreadable.add(note["id"])  # its guardian unmuted at the crash: what is there now is the user's
            continue
        if not _still_as_left(inner, state, note):
            unreadable.add(note["id"])  # changed since Companion left it: the user's change wins
            continue
        if _put_back(inner, state):
            restored.add(note["id"])
        else:
            failed = True
    try:
        remove_notes(marker, restored | unreadable)
    except OSError:
        pass
    for note_id in restored | unreadable:
        done_path(marker, note_id).unlink(missing_ok=True)
    if failed:
        return NOT_RECOVERED
    return RECOVERED if restored else None


def recover_system_microphone(data_dir: Path | None = None) -> str | None:
    return recover_after_crash(marker_path(data_dir), mixer_for)


def install_exit_guards(mic: GuardedMicrophone) -> None:
    """Restore on every ordinary way out of the interpreter. SIGTERM and
    SIGINT are the app's (its Qt loop quits and restores); here SIGHUP - a
    closed terminal or a logout - is covered when nobody else handles it."""
    atexit.register(mic.restore)
    hup = getattr(signal, "SIGHUP", None)
    if hup is None or signal.getsignal(hup) is not signal.SIG_DFL:
        return

    def on_hangup(signum, _frame) -> None:
        mic.restore()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(hup, on_hangup)


# -- the note on disk ---------------------------------------------------------
def read_notes(marker: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        return []
    notes = data.get("notes") if isinstance(data, dict) else None
    return [n for n in notes if isinstance(n, dict) and isinstance(n.get("id"), str)] if isinstance(notes, list) else []


def add_note(marker: Path, state: MicState, joined: dict[str, Any] | None = None) -> str:
    """`joined`: the live note of the session whose mute this one shares; its
    "left" fingerprint is how the input should still look at our end."""
    note_id = f"{os.getpid()}-{datetime.now(timezone.utc).timestamp():.6f}"
    note = {
        **state.to_dict(),
        "id": note_id,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if joined is not None:
        note.update(joined=joined["id"], left=joined.get("left"))
    _write(marker, [*read_notes(marker), note])
    _LIVE.add(note_id)
    return note_id


def rewrite_notes(marker: Path, notes: list[dict[str, Any]]) -> None:
    """Put `notes` back after their folder was emptied (delete --all): a
    restore still pending must outlive the data it was kept beside."""
    _write(marker, notes)


def update_note(marker: Path, note_id: str, **fields: Any) -> None:
    notes = read_notes(marker)
    for note in notes:
        if note["id"] == note_id:
            note.update(fields)
    _write(marker, notes)


def done_path(marker: Path, note_id: str) -> Path:
    """Where a guardian says it unmuted at the crash of the note's session."""
    return marker.with_name(f"{marker.name}.{note_id}.restored")


def remove_notes(marker: Path, note_ids: set[str]) -> None:
    if not note_ids:
        return
    _write(marker, [n for n in read_notes(marker) if n["id"] not in note_ids])
    _LIVE.difference_update(note_ids)


def _write(marker: Path, notes: list[dict[str, Any]]) -> None:
    if not notes:
        marker.unlink(missing_ok=True)
        return
    # Written whole and synced, rename included, before anything is muted.
    marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(marker, json.dumps({"version": 1, "notes": notes}, indent=1))


def _fingerprint(inner: SwitchableMicrophone, state: MicState) -> str | None:
    look = getattr(inner, "fingerprint", None)
    try:
        return look(state.device) if look else None
    except Exception:  # noqa: BLE001 - no fingerprint only means "cannot tell"
        return None


def _still_as_left(inner: SwitchableMicrophone, state: MicState, note: dict[str, Any]) -> bool:
    """True unless the note says how Companion left the input and it looks
    different now. Without a fingerprint (older notes, other mixers) we cannot
    tell, and a muted mic left muted by mistake is the greater harm."""
    left = note.get("left")
    if not left:
        return True
    now = _fingerprint(inner, state)
    return now is None or now == left


def _live_holder(
    marker: Path, state: MicState, besides: str | None = None, notes: list[dict[str, Any]] | None = None
) -> dict[str, Any] | None:
    """The note of a session that is running now (here or in another
    Companion) and holds `state`'s input muted, other than note `besides`."""
    for note in read_notes(marker) if notes is None else notes:
        if note["id"] == besides or note.get("muted") is not False:
            continue
        if (note.get("backend"), note.get("device")) != (state.backend, state.device):
            continue
        if not _orphaned(note):
            return note
    return None


def _put_back(inner: SwitchableMicrophone, state: MicState) -> bool:
    try:
        return inner.put_back(state)
    except Exception:  # noqa: BLE001 - an OS mixer error must not stop a quit; the note stays
        return False


def _orphaned(note: dict[str, Any]) -> bool:
    """True when no running Companion is behind the note."""
    if note["id"] in _LIVE:
        return False
    if note.get("host") not in (None, socket.gethostname()):
        return False  # a home folder shared between machines: not ours to undo
    pid = note.get("pid")
    return not (isinstance(pid, int) and pid != os.getpid() and _companion_running(pid))


def _companion_running(pid: int) -> bool:
    if sys.platform == "win32":
        # os.kill would end the process there; a stale note is the lesser risk.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process: a reused pid, not our app
    if Path("/proc/self").exists():
        # A pid can be reused after a crash: only a Companion process counts.
        try:
            return b"companion" in Path(f"/proc/{pid}/cmdline").read_bytes().lower()
        except OSError:
            return False
    return True
