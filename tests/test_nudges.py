"""The nudge policy over simulated hours: a FakeClock moves, nothing sleeps."""

from datetime import datetime

import pytest

from companion.core.clock import FakeClock
from companion.core.models import NudgeAnswer, NudgeReason
from companion.core.nudges import Nudger, within
from companion.core.settings import SCHEMA


@pytest.fixture
def values():
    return {s.key: s.default for s in SCHEMA}


@pytest.fixture
def nudger(clock, values):
    return Nudger(clock, values)


def run_day(nudger, clock, minutes, step=1):
    """Walk the clock forward minute by minute, answering each nudge 'not now'."""
    seen = []
    for _ in range(0, minutes, step):
        clock.advance(step * 60)
        reason = nudger.due()
        if reason:
            nudger.nudged(reason)
            nudger.answered(reason, NudgeAnswer.NOT_NOW)
            seen.append((clock.now().strftime("%H:%M"), reason))
    return seen


def test_rough_streak_nudges_once_per_run(nudger):
    nudger.set_rough_run(2)
    assert nudger.due() is None
    nudger.set_rough_run(3)
    assert nudger.due() is NudgeReason.ROUGH_STREAK
    nudger.nudged(NudgeReason.ROUGH_STREAK)
    nudger.answered(NudgeReason.ROUGH_STREAK, NudgeAnswer.NOT_NOW)
    assert nudger.due() is None


def test_cooldown_holds_back_the_next_nudge(nudger, clock):
    nudger.set_rough_run(3)
    nudger.nudged(nudger.due())
    nudger.set_rough_run(4)
    clock.advance(19 * 60)
    assert nudger.due() is None
    clock.advance(61)
    assert nudger.due() is NudgeReason.ROUGH_STREAK


def test_break_resets_the_run_and_the_stretch(nudger, clock):
    clock.advance(80 * 60)
    nudger.set_rough_run(3)
    nudger.break_taken()
    assert nudger.rough_run == 0
    clock.advance(80 * 60)
    assert nudger.due() is None
    clock.advance(10 * 60)
    assert nudger.due() is NudgeReason.LONG_STRETCH


def test_long_stretch_after_ninety_minutes_then_not_every_cooldown(nudger, clock):
    seen = run_day(nudger, clock, 8 * 60)
    assert seen[0] == ("10:30", NudgeReason.LONG_STRETCH)
    # After "not now" it waits half the stretch (45 min), not just the 20-minute cooldown.
    assert [t for t, _ in seen[:3]] == ["10:30", "11:15", "12:00"]
    assert all(t < "17:30" for t, _ in seen)


def test_stretch_reminder_can_be_off(clock, values):
    values["break_after_minutes"] = 0
    assert run_day(Nudger(clock, values), clock, 8 * 60) == []


def test_snooze_brings_the_same_nudge_back_after_the_snooze(nudger, clock, values):
    values["nudge_cooldown_minutes"] = 5
    nudger.set_rough_run(3)
    reason = nudger.due()
    nudger.nudged(reason)
    nudger.answered(reason, NudgeAnswer.SNOOZE)
    clock.advance(9 * 60)
    assert nudger.due() is None
    clock.advance(60)
    assert nudger.due() is NudgeReason.ROUGH_STREAK


def test_no_nudges_outside_work_hours_or_days(values):
    evening = FakeClock(datetime(2026, 11, 23, 18, 0))
    n = Nudger(evening, values)
    n.set_rough_run(5)
    assert n.due() is None
    sunday = FakeClock(datetime(2026, 11, 22, 11, 0))
    n = Nudger(sunday, values)
    n.set_rough_run(5)
    assert n.due() is None


def test_quiet_hours_hold_nudges(values):
    values["quiet_hours"] = True
    lunch = FakeClock(datetime(2026, 11, 23, 12, 30))
    n = Nudger(lunch, values)
    n.set_rough_run(3)
    assert n.due() is None
    lunch.advance(31 * 60)
    assert n.due() is NudgeReason.ROUGH_STREAK


def test_pause_holds_nudges_until_it_ends(nudger, clock):
    nudger.set_rough_run(3)
    nudger.pause(60)
    assert nudger.due() is None
    clock.advance(3601)
    assert nudger.due() is NudgeReason.ROUGH_STREAK


def test_live_call_holds_nudges(nudger):
    nudger.set_rough_run(3)
    nudger.call_live = True
    assert nudger.due() is None
    nudger.call_live = False
    assert nudger.due() is NudgeReason.ROUGH_STREAK


def test_stretch_counts_from_todays_work_start_not_from_app_start(values):
    clock = FakeClock(datetime(2026, 11, 23, 7, 0))  # app started before work
    n = Nudger(clock, values)
    clock.advance(3 * 3600)  # 10:00, an hour into the working day
    assert n.due() is None
    clock.advance(31 * 60)
    assert n.due() is NudgeReason.LONG_STRETCH


def test_suspend_counts_as_time_away_and_causes_no_flood(nudger, clock):
    clock.advance(80 * 60)
    clock.jump_wall(2 * 3600)  # laptop lid closed for two hours: monotonic time stood still
    assert nudger.due() is None  # the agent was away; the stretch starts again
    seen = run_day(nudger, clock, 60)
    assert seen == []


def test_clock_jump_forward_gives_at_most_one_nudge(nudger, clock):
    nudger.set_rough_run(3)
    clock.advance(60)
    clock.jump_wall(3 * 3600)
    seen = run_day(nudger, clock, 30)
    assert len(seen) <= 1


def test_next_check_is_when_something_can_change(nudger, clock):
    assert nudger.seconds_to_next_check() == pytest.approx(15 * 60)
    clock.advance(85 * 60)
    assert nudger.seconds_to_next_check() == pytest.approx(5 * 60)


def test_midnight_spanning_windows():
    night = datetime(2026, 11, 23, 23, 30).astimezone()
    assert within(night, "22:00", "06:00")
    assert not within(night, "06:00", "22:00")
    assert not within(night, "09:00", "09:00")


def test_nudge_words_are_plain(qapp):
    from companion.ui.nudge import nudge_text

    assert "3 rough calls in a row" in nudge_text(NudgeReason.ROUGH_STREAK, 3, 0)
    assert "1 h 35 min" in nudge_text(NudgeReason.LONG_STRETCH, 0, 95)


def test_snooze_with_the_default_cooldown_comes_back_when_the_button_said(nudger, clock, values):
    # "Snooze 10 min" with a 20-minute cooldown once came back after 20 minutes.
    assert values["snooze_minutes"] < values["nudge_cooldown_minutes"]
    nudger.set_rough_run(3)
    reason = nudger.due()
    nudger.nudged(reason)
    nudger.answered(reason, NudgeAnswer.SNOOZE)
    clock.advance(values["snooze_minutes"] * 60 - 1)
    assert nudger.due() is None
    clock.advance(1)
    assert nudger.due() is NudgeReason.ROUGH_STREAK
