"""The things an agent logs, in their own words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Rating(str, Enum):
    ROUGH = "rough"
    OK = "ok"
    GREAT = "great"


# Tags offered after a rough call first, then those that go with a good one.
ROUGH_TAGS = ("abusive", "angry", "escalated", "bad survey", "unresolved")
GOOD_TAGS = ("compliment", "thanked", "resolved")
DEFAULT_TAGS = ROUGH_TAGS + GOOD_TAGS

# A call carries at most this many tags (a script's loop must not grow the
# tray); a person keeps at most this many tags of their own.
TAGS_PER_CALL = 10
TAGS_MAX = TAGS_PER_CALL
OWN_TAGS_MAX = 30

MOOD_MIN, MOOD_MAX = 1, 5
NOTE_MAX = 10_000
TAG_MAX = 40  # characters in one tag


class NudgeReason(str, Enum):
    ROUGH_STREAK = "rough_streak"
    LONG_STRETCH = "long_stretch"


class BreakSource(str, Enum):
    """Where a break came from."""

    MENU = "menu"  # taken from the tray menu (or `companion`'s no-tray window)
    AWAY = "away"  # no keyboard or mouse for a while
    LOCKED = "locked"  # the screen was locked


class NudgeAnswer(str, Enum):
    BREATHE = "breathe"
    SNOOZE = "snooze"
    NOT_NOW = "not_now"
    IGNORED = "ignored"


class InvalidEntry(ValueError):
    """A value a person typed that cannot be stored as it is."""


@dataclass
class Call:
    id: int
    at: datetime
    rating: Rating
    mood: int | None = None
    tags: tuple[str, ...] = ()
    note: str = ""


@dataclass
class BreathSession:
    id: int
    started_at: datetime
    pattern: str
    planned_seconds: int
    ended_at: datetime | None = None
    completed: bool = False
    mood_before: int | None = None
    mood_after: int | None = None
    mic: str = ""


@dataclass
class Nudge:
    id: int
    at: datetime
    reason: NudgeReason
    answer: NudgeAnswer | None = None
    answered_at: datetime | None = None


def check_mood(mood: int | None) -> int | None:
    if mood is None:
        return None
    if isinstance(mood, bool) or not isinstance(mood, int) or not MOOD_MIN <= mood <= MOOD_MAX:
        raise InvalidEntry(f"Mood must be a whole number from {MOOD_MIN} to {MOOD_MAX}, not {mood!r}.")
    return mood


def check_tag(tag: str) -> str:
    cleaned = " ".join(str(tag).split()).lower()
    if not cleaned:
        raise InvalidEntry("A tag cannot be empty.")
    if len(cleaned) > TAG_MAX:
        raise InvalidEntry(f"A tag can be at most {TAG_MAX} characters long.")
    if not all(ch.isprintable() for ch in cleaned):
        raise InvalidEntry("A tag cannot contain control characters.")
    return cleaned


def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The tags of one call, cleaned, repeats dropped, in the order given; at most TAGS_PER_CALL."""
    if isinstance(tags, str):
        tags = (tags,)
    cleaned = tuple(dict.fromkeys(check_tag(t) for t in tags))
    if len(cleaned) > TAGS_PER_CALL:
        raise InvalidEntry(f"A call can carry at most {TAGS_PER_CALL} tags, not {len(cleaned)}.")
    return cleaned


def check_note(note: str | None) -> str:
    note = note or ""
    if len(note) > NOTE_MAX:
        raise InvalidEntry(f"A note can be at most {NOTE_MAX} characters long (this one has {len(note)}).")
    if "\x00" in note:
        raise InvalidEntry("A note cannot contain NUL characters.")
    try:
        # Bytes that were not UTF-8 reach us as lone surrogates (e.g. a script
        # passing Latin-1 text on the command line); SQLite cannot store them.
        note.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEntry("Part of this note is not readable text (it is not UTF-8).") from None
    return note


def parse_rating(text: str) -> Rating:
    try:
        return Rating(str(text).strip().lower())
    except ValueError:
        raise InvalidEntry(f"A call is rough, ok or great, not {text!r}.") from None
