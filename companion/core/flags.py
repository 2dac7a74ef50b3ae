"""Plain-language flags: a signal that crossed its line, said kindly, with the
numbers behind it so the agent can judge it for themselves.

Flags look at the most recent week that has enough data for that signal, so
a holiday week or a quiet Monday morning neither raises nor hides one. The
week now running counts only once it means something (a few days worked or
enough calls). Earlier weeks in the range that crossed a line are named too,
briefly, with their dates: a line crossed in spring is not forgotten because
the latest week is calmer."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .weeks import WeekSignals, week_name

# Below these, a share is too noisy to mean anything (1 rough call of 2 is not a pattern).
MIN_CALLS = 5
MIN_NUDGES = 2
# The week now running is judged only once it has this many days with calls,
# or this many calls: one Monday is not a week.
SO_FAR_MIN_DAYS = 3
SO_FAR_MIN_CALLS = 20
# Earlier weeks that crossed a line are named up to this many, newest first.
EARLIER_NAMED = 3

HELP = (
    "Companion is not a medical device and this is not a diagnosis. If things feel heavy, "
    "talk to someone who can help: your GP, your employee assistance programme, or a helpline."
)


@dataclass(frozen=True)
class Flag:
    key: str  # rough_share, mood_falling, nudges_ignored, low_energy, self_check
    week: str
    title: str
    detail: str
    help: str = ""


def means_something(week: WeekSignals) -> bool:
    """A finished week always counts; the week now running once it has enough in it."""
    return not week.so_far or (week.days or 0) >= SO_FAR_MIN_DAYS or (week.calls or 0) >= SO_FAR_MIN_CALLS


def _latest(weeks: Sequence[WeekSignals], usable, whole: bool = False) -> WeekSignals | None:
    """The newest week usable for a signal. `whole`: one value complete in
    itself (a self-check), so a week not over yet counts too."""
    for week in reversed(weeks):
        if week.has_data and usable(week) and (whole or means_something(week)):
            return week
    return None


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole)


def find_flags(weeks: Sequence[WeekSignals], settings: Mapping[str, Any]) -> list[Flag]:
    """Flags for the latest weeks of `weeks` (oldest first), most serious first."""
    found = []
    flag = _self_check(weeks, settings["flag_selfcheck"])
    if flag:
        found.append(flag)
    for check in (_mood_falling, _low_energy, _rough_share, _nudges_ignored):
        flag = check(weeks, settings)
        if flag:
            found.append(flag)
    for line in LINES:
        flag = _earlier(line, weeks, settings, found)
        if flag:
            found.append(flag)
    return found


@dataclass(frozen=True)
class _Line:
    """One signal's line, for naming the earlier weeks that crossed it."""
    key: str
    title: str  # the note when only earlier weeks crossed
    crossed: Callable[[WeekSignals, Mapping[str, Any]], bool]
    value: Callable[[WeekSignals], str]  # the week's number, said briefly
    line: Callable[[Mapping[str, Any]], str]


LINES = (
    _Line("self_check", "Earlier self-check scores at or above the line",
          lambda w, s: w.self_check is not None and w.self_check >= s["flag_selfcheck"],
          lambda w: str(int(w.self_check + 0.5)), lambda s: f"{s['flag_selfcheck']}"),
    _Line("low_energy", "Earlier weeks with little energy left for the evenings",
          lambda w, s: w.energy_avg is not None and w.energy_avg <= s["flag_energy"],
          lambda w: f"{w.energy_avg:.1f} out of 5", lambda s: f"{s['flag_energy']}"),
    _Line("rough_share", "Earlier weeks with a lot of rough calls",
          lambda w, s: w.calls >= MIN_CALLS and w.rough * 100 >= s["flag_rough_share"] * w.calls,
          lambda w: f"{_pct(w.rough, w.calls)} % of {w.calls} calls", lambda s: f"{s['flag_rough_share']} %"),
    _Line("nudges_ignored", "Earlier weeks when most nudges went unanswered",
          lambda w, s: w.nudges >= MIN_NUDGES and w.nudges_ignored * 100 > s["flag_ignored_share"] * w.nudges,
          lambda w: f"{_pct(w.nudges_ignored, w.nudges)} % of {w.nudges} nudges",
          lambda s: f"{s['flag_ignored_share']} %"),
)


def _earlier(line: _Line, weeks: Sequence[WeekSignals], settings, found: Sequence[Flag]) -> Flag | None:
    """A note on the earlier weeks of the range that crossed `line`, besides
    the week its own flag (if any) already speaks of."""
    named = {f.week for f in found if f.key == line.key}
    whole = line.key == "self_check"
    crossed = [w for w in weeks if w.has_data and w.week not in named and (whole or means_something(w))
               and line.crossed(w, settings)]
    if not crossed:
        return None
    newest = list(reversed(crossed))[:EARLIER_NAMED]
    said = "; ".join(f"{line.value(w)} in {week_name(w.week)}" for w in newest)
    more = len(crossed) - len(newest)
    if more:
        said += f"; and {more} more {'week' if more == 1 else 'weeks'} before"
    return Flag(f"{line.key}_earlier", newest[0].week, line.title, f"{said}. The line is {line.line(settings)}.")


def _self_check(weeks, threshold) -> Flag | None:
    week = _latest(weeks, lambda w: w.self_check is not None, whole=True)
    if week is None or week.self_check < threshold:
        return None
    score = int(week.self_check + 0.5)  # 62.5 shows as 63, as people round
    return Flag(
        "self_check", week.week,
        f"Your latest self-check came out at {score} out of 100",
        f"Taken in {week_name(week.week)}. A score of {threshold} or more suggests the calls are "
        "wearing on you more than anyone should have to carry alone.",
        HELP,
    )


def _mood_falling(weeks, settings) -> Flag | None:
    runs = settings["flag_mood_weeks"]
    moods = [w for w in weeks if w.has_data and w.avg_mood is not None and means_something(w)][-(runs + 1):]
    if len(moods) < runs + 1:
        return None
    if not all(later.avg_mood < earlier.avg_mood for earlier, later in zip(moods, moods[1:])):
        return None
    path = " → ".join(f"{w.avg_mood:.1f}" for w in moods)
    return Flag(
        "mood_falling", moods[-1].week,
        f"Your mood has dropped {runs} weeks running",
        f"Average mood out of 5, week by week: {path} (from {week_name(moods[0].week)} "
        f"to {week_name(moods[-1].week)}).",
    )


def _low_energy(weeks, settings) -> Flag | None:
    line = settings["flag_energy"]
    week = _latest(weeks, lambda w: w.energy_avg is not None)
    if week is None or week.energy_avg > line:
        return None
    evenings = "1 evening" if week.checkins == 1 else f"{week.checkins} evenings"
    return Flag(
        "low_energy", week.week,
        "Little energy left for your evenings",
        f"After work, your energy averaged {week.energy_avg:.1f} out of 5 over {evenings} in "
        f"{week_name(week.week)}. The line is {line}.",
    )


def _rough_share(weeks, settings) -> Flag | None:
    line = settings["flag_rough_share"]
    week = _latest(weeks, lambda w: w.calls >= MIN_CALLS)
    # Whole-number arithmetic, so 2 of 5 is exactly 40 % and not a rounding accident.
    if week is None or week.rough * 100 < line * week.calls:
        return None
    return Flag(
        "rough_share", week.week,
        "A week with a lot of rough calls",
        f"{week.rough} of {week.calls} calls ({_pct(week.rough, week.calls)} %) were rough in "
        f"{week_name(week.week)}. The line is {line} %. That says more about the callers than about you.",
    )


def _nudges_ignored(weeks, settings) -> Flag | None:
    line = settings["flag_ignored_share"]
    week = _latest(weeks, lambda w: w.nudges >= MIN_NUDGES)
    if week is None or week.nudges_ignored * 100 <= line * week.nudges:
        return None
    return Flag(
        "nudges_ignored", week.week,
        "Most break nudges went unanswered",
        f"{week.nudges_ignored} of {week.nudges} nudges ({_pct(week.nudges_ignored, week.nudges)} %) "
        f"were left to close by themselves in {week_name(week.week)}. The line is {line} %. "
        "Busy weeks make breaks harder to take, and more needed.",
    )
