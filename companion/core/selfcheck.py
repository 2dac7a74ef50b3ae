"""The two questions Companion asks on its own: the periodic self-check and
the end-of-day energy check-in. What is asked, how it is scored and when it
is due all live here; the windows only show it.

The self-check is a data file (assets/selfcheck.json) so an organisation can
drop in a licensed instrument without touching code. Scoring follows the
usual way for frequency scales: each answer is worth 0-100 (reversed items
count backwards) and the score is the mean of the answered items, provided
enough of them were answered."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .clock import from_text, to_text
from .files import read_json
from .paths import asset
from .settings import DAY_NAMES, parse_time
from .store import Store

FILE_NAME = "selfcheck.json"
PUT_OFF_KEY = "selfcheck_put_off_until"
PUT_OFF_DAYS = 3
# Nobody should meet a burnout questionnaire on day one.
FIRST_AFTER_DAYS = 7


class QuestionnaireError(ValueError):
    """The questionnaire file cannot be used; the message says why, plainly."""


@dataclass(frozen=True)
class Choice:
    label: str
    value: float  # 0..100: how often, "always" 100 (a reversed item counts it backwards)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    reversed: bool = False


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: str
    intro: str
    notice: str
    choices: tuple[Choice, ...]
    items: tuple[Item, ...]
    min_answered: int
    threshold: float
    low_message: str
    high_message: str
    help: str

    def shown_choices(self) -> list[tuple[int, Choice]]:
        """The answers as the columns show them, with their index in `choices`:
        least often on the left, most often on the right, the way round every
        1-5 scale in the app runs, whatever order the file lists them in. Only
        the order shown changes; each answer keeps its value, so the score does too."""
        return sorted(enumerate(self.choices), key=lambda pair: pair[1].value)

    def item_score(self, item: Item, value: float) -> float:
        if value not in {c.value for c in self.choices}:
            raise QuestionnaireError(f"{value!r} is not an answer on this scale.")
        return 100 - value if item.reversed else value

    def score(self, answers: Mapping[str, float | None]) -> float | None:
        """Mean item score of the answered items, or None if too few were answered."""
        scores = [self.item_score(i, answers[i.id]) for i in self.items if answers.get(i.id) is not None]
        if len(scores) < self.min_answered:
            return None
        return sum(scores) / len(scores)

    def is_high(self, score: float) -> bool:
        return score >= self.threshold

    def message(self, score: float) -> str:
        text = self.high_message if self.is_high(score) else self.low_message
        return text.replace("{threshold}", _plain(self.threshold))

    def answers_json(self, answers: Mapping[str, float | None]) -> str:
        return json.dumps({i.id: answers.get(i.id) for i in self.items}, sort_keys=True)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def load_questionnaire(path: Path | str | None = None) -> Questionnaire:
    path = Path(path) if path else asset(FILE_NAME)
    try:
        data = read_json(path)
    except (OSError, ValueError) as exc:
        raise QuestionnaireError(f"The self-check file {path} could not be read: {exc}") from exc
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, QuestionnaireError):
            raise QuestionnaireError(f"The self-check file {path} has a problem: {exc}") from exc
        raise QuestionnaireError(f"The self-check file {path} has a missing or wrong value ({exc}).") from exc


def _text(data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise QuestionnaireError(f"'{key}' must be some text.")
    return value.strip()


def _parse(data: Any) -> Questionnaire:
    if not isinstance(data, dict):
        raise QuestionnaireError("the file must hold one JSON object.")
    choices = tuple(Choice(_text(c, "label"), float(c["value"])) for c in data["scale"])
    if len(choices) < 2 or any(not 0 <= c.value <= 100 for c in choices):
        raise QuestionnaireError("'scale' needs at least two answers, each worth 0 to 100.")
    if len({c.value for c in choices}) != len(choices):
        raise QuestionnaireError("two answers on the scale have the same value.")
    items = tuple(Item(_text(i, "id"), _text(i, "text"), bool(i.get("reversed", False))) for i in data["items"])
    if not items:
        raise QuestionnaireError("'items' is empty.")
    if len({i.id for i in items}) != len(items):
        raise QuestionnaireError("two items share an id.")
    min_answered = int(data.get("min_answered", (len(items) + 1) // 2))
    if not 1 <= min_answered <= len(items):
        raise QuestionnaireError(f"'min_answered' must be between 1 and {len(items)}.")
    threshold = float(data["threshold"])
    if not 0 <= threshold <= 100:
        raise QuestionnaireError("'threshold' must be between 0 and 100.")
    return Questionnaire(
        id=_text(data, "id"), title=_text(data, "title"), intro=_text(data, "intro"),
        notice=_text(data, "notice"), choices=choices, items=items, min_answered=min_answered,
        threshold=threshold, low_message=_text(data, "low_message"), high_message=_text(data, "high_message"),
        help=_text(data, "help"),
    )


@dataclass(frozen=True)
class PastScore:
    day: date  # local
    score: float
    high: bool  # at or above the questionnaire's line


# Earlier scores shown beside a new one: about a year and a half at every 4 weeks.
PAST_SHOWN = 20


def past_scores(store: Store, threshold: float, limit: int = PAST_SHOWN) -> list[PastScore]:
    """The latest self-check scores, oldest first (the newest last)."""
    rows = store.read("SELECT at, score FROM selfchecks ORDER BY at DESC, id DESC LIMIT ?", (limit,))
    return [PastScore(from_text(at).date(), score, score >= threshold) for at, score in reversed(rows)]


# -- when the self-check is due ------------------------------------------------
def selfcheck_due_at(store: Store, settings: Mapping[str, Any]) -> datetime | None:
    """When the next self-check should be offered; None when it is turned off
    or nothing has been logged yet."""
    every = settings["selfcheck_weeks"]
    if not every:
        return None
    last = store.last_selfcheck()
    if last is not None:
        due = last[0] + timedelta(weeks=every)
    else:
        first = store.first_activity()
        if first is None:
            return None
        due = first + timedelta(days=FIRST_AFTER_DAYS)
    put_off = store.get_meta(PUT_OFF_KEY)
    if put_off:
        due = max(due, from_text(put_off))
    return due


def selfcheck_due(store: Store, settings: Mapping[str, Any], now: datetime) -> bool:
    due = selfcheck_due_at(store, settings)
    return due is not None and now >= due


def put_off_selfcheck(store: Store, now: datetime, days: int = PUT_OFF_DAYS) -> datetime:
    """'Not now': ask again in a few days rather than at the next chance."""
    until = now + timedelta(days=days)
    store.set_meta(PUT_OFF_KEY, to_text(until))
    return until


# -- when the end-of-day check-in is due --------------------------------------
# "Energy for your evening" stops making sense late at night.
CHECKIN_WINDOW = timedelta(hours=3)
# Store meta keys: the moment the app was last seen running inside work hours,
# the moment "Later" was chosen and the moment the question was set aside for
# the evening (left alone after its one Later). Kept in the store, so a
# restart neither forgets a Later nor asks again.
RUNNING_KEY = "checkin_running_at"
LATER_KEY = "checkin_later_at"
SET_ASIDE_KEY = "checkin_set_aside_at"


def _local(day: date, at: str) -> datetime:
    # A naive time made aware by the system zone, so a DST change is honoured.
    return datetime.combine(day, parse_time(at)).astimezone()


def _shift(day: date, settings: Mapping[str, Any]) -> tuple[datetime, datetime] | None:
    """Start and end of the shift that begins on `day`, if it is a work day."""
    if DAY_NAMES[day.weekday()] not in settings["work_days"].split(","):
        return None
    start = _local(day, settings["work_start"])
    end_day = day if parse_time(settings["work_end"]) > parse_time(settings["work_start"]) else day + timedelta(1)
    return start, _local(end_day, settings["work_end"])


def _meta_since(store: Store, key: str, since: datetime) -> datetime | None:
    text = store.get_meta(key)
    moment = from_text(text) if text else None
    return moment if moment is not None and moment >= since else None


def _answered_since(store: Store, since: datetime) -> bool:
    last = store.last_checkin()
    return last is not None and last[0] >= since


def _shift_now(settings: Mapping[str, Any], now: datetime) -> tuple[datetime, datetime] | None:
    """The shift `now` falls in, if any (a night shift began yesterday)."""
    for back in (0, 1):
        shift = _shift(now.date() - timedelta(days=back), settings)
        if shift and shift[0] <= now < shift[1]:
            return shift
    return None


def note_running(store: Store, settings: Mapping[str, Any], now: datetime) -> None:
    """The app is running now: inside work hours, that makes today a day worked."""
    if _shift_now(settings, now) is not None:
        store.set_meta(RUNNING_KEY, to_text(now))


def worked(store: Store, shift: tuple[datetime, datetime]) -> bool:
    """Was this shift actually worked: a call logged in it, or the app running in it?"""
    start, end = shift
    seen = _meta_since(store, RUNNING_KEY, start)
    if seen is not None and seen < end:
        return True
    found = store.read("SELECT 1 FROM calls WHERE at >= ? AND at < ? LIMIT 1", (to_text(start), to_text(end)))
    return bool(found)


def _ended_shift(settings: Mapping[str, Any], now: datetime) -> tuple[datetime, datetime] | None:
    """The shift whose check-in window `now` falls in, if any."""
    for back in (0, 1):
        shift = _shift(now.date() - timedelta(days=back), settings)
        if shift and shift[1] <= now < shift[1] + CHECKIN_WINDOW:
            return shift
    return None


def _later_until(store: Store, settings: Mapping[str, Any], shift_start: datetime) -> datetime | None:
    later = _meta_since(store, LATER_KEY, shift_start)
    return later + timedelta(minutes=int(settings["snooze_minutes"])) if later is not None else None


def _settled(store: Store, shift: tuple[datetime, datetime]) -> bool:
    """Nothing more to ask about this shift: answered, skipped or set aside."""
    return _answered_since(store, shift[0]) or _meta_since(store, SET_ASIDE_KEY, shift[0]) is not None


def checkin_due(store: Store, settings: Mapping[str, Any], now: datetime) -> bool:
    """True from the end of a shift that was worked for a few hours, until
    answered, skipped or set aside, and not while a Later runs."""
    if not settings["checkin"]:
        return False
    shift = _ended_shift(settings, now)
    if shift is None or _settled(store, shift) or not worked(store, shift):
        return False
    later = _later_until(store, settings, shift[0])
    return later is None or now >= later


def later_left(store: Store, settings: Mapping[str, Any], now: datetime) -> bool:
    """May the person still say "Later" this evening? Once per shift."""
    shift = _ended_shift(settings, now)
    return shift is not None and _meta_since(store, LATER_KEY, shift[0]) is None


def put_off_checkin(store: Store, settings: Mapping[str, Any], now: datetime) -> datetime | None:
    """'Later', or the prompt left alone: ask once more after the snooze time
    (returned); after that one Later, set it aside for the evening (None)."""
    if later_left(store, settings, now):
        store.set_meta(LATER_KEY, to_text(now))
        return now + timedelta(minutes=int(settings["snooze_minutes"]))
    store.set_meta(SET_ASIDE_KEY, to_text(now))
    return None


def seconds_until_checkin(store: Store, settings: Mapping[str, Any], now: datetime) -> float | None:
    """How long until the check-in is next due: 0 if now, None if it is off.
    Good for one single-shot timer; ask `checkin_due` again when it fires,
    because the wall clock may have moved meanwhile. The next shift's start is
    a moment to wake too: the app notes then that it runs in work hours."""
    if not settings["checkin"]:
        return None
    if checkin_due(store, settings, now):
        return 0.0
    shift = _ended_shift(settings, now)
    later = _later_until(store, settings, shift[0]) if shift else None
    if shift and later and later > now and not _settled(store, shift) and worked(store, shift):
        return (later - now).total_seconds()
    for ahead in range(-1, 8):
        shift = _shift(now.date() + timedelta(days=ahead), settings)
        if shift and shift[1] > now and not _answered_since(store, shift[0]):
            wake = shift[0] if shift[0] > now else shift[1]
            return (wake - now).total_seconds()
    return None


# Wake at least hourly: the wall clock may have jumped (suspend, a new day).
LONGEST_WAIT_MS = 60 * 60_000


def checkin_wait_ms(store: Store, settings: Mapping[str, Any], now: datetime) -> int | None:
    """Milliseconds for one single-shot timer until the check-in may be due;
    None when it is off. The app arms its own timer with this, so the prompt
    itself is only built on the evening it is needed."""
    seconds = seconds_until_checkin(store, settings, now)
    if seconds is None:
        return None
    return int(min(max(seconds * 1000, 1000), LONGEST_WAIT_MS))
