"""Time sources. Durations use a monotonic clock; wall time is only for
"when" (work hours, days, weeks). Everything that needs time takes a Clock,
so tests drive hours of simulated time without sleeping."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware local wall time."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never jumps."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock tests move by hand. `advance` moves both time lines together;
    `jump_wall` moves only the wall clock, as suspend/resume or an NTP
    correction does."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is None:
            start = datetime(2026, 11, 23, 9, 0)
        if start.tzinfo is None:
            start = start.astimezone()
        self._wall_utc = start.astimezone(timezone.utc)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._wall_utc.astimezone()

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall_utc += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        self._wall_utc += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        if when.tzinfo is None:
            when = when.astimezone()
        self._wall_utc = when.astimezone(timezone.utc)


def iso_week(moment: datetime) -> str:
    """The local ISO week a moment belongs to, e.g. '2026-W48'."""
    year, week, _ = moment.astimezone().isocalendar()
    return f"{year}-W{week:02d}"


def to_text(moment: datetime) -> str:
    """Stored form of a moment: UTC, sortable as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def local_moment(clock: Clock, at: datetime | None = None) -> datetime:
    """`at` (or now) in local time: what every row's day and week are taken from."""
    return (at or clock.now()).astimezone()
