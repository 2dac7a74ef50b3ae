"""What the history window asks the store for, and what it gets back: one
row shape for calls, breathing sessions and breaks, so they can be listed
together, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .models import Rating

KINDS = ("call", "breath", "break")
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class HistoryFilter:
    kinds: tuple[str, ...] = KINDS
    rating: Rating | None = None  # calls only
    tag: str | None = None  # calls only
    since: date | None = None  # local dates, both ends included
    until: date | None = None
    search: str = ""  # words in a call's note or tags
    limit: int = HISTORY_LIMIT

    @property
    def calls_only(self) -> bool:
        # Breaths and breaks have no rating, tags or notes, so these filters leave only calls.
        return bool(self.rating or self.tag or self.search.strip())


@dataclass(frozen=True)
class HistoryEntry:
    kind: str  # one of KINDS
    id: int
    at: datetime
    ended_at: datetime | None = None  # breaths and breaks
    rating: Rating | None = None  # calls
    mood: int | None = None  # a call's mood, or how a breath left you
    mood_before: int | None = None  # breaths
    tags: tuple[str, ...] = ()
    note: str = ""
    pattern: str = ""  # breaths
    planned_seconds: int | None = None  # breaths
    completed: bool = False  # breaths
    source: str = ""  # breaks: a BreakSource value (menu, away, locked)


def like_pattern(text: str) -> str:
    """A LIKE pattern that matches `text` anywhere, with % and _ taken literally."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
