"""Time that steps: "last" means last logged, whatever the wall clock said
(a call logged while the clock ran 50 minutes fast, then the clock put
right), and the nudge cooldown outlives a restart."""

from __future__ import annotations

import pytest
from faults import QuietMic, close_app

from companion.core.models import NudgeAnswer, NudgeReason, Rating
from companion.core.nudges import LAST_NUDGE_KEY, Nudger

FAST = 50 * 60


def _fast_then_right(clock):
    clock.jump_wall(FAST)
    return lambda: clock.jump_wall(-FAST)


def _rough_calls_after_putting_right(put_right, store, clock, count: int) -> int:
    put_right()
    for _ in range(count):
        clock.advance(60)
        store.log_call(Rating.ROUGH)
    return store.rough_run()


def test_last_call_is_the_last_one_logged_after_the_clock_steps_back(store, clock):
    put_right = _fast_then_right(clock)
    store.log_call(Rating.OK, note="logged while the clock ran fast")
    put_right()
    clock.advance(60)
    store.log_call(Rating.ROUGH, note="logged just now")
    assert store.last_call().note == "logged just now"


def test_rough_run_counts_in_logged_order_after_the_clock_steps_back(store, clock):
    put_right = _fast_then_right(clock)
    store.log_call(Rating.GREAT)
    assert _rough_calls_after_putting_right(put_right, store, clock, 3) == 3


def test_a_breath_while_the_clock_ran_fast_still_starts_the_run_again(store, clock):
    store.log_call(Rating.ROUGH)
    put_right = _fast_then_right(clock)
    breath = store.start_breath("box", 60)
    store.finish_breath(breath.id, completed=True)
    assert _rough_calls_after_putting_right(put_right, store, clock, 2) == 2


def test_a_break_ended_while_the_clock_ran_fast_still_starts_the_run_again(store, clock):
    store.log_call(Rating.ROUGH)
    break_id = store.start_break()
    put_right = _fast_then_right(clock)
    store.end_break(break_id)
    assert _rough_calls_after_putting_right(put_right, store, clock, 1) == 1


# -- the nudge cooldown across a restart -----------------------------------------
def _nudged(clock, settings, answer: NudgeAnswer = NudgeAnswer.NOT_NOW) -> str:
    """A rough-streak nudge given and answered; the note a restart keeps of it."""
    nudger = Nudger(clock, settings)
    nudger.set_rough_run(3)
    assert nudger.due() is NudgeReason.ROUGH_STREAK
    nudger.nudged(NudgeReason.ROUGH_STREAK)
    nudger.answered(NudgeReason.ROUGH_STREAK, answer)
    return nudger.last_nudge_note()


def test_the_cooldown_outlives_a_restart(clock, settings):
    note = _nudged(clock, settings)
    clock.advance(23)
    again = Nudger(clock, settings)
    again.recall(note)
    again.set_rough_run(3)
    assert again.due() is None  # fired again here before
    again.set_rough_run(4)
    assert again.due() is None  # still in the cooldown
    clock.advance(settings["nudge_cooldown_minutes"] * 60)
    assert again.due() is NudgeReason.ROUGH_STREAK


def test_a_last_nudge_in_the_future_counts_as_just_given(clock, settings):
    clock.jump_wall(FAST)
    note = _nudged(clock, settings)
    clock.jump_wall(-FAST)
    again = Nudger(clock, settings)
    again.recall(note)
    again.set_rough_run(5)
    assert again.due() is None
    clock.advance(settings["nudge_cooldown_minutes"] * 60)
    assert again.due() is NudgeReason.ROUGH_STREAK


@pytest.mark.parametrize("note", [None, "", "not json", "[]", '{"at": "yesterday"}', "[" * 100_000])
def test_an_unreadable_note_is_no_cooldown(note, clock, settings):
    nudger = Nudger(clock, settings)
    nudger.recall(note)
    nudger.set_rough_run(3)
    assert nudger.due() is NudgeReason.ROUGH_STREAK


def test_the_tray_keeps_the_cooldown_across_a_restart(qtbot, clock, store, settings):
    from companion.app import CompanionApp, make_qt_app

    make_qt_app()
    first = CompanionApp(clock=clock, store=store, settings=settings, microphone=QuietMic())
    first.settle()
    for _ in range(3):
        clock.advance(60)
        first.log_call(Rating.ROUGH)
    first.windows.tag_popup.close()  # the nudge waits for the call's tag popup
    qtbot.waitUntil(lambda: not first.surfaces_free_timer.isActive())
    (nudge,) = store.nudges()
    first.service.answer_nudge(nudge.id, NudgeAnswer.NOT_NOW)
    assert store.get_meta(LAST_NUDGE_KEY)
    close_app(first, close_store=False)

    clock.advance(23)
    again = CompanionApp(clock=clock, store=store, settings=settings, microphone=QuietMic())
    try:
        again.settle()
        again.check_nudges()
        assert len(store.nudges()) == 1
    finally:
        close_app(again, close_store=False)


# -- a snooze across a restart ------------------------------------------------------

def test_a_snooze_outlives_a_restart(clock, settings):
    note = _nudged(clock, settings, NudgeAnswer.SNOOZE)
    clock.advance(60)
    again = Nudger(clock, settings)
    again.recall(note)
    again.set_rough_run(3)  # the run was nudged already: only the snooze can bring it back
    assert again.due() is None
    clock.advance(settings["snooze_minutes"] * 60 - 60)
    assert again.due() is NudgeReason.ROUGH_STREAK  # forgotten by the restart before


def test_a_snooze_noted_while_the_clock_ran_fast_is_no_longer_than_the_snooze(clock, settings):
    clock.jump_wall(FAST)
    note = _nudged(clock, settings, NudgeAnswer.SNOOZE)
    clock.jump_wall(-FAST)
    again = Nudger(clock, settings)
    again.recall(note)
    clock.advance(settings["snooze_minutes"] * 60)
    assert again.due() is NudgeReason.ROUGH_STREAK


def test_the_service_keeps_the_snooze_in_the_store(clock, store, settings):
    from companion.service.service import Service

    service = Service(store, settings, clock)
    for _ in range(3):
        clock.advance(60)
        service.log_call(Rating.ROUGH)
    nudge = service.due_nudge()
    service.answer_nudge(nudge.id, NudgeAnswer.SNOOZE)
    clock.advance(60)
    again = Service(store, settings, clock)
    assert again.due_nudge() is None
    clock.advance(settings["snooze_minutes"] * 60)
    assert again.due_nudge().reason is NudgeReason.ROUGH_STREAK
