"""Breaks the agent already took: time away from the keyboard and mouse, or
the screen locked. Plain rules over an injected clock; the platform says how
long there has been no input, or that the screen locked or unlocked.

Away: no input for `away_break_minutes` (0: off) is a break, from the last
input to the first one after it. The idle time is read only when it could
matter: while the person is at work, at the earliest moment they could count
as away; while away, once a minute, to see them come back.
Locked: from the lock to the unlock, if it lasted LOCKED_AT_LEAST; time away
that ran into a lock is one break, counted from the last input."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from .clock import Clock
from .models import BreakSource

LOCKED_AT_LEAST = timedelta(minutes=1)
# While away, look this often whether the person is back; never more often.
AWAY_RECHECK = 60.0

Break = tuple[datetime, datetime, BreakSource]


class AwayTracker:
    def __init__(self, clock: Clock, settings: Mapping[str, Any]) -> None:
        self.clock, self.settings = clock, settings
        self.away_since: datetime | None = None
        self.locked_since: datetime | None = None

    @property
    def threshold(self) -> float:
        return float(self.settings["away_break_minutes"]) * 60

    @property
    def locked(self) -> bool:
        return self.locked_since is not None

    def idle(self, idle_seconds: float) -> Break | None:
        """A reading of how long there has been no input; the break the
        person has just come back from, if any."""
        if not self.threshold:
            self.away_since = None
            return None
        if self.locked:
            return None  # the lock's break covers this time
        now = self.clock.now()
        last_input = now - timedelta(seconds=max(0.0, idle_seconds))
        if idle_seconds >= self.threshold:
            if self.away_since is None:
                self.away_since = last_input
            return None
        started, self.away_since = self.away_since, None
        if started is not None and (last_input - started).total_seconds() >= self.threshold:
            return started, last_input, BreakSource.AWAY
        return None

    def next_check(self, idle_seconds: float) -> float | None:
        """Seconds until the idle time is worth reading again; None: not at all."""
        if not self.threshold or self.locked:
            return None  # off; or locked, and the unlock will say when they are back
        if self.away_since is not None:
            return AWAY_RECHECK
        return max(AWAY_RECHECK, self.threshold - idle_seconds)

    def lock_changed(self, locked: bool) -> Break | None:
        """The screen locked or unlocked; the break it made, on unlock."""
        now = self.clock.now()
        if locked:
            if not self.locked:
                self.locked_since = self.away_since or now
                self.away_since = None
            return None
        started, self.locked_since = self.locked_since, None
        if started is not None and now - started >= LOCKED_AT_LEAST:
            return started, now, BreakSource.LOCKED
        return None
