"""Flags: each one appears exactly when its signal crosses the line from the
settings, and carries the numbers behind it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from companion.core.flags import HELP, find_flags
from companion.core.weeks import WeekSignals, week_labels, week_name

LABELS = week_labels("2026-W48", 6)


def week(label: str, **values) -> WeekSignals:
    base = dict(calls=20, rough=2, ok=14, great=4, avg_mood=4.0, longest_rough_run=1, breaks=3,
                breathing_sessions=1, nudges=0, nudges_accepted=0, nudges_snoozed=0, nudges_ignored=0,
                compliments=0, checkins=0)
    base.update(values)
    base["rough_share"] = base["rough"] / base["calls"] if base["calls"] else None
    return WeekSignals(label, **base)


def calm_weeks() -> list[WeekSignals]:
    return [week(label) for label in LABELS]


def keys(flags) -> list[str]:
    return [f.key for f in flags]


def test_calm_weeks_raise_no_flags(settings):
    assert find_flags(calm_weeks(), settings) == []


def test_rough_share_flags_at_the_line_exactly_with_the_numbers(settings):
    weeks = calm_weeks()
    weeks[-1] = week(LABELS[-1], calls=20, rough=8)  # 40 %: at the line
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["rough_share"]
    assert "8 of 20 calls (40 %)" in flags[0].detail and "The line is 40 %" in flags[0].detail
    assert flags[0].week == "2026-W48"
    weeks[-1] = week(LABELS[-1], calls=20, rough=7)  # 35 %
    assert find_flags(weeks, settings) == []


def test_rough_share_line_comes_from_settings(settings):
    weeks = calm_weeks()
    weeks[-1] = week(LABELS[-1], calls=20, rough=7)
    settings.set("flag_rough_share", 35)
    assert keys(find_flags(weeks, settings)) == ["rough_share"]


def test_a_quiet_monday_does_not_hide_last_weeks_rough_share(settings):
    weeks = calm_weeks()
    weeks[-2] = week(LABELS[-2], calls=30, rough=15)
    weeks[-1] = week(LABELS[-1], calls=2, rough=0)  # too few calls to judge
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["rough_share"] and flags[0].week == LABELS[-2]


def test_mood_falling_needs_three_drops_in_a_row(settings):
    weeks = calm_weeks()
    for i, mood in enumerate([4.0, 3.8, 3.4, 3.1, 2.6]):
        weeks[i + 1] = week(LABELS[i + 1], avg_mood=mood)
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["mood_falling"]
    assert "3.4 → 3.1 → 2.6" in flags[0].detail and "3 weeks running" in flags[0].title
    weeks[-1] = week(LABELS[-1], avg_mood=3.1)  # level, not lower
    assert find_flags(weeks, settings) == []


def test_mood_falling_skips_an_empty_holiday_week(settings):
    weeks = [week(LABELS[0], avg_mood=4.5), week(LABELS[1], avg_mood=4.0), WeekSignals(LABELS[2]),
             week(LABELS[3], avg_mood=3.5), week(LABELS[4], avg_mood=3.0), week(LABELS[5], avg_mood=3.5)]
    assert find_flags(weeks, settings) == []
    weeks[5] = week(LABELS[5], avg_mood=2.9)
    assert keys(find_flags(weeks, settings)) == ["mood_falling"]


def test_mood_falling_length_comes_from_settings(settings):
    weeks = calm_weeks()
    weeks[-3:] = [week(LABELS[-3], avg_mood=4.0), week(LABELS[-2], avg_mood=3.5), week(LABELS[-1], avg_mood=3.0)]
    assert find_flags(weeks, settings) == []
    settings.set("flag_mood_weeks", 2)
    assert keys(find_flags(weeks, settings)) == ["mood_falling"]


def test_more_than_half_of_nudges_ignored(settings):
    weeks = calm_weeks()
    weeks[-1] = week(LABELS[-1], nudges=4, nudges_ignored=2)  # exactly half: not more than half
    assert find_flags(weeks, settings) == []
    weeks[-1] = week(LABELS[-1], nudges=4, nudges_ignored=3)
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["nudges_ignored"] and "3 of 4 nudges (75 %)" in flags[0].detail


def test_low_energy_at_or_below_two(settings):
    weeks = calm_weeks()
    weeks[-1] = week(LABELS[-1], checkins=4, energy_avg=2.0)
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["low_energy"] and "2.0 out of 5 over 4 evenings" in flags[0].detail
    weeks[-1] = week(LABELS[-1], checkins=4, energy_avg=2.25)
    assert find_flags(weeks, settings) == []


def test_high_self_check_comes_first_and_points_to_real_help(settings):
    weeks = calm_weeks()
    weeks[-1] = week(LABELS[-1], calls=20, rough=10)
    weeks[-3] = week(LABELS[-3], self_check=50.0)
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["self_check", "rough_share"]
    assert flags[0].help == HELP and "GP" in HELP and "not a medical device" in HELP
    assert "50 out of 100" in flags[0].title
    weeks[-3] = week(LABELS[-3], self_check=49.9)
    assert keys(find_flags(weeks, settings)) == ["rough_share"]


@pytest.mark.parametrize("key", ["flag_selfcheck", "flag_energy", "flag_ignored_share", "flag_mood_weeks",
                                 "flag_rough_share", "selfcheck_weeks", "checkin", "review_weeks"])
def test_review_settings_live_in_their_own_group(settings, key):
    from companion.core.settings import BY_KEY

    assert BY_KEY[key].group == "Weekly review"
    assert settings[key] == BY_KEY[key].default


# -- the week now running, and earlier weeks that crossed a line -------------------
def test_one_rough_monday_of_the_week_now_running_raises_no_note(settings):
    weeks = calm_weeks()
    # The week now running: one day in, 3 of 6 calls rough.
    weeks[-1] = replace(week(LABELS[-1], calls=6, rough=3, days=1, avg_mood=2.0), so_far=True)
    assert find_flags(weeks, settings) == []


def test_the_week_now_running_counts_once_it_means_something(settings):
    weeks = calm_weeks()
    weeks[-1] = replace(week(LABELS[-1], calls=12, rough=6, days=3), so_far=True)  # three days worked
    assert keys(find_flags(weeks, settings)) == ["rough_share"]
    weeks[-1] = replace(week(LABELS[-1], calls=20, rough=8, days=2), so_far=True)  # or enough calls
    assert keys(find_flags(weeks, settings)) == ["rough_share"]


def test_a_self_check_taken_this_week_still_counts(settings):
    weeks = calm_weeks()
    weeks[-1] = replace(week(LABELS[-1], calls=2, days=1, self_check=60.0), so_far=True)
    assert keys(find_flags(weeks, settings)) == ["self_check"]


def test_earlier_self_checks_above_the_line_are_named_with_their_dates(settings):
    labels = week_labels("2026-W48", 52)
    weeks = [week(label) for label in labels]
    weeks[10] = week(labels[10], self_check=70.0)
    weeks[14] = week(labels[14], self_check=75.0)
    weeks[-3] = week(labels[-3], self_check=42.0)  # the latest: below the line
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["self_check_earlier"]
    note = flags[0]
    assert note.title == "Earlier self-check scores at or above the line"
    assert note.detail == (f"75 in {week_name(labels[14])}; 70 in {week_name(labels[10])}. The line is 50.")


def test_earlier_weeks_beside_the_latest_flag_are_named_briefly(settings):
    weeks = calm_weeks()
    for n in (0, 1, 2, 3):
        weeks[n] = week(LABELS[n], calls=20, rough=10)
    weeks[-1] = week(LABELS[-1], calls=20, rough=9)
    flags = find_flags(weeks, settings)
    assert keys(flags) == ["rough_share", "rough_share_earlier"]
    assert flags[0].week == LABELS[-1]
    earlier = flags[1].detail
    assert earlier.startswith(f"50 % of 20 calls in {week_name(LABELS[3])}")
    assert earlier.endswith("; and 1 more week before. The line is 40 %.")
