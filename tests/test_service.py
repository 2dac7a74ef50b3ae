"""The application service on its own, with no Qt: each verb writes what it
must and publishes what changed, and the data file opens the one way."""

from __future__ import annotations

import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from companion.core.models import InvalidEntry, NudgeAnswer, NudgeReason, Rating
from companion.service import BREATHE_RANGE, Change, Service
from companion.service.service import PAUSED_KEY, UNDO_WINDOW, check_whole


@pytest.fixture
def service(store, settings, clock):
    return Service(store, settings, clock)


@pytest.fixture
def events(service):
    seen = []
    service.subscribe(seen.append)
    return seen


def changes(events):
    return [event.change for event in events]


def test_a_logged_call_is_stored_and_published(service, events, store):
    call = service.log_call(Rating.ROUGH, mood=2, tags=["Angry", "angry", "bad  survey"], note="loud")
    assert store.last_call() == call
    assert call.tags == ("angry", "bad survey")
    assert changes(events) == [Change.CALL_LOGGED] and events[0].subject == call


def test_a_bad_call_changes_nothing_and_tells_nobody(service, events, store):
    with pytest.raises(InvalidEntry):
        service.log_call(Rating.OK, note="x\x00y")
    assert store.count_calls() == 0 and events == []


def test_undo_takes_back_only_a_recent_call(service, events, store, clock):
    first = service.log_call(Rating.GREAT)
    assert service.undo_last() == first
    assert store.count_calls() == 0
    assert changes(events) == [Change.CALL_LOGGED, Change.CALL_UNDONE, Change.ROUGH_RUN]
    service.log_call(Rating.OK)
    clock.advance(UNDO_WINDOW.total_seconds() + 60)
    assert service.undoable() is None and service.undo_last() is None
    assert store.count_calls() == 1


def test_editing_and_deleting_recount_the_rough_run(service, events):
    calls = [service.log_call(Rating.ROUGH) for _ in range(2)]
    assert service.refresh_rough_run() == 2
    service.edit_call(calls[1].id, rating=Rating.GREAT)
    service.delete_entry("call", calls[0].id)
    assert service.nudger.rough_run == 0
    assert Change.CALL_CHANGED in changes(events) and Change.ENTRY_DELETED in changes(events)
    assert events[-1] == events[-1].__class__(Change.ROUGH_RUN, 0)


def test_pause_is_kept_in_the_store_for_the_next_start(service, events, store, settings, clock):
    until = service.pause_nudges(30)
    assert until == clock.now() + timedelta(minutes=30)
    assert service.paused_until == until and store.get_meta(PAUSED_KEY) is not None
    assert Service(store, settings, clock).paused_until == until
    service.resume_nudges()
    assert service.paused_until is None and store.get_meta(PAUSED_KEY) is None
    assert changes(events) == [Change.PAUSE_CHANGED, Change.PAUSE_CHANGED]
    assert service.pause_nudges() == clock.now() + timedelta(minutes=settings["pause_minutes"])


def test_a_break_starts_and_ends_and_starts_the_count_again(service, events, store):
    for _ in range(2):
        service.log_call(Rating.ROUGH)
    service.refresh_rough_run()
    service.toggle_break()
    assert service.on_break and store.open_break() == service.break_id
    service.toggle_break()
    assert not service.on_break and store.open_break() is None
    assert service.nudger.rough_run == 0
    assert [c for c in changes(events) if c.name.startswith("BREAK")] == [Change.BREAK_STARTED, Change.BREAK_ENDED]


def test_a_rough_streak_brings_one_nudge_and_its_answer_is_kept(service, events, store, clock):
    for _ in range(3):
        clock.advance(60)
        service.log_call(Rating.ROUGH)
    assert service.due_nudge(busy=True) is None  # breathing already: no nudge
    nudge = service.due_nudge()
    assert nudge.reason is NudgeReason.ROUGH_STREAK
    assert service.due_nudge() is None  # the cooldown
    service.answer_nudge(nudge.id, "snooze")
    assert store.nudges()[0].answer is NudgeAnswer.SNOOZE
    assert events[-1].change is Change.NUDGE_ANSWERED and events[-1].subject is NudgeAnswer.SNOOZE


def test_no_nudge_on_a_break_and_an_expired_pause_ends_by_itself(service, events, clock):
    service.take_break()
    service.pause_nudges(5)
    for _ in range(3):
        service.log_call(Rating.ROUGH)
    assert service.due_nudge() is None  # on a break
    service.end_break()  # a break starts the count again
    for _ in range(3):
        clock.advance(60)
        service.log_call(Rating.ROUGH)
    assert service.due_nudge() is None  # paused
    clock.advance(6 * 60)
    events.clear()
    assert service.due_nudge().reason is NudgeReason.ROUGH_STREAK
    assert events[0].change is Change.PAUSE_CHANGED and events[0].subject is None


def test_a_breathing_session_is_recorded_and_counts_as_a_break(service, events, store, clock):
    service.log_call(Rating.ROUGH, mood=2)
    service.refresh_rough_run()
    session = service.start_breathing("box", 60, mic="muted", mood_within=timedelta(minutes=15))
    assert session.mood_before == 2
    clock.advance(60)
    service.end_breathing(session.id, completed=True)
    service.rate_breathing(session.id, 4)
    kept = store.breath(session.id)
    assert kept.completed and kept.mood_after == 4
    assert service.nudger.rough_run == 0
    assert [c for c in changes(events) if c.name.startswith("BREATH")] == [
        Change.BREATH_STARTED, Change.BREATH_ENDED, Change.BREATH_RATED]


def test_check_in_and_self_check_are_recorded_and_published(service, events, store):
    service.check_in(3)
    service.check_in(None)
    service.take_selfcheck(42.0, "[]", "test")
    assert store.last_checkin()[1] is None
    assert store.last_selfcheck()[1] == 42.0
    assert [(e.change, e.subject) for e in events] == [
        (Change.CHECKED_IN, 3), (Change.CHECKED_IN, None), (Change.SELFCHECK_TAKEN, 42.0)]


def test_first_time_today_is_once_a_day(service, clock):
    assert service.first_time_today("told") is True
    assert service.first_time_today("told") is False
    clock.advance(24 * 3600)
    assert service.first_time_today("told") is True


def test_status_reads_the_same_for_the_app_and_the_command_line(service, clock):
    service.log_call(Rating.ROUGH)
    service.pause_nudges(10)
    status = service.status(running=False)
    assert status["running"] is False and status["rough_run"] == 1 and status["calls_today"] == 1
    assert status["nudges_paused_until"] == service.paused_until.isoformat()


def said(service) -> list[str]:
    from companion.service.tray_status import status_lines

    return [line.text() for line in status_lines(service)]


def test_the_tray_s_status_lines_say_the_day_the_break_and_the_pause(service, clock):
    assert said(service) == ["Calls today: 0"]
    service.log_call(Rating.OK)
    service.log_call(Rating.ROUGH)
    service.log_call(Rating.ROUGH)
    assert said(service) == ["Calls today: 3, 2 rough in a row"]
    service.take_break()
    service.pause_nudges(30)  # 09:00 + 30 min
    assert said(service) == ["On a break", "Nudges paused until 09:30", "Calls today: 3"]  # a break ends the run
    service.end_break()
    clock.advance(31 * 60)  # the pause is over, whether or not anyone resumed it
    assert said(service) == ["Calls today: 3"]
    clock.advance(24 * 3600)
    assert said(service) == ["Calls today: 0"]  # a new day's count
    service.call_started()  # a softphone's hook
    assert said(service) == ["On a call", "Calls today: 0"]
    service.call_ended()
    assert said(service) == ["Calls today: 0"]


@pytest.mark.parametrize("mic, line, warning", [
    ("muted", "Microphone muted for breathing", False),
    ("already muted", "Microphone muted for breathing", False),
    ("unsupported", "Microphone NOT muted", True),  # could not be muted, or no mixer here
    ("", "Microphone NOT muted", True),  # nothing said it was muted: never claim it
])
def test_the_tray_says_whether_the_mic_is_muted_while_breathing(service, mic, line, warning):
    from companion.service.tray_status import MOST_LINES, status_lines

    service.take_break()
    service.pause_nudges(30)
    service.call_started()
    session = service.start_breathing("box", 60, mic=mic)
    lines = status_lines(service)
    assert len(lines) == MOST_LINES - 1  # all but the full disk's line
    assert lines[0].text() == line and lines[0].warning is warning  # the first thing said
    assert not any(other.warning for other in lines[1:])
    service.end_breathing(session.id, completed=False)
    assert not any("Microphone" in text for text in said(service))


def test_ranges_come_from_the_settings_schema():
    from companion.core.settings import BY_KEY

    setting = BY_KEY["session_seconds"]
    assert BREATHE_RANGE == (setting.minimum, setting.maximum)
    assert check_whole(None, BREATHE_RANGE, "seconds") is None
    assert check_whole(90, BREATHE_RANGE, "seconds") == 90
    with pytest.raises(InvalidEntry, match="from 30 to 600"):
        check_whole(5, BREATHE_RANGE, "seconds")


def test_the_data_file_opens_one_way_repaired_for_the_app_as_it_is_for_scripts(clock):
    from companion.core import paths
    from companion.core.store import DamagedStore
    from companion.service.opening import open_service

    paths.database_path().parent.mkdir(parents=True, exist_ok=True)
    junk = b"not a database " * 300
    paths.database_path().write_bytes(junk)
    with pytest.raises((DamagedStore, sqlite3.DatabaseError)):
        open_service(repair=False, clock=clock)
    assert paths.database_path().read_bytes() == junk  # a script leaves it as it was
    service, notices = open_service(repair=True, clock=clock)
    try:
        assert any("fresh one was started" in notice for notice in notices)
        assert service.log_call(Rating.OK).id == 1
    finally:
        service.close()


def test_the_service_loads_no_qt():
    import subprocess

    code = ("import sys, companion.service, companion.service.opening; "
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'pyqtgraph', 'numpy')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
