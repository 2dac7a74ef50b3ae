"""When to nudge the agent towards a break. Pure rules over an injected clock.

Durations (cooldown, snooze, minutes worked) use the monotonic clock so a
wall-clock jump cannot cause a flood of nudges; wall time decides only
"is this work time?" and "are nudges paused until 14:00?"."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from .clock import Clock, from_text, to_text
from .models import NudgeAnswer, NudgeReason
from .settings import DAY_NAMES, parse_time

# A wall clock that moved this much further than the monotonic one means the
# machine slept (or the clock was reset); the agent was away, which is a break.
AWAY_GAP = 5 * 60
# With nothing pending, look again this often: work hours may have begun.
IDLE_RECHECK = 15 * 60
# The store's meta key for the last nudge (Nudger.last_nudge_note / recall),
# so a restart does not forget the cooldown.
LAST_NUDGE_KEY = "last_nudge"


def within(now: datetime, start: str, end: str) -> bool:
    """Is the local time of `now` inside start..end? Spans midnight if end < start."""
    t, a, b = now.time(), parse_time(start), parse_time(end)
    if a == b:
        return False
    return a <= t < b if a < b else (t >= a or t < b)


def is_work_time(now: datetime, settings: Mapping[str, Any]) -> bool:
    days = settings["work_days"].split(",")
    if DAY_NAMES[now.weekday()] not in days:
        return False
    return within(now, settings["work_start"], settings["work_end"])


def is_quiet_time(now: datetime, settings: Mapping[str, Any]) -> bool:
    return bool(settings["quiet_hours"]) and within(now, settings["quiet_start"], settings["quiet_end"])


def seconds_since_work_start(now: datetime, settings: Mapping[str, Any]) -> float:
    start = datetime.combine(now.date(), parse_time(settings["work_start"]), now.tzinfo)
    if start > now:  # a shift that began yesterday evening
        start -= timedelta(days=1)
    return (now - start).total_seconds()


class Nudger:
    """Remembers what happened lately and says when a nudge is due."""

    def __init__(self, clock: Clock, settings: Mapping[str, Any]) -> None:
        self.clock = clock
        self.settings = settings
        self.rough_run = 0
        self.call_live = False
        self.screen_locked = False  # nobody is there to see a nudge
        self.paused_until: datetime | None = None
        self.work_since = clock.monotonic()
        self._last_nudge: float | None = None
        self._last_nudge_wall: datetime | None = None
        self._snoozed: tuple[float, NudgeReason] | None = None
        self._rough_run_nudged = 0
        self._stretch_deferred_until: float | None = None
        self._last_seen = (clock.now(), clock.monotonic())

    # -- what happened ----------------------------------------------------
    def set_rough_run(self, run: int) -> None:
        self.rough_run = run
        if run < self._rough_run_nudged:
            self._rough_run_nudged = 0

    def break_taken(self) -> None:
        """A break or breathing session ended: both clocks start again."""
        self.work_since = self.clock.monotonic()
        self.rough_run = 0
        self._rough_run_nudged = 0
        self._stretch_deferred_until = None
        if self._snoozed:
            self._snoozed = None

    def pause(self, minutes: int) -> datetime:
        self.paused_until = self.clock.now() + timedelta(minutes=minutes)
        return self.paused_until

    def resume(self) -> None:
        self.paused_until = None

    def nudged(self, reason: NudgeReason) -> None:
        self._last_nudge = self.clock.monotonic()
        self._last_nudge_wall = self.clock.now()
        self._snoozed = None
        if reason is NudgeReason.ROUGH_STREAK:
            self._rough_run_nudged = self.rough_run

    def last_nudge_note(self) -> str | None:
        """What a restart needs to keep the cooldown and a snooze: store it
        under LAST_NUDGE_KEY after each nudge and answer, and hand it to
        `recall` at start."""
        if self._last_nudge_wall is None:
            return None
        note: dict[str, Any] = {"at": to_text(self._last_nudge_wall), "rough_run": self._rough_run_nudged}
        if self._snoozed:
            until, reason = self._snoozed
            # Wall time, like the cooldown: the monotonic clock restarts with the machine.
            wall = self.clock.now() + timedelta(seconds=until - self.clock.monotonic())
            note["snoozed"] = {"until": to_text(wall), "reason": reason.value}
        return json.dumps(note)

    def recall(self, note: str | None) -> None:
        """The cooldown of a nudge an earlier run gave. Only the wall clock
        outlives a restart; a last nudge that seems to lie in the future (the
        clock was stepped back) counts as given just now."""
        try:
            data = json.loads(note) if note else None
            at = from_text(data["at"])
            rough_run = int(data.get("rough_run", 0))
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
            return
        elapsed = max(0.0, (self.clock.now() - at).total_seconds())
        if elapsed < self.settings["nudge_cooldown_minutes"] * 60:
            self._last_nudge = self.clock.monotonic() - elapsed
            self._last_nudge_wall = at
        self._rough_run_nudged = max(self._rough_run_nudged, rough_run)
        self._recall_snooze(data.get("snoozed"))

    def _recall_snooze(self, snoozed: Any) -> None:
        """"Remind me in 10 minutes" holds across a restart; a snooze that
        seems to end further ahead than its length (the clock was stepped
        back) is cut to its length."""
        try:
            until, reason = from_text(snoozed["until"]), NudgeReason(snoozed["reason"])
        except (TypeError, ValueError, KeyError):
            return
        left = (until - self.clock.now()).total_seconds()
        left = min(max(0.0, left), self.settings["snooze_minutes"] * 60)
        self._snoozed = (self.clock.monotonic() + left, reason)

    def answered(self, reason: NudgeReason, answer: NudgeAnswer) -> None:
        mono = self.clock.monotonic()
        if answer is NudgeAnswer.SNOOZE:
            self._snoozed = (mono + self.settings["snooze_minutes"] * 60, reason)
        elif reason is NudgeReason.LONG_STRETCH and answer in (NudgeAnswer.NOT_NOW, NudgeAnswer.IGNORED):
            # Ask again later, but not every cooldown: give it half the stretch.
            self._stretch_deferred_until = mono + max(
                self.settings["nudge_cooldown_minutes"], self.settings["break_after_minutes"] / 2
            ) * 60

    # -- deciding ---------------------------------------------------------
    def _notice_time_jump(self) -> None:
        now, mono = self.clock.now(), self.clock.monotonic()
        last_wall, last_mono = self._last_seen
        wall_step = (now - last_wall).total_seconds()
        if wall_step - (mono - last_mono) > AWAY_GAP:
            self.work_since = mono
            self._stretch_deferred_until = None
        self._last_seen = (now, mono)

    def stretch_seconds(self) -> float:
        """Seconds worked without a break, counted only from today's work start."""
        now = self.clock.now()
        return min(self.clock.monotonic() - self.work_since, seconds_since_work_start(now, self.settings))

    def due(self) -> NudgeReason | None:
        self._notice_time_jump()
        now, mono, s = self.clock.now(), self.clock.monotonic(), self.settings
        if self.paused_until and now < self.paused_until:
            return None
        if self.call_live or self.screen_locked or not is_work_time(now, s) or is_quiet_time(now, s):
            return None
        if self._snoozed:
            # The person chose when to hear it again: the snooze, not the cooldown, decides.
            until, reason = self._snoozed
            return reason if mono >= until else None
        if self._last_nudge is not None and mono - self._last_nudge < s["nudge_cooldown_minutes"] * 60:
            return None
        if self.rough_run >= s["rough_streak"] and self.rough_run > self._rough_run_nudged:
            return NudgeReason.ROUGH_STREAK
        limit = s["break_after_minutes"] * 60
        if limit and self.stretch_seconds() >= limit:
            if self._stretch_deferred_until is None or mono >= self._stretch_deferred_until:
                return NudgeReason.LONG_STRETCH
        return None

    def seconds_to_next_check(self) -> float:
        """How long the app may sleep before asking `due` again. Events (a
        logged call, a changed setting) ask at once; this covers the quiet times."""
        mono, s = self.clock.monotonic(), self.settings
        waits = [IDLE_RECHECK]
        if self.paused_until:
            waits.append((self.paused_until - self.clock.now()).total_seconds())
        if self._last_nudge is not None:
            waits.append(self._last_nudge + s["nudge_cooldown_minutes"] * 60 - mono)
        if self._snoozed:
            waits.append(self._snoozed[0] - mono)
        if s["break_after_minutes"]:
            waits.append(s["break_after_minutes"] * 60 - self.stretch_seconds())
        if self._stretch_deferred_until is not None:
            waits.append(self._stretch_deferred_until - mono)
        future = [w for w in waits if w > 0]
        return max(1.0, min(future))

