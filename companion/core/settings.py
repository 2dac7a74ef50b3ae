"""Every setting declared once: type, range, default, label, help.

The settings file is TOML a person can read and edit. A bad value for one key
is reported by name and that key alone falls back to its default; a file that
is not TOML at all is kept aside as .bak and the defaults are used."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from .files import set_aside, write_private
from .keys import parse_keys

PATTERN_NAMES = ("cyclic_sigh", "resonance", "box", "4-7-8", "custom")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # int, float, bool, time, choice, days, keys
    default: Any
    label: str
    help: str
    group: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    suffix: str = ""
    off_value: Any = None  # the value that means "off", if the setting can be off


SCHEMA: tuple[Setting, ...] = (
    Setting("rough_streak", "int", 3, "Nudge after this many rough calls in a row",
            "A break or a breathing minute starts the count again.", "Nudges", 1, 20, suffix=" calls"),
    Setting("break_after_minutes", "int", 90, "Remind me to take a break after",
            "Minutes of work without a break. 0 turns this reminder off.", "Nudges", 0, 480,
            suffix=" min", off_value=0),
    Setting("nudge_cooldown_minutes", "int", 20, "Wait at least this long between nudges",
            "No two nudges come closer together than this.", "Nudges", 1, 240, suffix=" min"),
    Setting("snooze_minutes", "int", 10, "Snooze a nudge for",
            "How long Snooze puts a nudge off.", "Nudges", 1, 120, suffix=" min"),
    Setting("away_break_minutes", "int", 5, "Count time away from the keyboard as a break after",
            "No keyboard or mouse for this long, or the screen locked, is a break you took: the time "
            "without one starts again. 0 turns this off.", "Nudges", 0, 60, suffix=" min", off_value=0),
    Setting("pause_minutes", "int", 60, "Pause nudges for",
            "How long 'Pause nudges' in the menu keeps them quiet.", "Nudges", 5, 480, suffix=" min"),
    Setting("nudge_answer_minutes", "int", 3, "Count a nudge as ignored after",
            "A nudge left unanswered this long closes itself and is noted as ignored.", "Nudges", 1, 30,
            suffix=" min"),
    Setting("work_start", "time", "09:00", "Work starts at",
            "Nudges and reminders only come during work hours.", "Work hours"),
    Setting("work_end", "time", "17:30", "Work ends at",
            "An end before the start is a night shift that ends the next day.", "Work hours"),
    Setting("work_days", "days", "mon,tue,wed,thu,fri", "Work days",
            "Nudges and the end-of-day question come only on these days.", "Work hours"),
    Setting("quiet_hours", "bool", False, "Keep quiet hours",
            "No nudges at all between the quiet start and end below.", "Work hours"),
    Setting("quiet_start", "time", "12:00", "Quiet from", "Lunch, say: no nudges from this time.", "Work hours"),
    Setting("quiet_end", "time", "13:00", "Quiet until", "Nudges may come again from this time.", "Work hours"),
    Setting("pattern", "choice", "cyclic_sigh", "Breathing pattern",
            "The rhythm a breathing minute follows; Custom uses the four timings below.", "Breathing",
            choices=PATTERN_NAMES),
    Setting("session_seconds", "int", 60, "Session length",
            "How long one 'mute & breathe' lasts.", "Breathing", 30, 600, suffix=" s"),
    Setting("custom_inhale", "float", 4.0, "Custom: breathe in", "How long each breath in lasts.", "Breathing", 1, 20,
            suffix=" s"),
    Setting("custom_hold_in", "float", 0.0, "Custom: hold after in", "A pause with full lungs; 0 for none.", "Breathing", 0, 20,
            suffix=" s"),
    Setting("custom_exhale", "float", 6.0, "Custom: breathe out", "A breath out longer than the breath in is what calms.",
            "Breathing", 1, 20, suffix=" s"),
    Setting("custom_hold_out", "float", 0.0, "Custom: hold after out", "A pause with empty lungs; 0 for none.", "Breathing", 0,
            20, suffix=" s"),
    Setting("sound_cue", "bool", False, "Soft sound at each change",
            "A quiet tone when it is time to switch, so you can close your eyes.", "Breathing"),
    Setting("reduce_motion", "bool", False, "Reduce motion",
            "Show a calm progress ring instead of a growing and shrinking shape.", "Breathing"),
    Setting("call_awareness", "bool", True, "Notice when I'm on a call",
            "Watches only whether another program is using the microphone; no sound is ever read "
            "or kept. Nudges wait until the call is over.", "Calls"),
    Setting("ask_after_call", "bool", True, "Ask \"How was that call?\" when a call ends",
            "A quiet question with Rough, OK and Great; one click logs the call.", "Calls"),
    Setting("popup_seconds", "int", 8, "Close the tag popup after",
            "The popup after a logged call closes by itself unless you are using it.", "Calls", 3, 60,
            suffix=" s"),
    Setting("flag_rough_share", "int", 40, "Point out a week when rough calls reach",
            "Share of a week's calls rated rough.", "Weekly review", 10, 100, suffix=" %"),
    Setting("flag_mood_weeks", "int", 3, "Point out mood falling for this many weeks running",
            "Average mood lower than the week before, again and again.", "Weekly review", 2, 8,
            suffix=" weeks"),
    Setting("flag_ignored_share", "int", 50, "Point out a week when ignored nudges pass",
            "Share of a week's nudges left unanswered.", "Weekly review", 10, 100, suffix=" %"),
    Setting("flag_energy", "int", 2, "Point out after-work energy averaging at or below",
            "From the end-of-day question, 1 (empty) to 5 (plenty).", "Weekly review", 1, 4),
    Setting("flag_selfcheck", "int", 50, "Point out a self-check score at or above",
            "Self-check scores run from 0 to 100.", "Weekly review", 1, 100),
    Setting("selfcheck_weeks", "int", 4, "Offer the self-check every",
            "A few questions about how the calls wear on you. 0 turns it off.", "Weekly review", 0, 26,
            suffix=" weeks", off_value=0),
    Setting("checkin", "bool", True, "Ask about my energy at the end of the day",
            "One question when work hours end: how much energy is left for your evening?", "Weekly review"),
    Setting("spike_min_rough", "int", 5, "Note a tag on this many rough calls a week",
            "Rough calls carrying the tag in one week; fewer than this is too few to mean much.", "Patterns", 2, 100, suffix=" calls"),
    Setting("spike_ratio", "float", 2.0, "…and this many times its usual week",
            "Usual: the tag's weekly average over the weeks before.", "Patterns", 1.2, 10, suffix=" ×"),
    Setting("spike_base_weeks", "int", 4, "Take its usual week from the last",
            "The tag's usual week is its average over this many weeks before.", "Patterns", 2, 12, suffix=" weeks"),
    Setting("hour_min_calls", "int", 10, "Note an hour only with at least",
            "Calls logged in that hour over the weeks shown; fewer would be chance.", "Patterns", 3, 500,
            suffix=" calls"),
    Setting("hour_ratio", "float", 2.0, "Note an hour at this many times the share",
            "An hour's share of rough calls, against the share over all the weeks shown.", "Patterns", 1.2, 10, suffix=" ×"),
    Setting("review_weeks", "int", 12, "Show this many weeks in the review",
            "How far back the weekly review window looks.", "Weekly review", 4, 52, suffix=" weeks"),
    Setting("shortcut_breathe", "keys", "Ctrl+Alt+B", "Mute & breathe, from any window",
            "One key combination opens a breathing minute with the microphone muted, whatever window you "
            "are typing in. Empty turns it off.", "Shortcuts"),
    Setting("shortcut_rough", "keys", "", "Log a rough call",
            "Empty until you pick keys: click the field and press them.", "Shortcuts"),
    Setting("shortcut_ok", "keys", "", "Log an OK call", "Empty until you pick keys.", "Shortcuts"),
    Setting("shortcut_great", "keys", "", "Log a great call", "Empty until you pick keys.", "Shortcuts"),
    Setting("backups_kept", "int", 7, "Keep daily backups for",
            "Companion copies your data once a day; older copies are removed.", "General", 1, 60,
            suffix=" days"),
    Setting("start_at_login", "bool", False, "Start Companion when I log in",
            "Adds Companion to your desktop's start-up list; turning it off removes it.", "General"),
)

BY_KEY = {s.key: s for s in SCHEMA}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Span:
    """Two time settings that make one stretch of the day: `end` before `start`
    runs on into the next day; the same time for both is no stretch at all."""
    start: str
    end: str
    name: str  # how a sentence names it: "Work hours cannot start and end at the same time."

    def minutes(self, values: Mapping[str, Any]) -> int:
        start, end = (parse_time(values[key]) for key in (self.start, self.end))
        return ((end.hour - start.hour) * 60 + end.minute - start.minute) % (24 * 60)

    def overnight(self, values: Mapping[str, Any]) -> bool:
        return parse_time(values[self.end]) < parse_time(values[self.start])


SPANS: tuple[Span, ...] = (
    Span("work_start", "work_end", "Work hours"),
    Span("quiet_start", "quiet_end", "Quiet hours"),
)


class SettingError(ValueError):
    """A value core will not take. The message names the key as the file writes
    it; `note` says the same in a few words for under the field itself (which
    needs no name), and `key` is the field it belongs to. A problem that is no
    one field's (the file could not be written) has no note."""

    def __init__(self, message: str, note: str = "", key: str = "") -> None:
        super().__init__(message)
        self.note = note
        self.key = key


def validate(setting: Setting, raw: Any) -> Any:
    """The stored form of `raw` for `setting`, or a SettingError in plain words."""
    name = setting.key

    def refuse(message: str, note: str) -> SettingError:
        return SettingError(message, note, name)

    if setting.kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise refuse(f"'{name}' must be true or false, not {raw!r}.", "This is on or off.")
    if setting.kind in ("int", "float"):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise refuse(f"'{name}' must be a number, not {raw!r}.", f"This needs a number, {_range(setting)}.")
        if setting.kind == "int":
            if isinstance(raw, float) and not raw.is_integer():
                raise refuse(f"'{name}' must be a whole number, not {raw!r}.",
                             f"This needs a whole number, {_range(setting)}.")
            value: float = int(raw)
        else:
            value = float(raw)
            if value != value or value in (float("inf"), float("-inf")):
                raise refuse(f"'{name}' must be a finite number.", f"This needs a number, {_range(setting)}.")
        if not setting.minimum <= value <= setting.maximum:
            lo, hi = _plain(setting.minimum), _plain(setting.maximum)
            raise refuse(f"'{name}' must be between {lo} and {hi}{setting.suffix}, not {_plain(value)}.",
                         f"This can be {_range(setting)}, not {_plain(value)}.")
        return value
    if not isinstance(raw, str):
        raise refuse(f"'{name}' must be text in quotes, not {raw!r}.", "This needs text.")
    text = raw.strip().lower()
    if setting.kind == "time":
        match = _TIME.match(text)
        if not match:
            raise refuse(f"'{name}' must be a time like 09:00, not {raw!r}.", "This needs a time like 09:00.")
        return f"{int(match[1]):02d}:{match[2]}"
    if setting.kind == "choice":
        if text not in setting.choices:
            raise refuse(f"'{name}' must be one of {', '.join(setting.choices)}, not {raw!r}.",
                         f"This is one of {', '.join(setting.choices)}.")
        return text
    if setting.kind == "days":
        days = [d.strip()[:3] for d in text.split(",") if d.strip()]
        bad = [d for d in days if d not in DAY_NAMES]
        if bad or not days:
            raise refuse(f"'{name}' must list days like mon,tue,wed, not {raw!r}.",
                         "At least one day is needed." if not days else "These are days like Mon, Tue, Wed.")
        return ",".join(d for d in DAY_NAMES if d in days)
    if setting.kind == "keys":
        try:
            keys = parse_keys(raw)
        except ValueError as exc:
            raise refuse(f"'{name}': {exc}", str(exc)) from None
        return "" if keys is None else str(keys)
    raise AssertionError(setting.kind)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _range(setting: Setting) -> str:
    """The schema's range in words: "1 to 20 calls"."""
    return f"{_plain(setting.minimum)} to {_plain(setting.maximum)}{setting.suffix}"


def plain_value(setting: Setting, value: Any) -> str:
    """A stored value as a sentence says it: "3 calls", "off", "09:00", "Mon, Wed"."""
    if setting.off_value is not None and value == setting.off_value:
        return "off"
    if setting.kind == "bool":
        return "on" if value else "off"
    if setting.kind in ("int", "float"):
        return f"{_plain(value)}{setting.suffix}"
    if setting.kind == "days":
        return ", ".join(day.capitalize() for day in str(value).split(","))
    return str(value)


def check_together(values: Mapping[str, Any], changed: str = "") -> None:
    """Refuse values that are fine one by one but not side by side: a span
    that starts and ends at the same time. `changed` is the field to blame."""
    for later, earlier in _same_keys(values):
        key = changed if changed in (later, earlier) else later
        other = BY_KEY[earlier if key == later else later]
        raise SettingError(f"'{later}' and '{earlier}' cannot both be {values[later]}.",
                           f"{values[later]} is already the keys for “{other.label}”.", key)
    for span in SPANS:
        if values[span.start] == values[span.end]:
            key = changed if changed in (span.start, span.end) else span.end
            raise SettingError(
                f"'{span.start}' and '{span.end}' cannot both be {values[span.end]}: "
                f"{span.name.lower()} cannot start and end at the same time.",
                f"{span.name} cannot start and end at the same time.", key)


def _same_keys(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(later, earlier) for each shortcut setting whose keys an earlier one in
    the schema already has."""
    found, taken = [], {}
    for setting in SCHEMA:
        keys = values[setting.key] if setting.kind == "keys" else ""
        if keys and keys in taken:
            found.append((setting.key, taken[keys]))
        elif keys:
            taken[keys] = setting.key
    return found


def _fix_together(values: dict[str, Any]) -> list[str]:
    """Put a span that starts and ends at the same time back to its defaults,
    and leave a second shortcut on the same keys without keys; what was done,
    in words, for the list of the file's problems."""
    problems = []
    for later, earlier in _same_keys(values):
        problems.append(f"'{later}' and '{earlier}' are both {values[later]}; '{later}' is left without keys.")
        values[later] = ""
    for span in SPANS:
        if values[span.start] == values[span.end]:
            start, end = BY_KEY[span.start].default, BY_KEY[span.end].default
            problems.append(f"'{span.start}' and '{span.end}' are both {values[span.end]}, and "
                            f"{span.name.lower()} cannot start and end at the same time. "
                            f"Using the defaults, {start} and {end}.")
            values[span.start], values[span.end] = start, end
    return problems


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# A settings file is a few kilobytes; anything far larger is not one.
MAX_FILE_BYTES = 1_000_000


class Settings:
    """The current values, the file they live in, and who to tell on change."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.values: dict[str, Any] = {s.key: s.default for s in SCHEMA}
        self.problems: list[str] = []
        self._listeners: list[Callable[[str, Any], None]] = []
        self.load()

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def on_change(self, listener: Callable[[str, Any], None]) -> None:
        self._listeners.append(listener)

    def load(self) -> list[str]:
        self.problems = []
        try:
            if not self.path.exists():
                return self.problems
            raw_text = self.path.read_bytes()
        except OSError as exc:
            # A folder in its place, or a file this user may not read: nothing
            # to set aside (we may not even be able to move it), so it stays.
            self.problems.append(
                f"The settings file {self.path} cannot be read ({exc.strerror or exc}), so the default "
                "settings are in use; the file was left as it is."
            )
            return self.problems
        try:
            if len(raw_text) > MAX_FILE_BYTES:
                raise ValueError(f"it is {len(raw_text)} bytes long, more than any settings file needs")
            data = tomllib.loads(raw_text.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
            if isinstance(exc, RecursionError):
                exc = ValueError("its values are nested too deeply")
            kept = set_aside(self.path, after=".bak")
            self.problems.append(
                f"The settings file could not be read ({exc}). It was kept as {kept.name} "
                "and the default settings are in use."
            )
            return self.problems
        for key, raw in data.items():
            setting = BY_KEY.get(key)
            if setting is None:
                self.problems.append(f"'{key}' in the settings file is not a setting Companion knows; it is ignored.")
                continue
            try:
                self.values[key] = validate(setting, raw)
            except SettingError as exc:
                self.values[key] = setting.default
                self.problems.append(f"{exc} Using the default, {_shown(setting.default)}.")
        self.problems += _fix_together(self.values)
        return self.problems

    def set(self, key: str, raw: Any) -> Any:
        """Validate, apply, save, and tell listeners. Raises SettingError."""
        return self.update({key: raw})[key]

    def update(self, raws: Mapping[str, Any]) -> dict[str, Any]:
        """Several values at once, checked side by side as they will be (so work
        hours can move from 09:00-17:30 to 17:30-02:00 in one go), saved once.
        All or nothing: a SettingError leaves every value as it was."""
        values = {key: validate(BY_KEY[key], raw) for key, raw in raws.items()}
        check_together({**self.values, **values}, changed=next(reversed(values), ""))
        changed = {key: value for key, value in values.items() if value != self.values[key]}
        if not changed:
            return values
        self.values.update(changed)
        try:
            self.save()
        except OSError as exc:
            unsaved = exc
        else:
            unsaved = None
        for key, value in changed.items():
            for listener in list(self._listeners):
                listener(key, value)
        if unsaved is not None:
            # Applied all the same: the app goes on with it until it quits.
            raise SettingError(
                f"The change applies now but could not be saved to {self.path} "
                f"({unsaved.strerror or unsaved}); it will be lost when Companion quits."
            )
        return values

    def save(self) -> None:
        lines = ["# Companion settings. Edit freely; a wrong value is reported and replaced", "# by its default.", ""]
        group = None
        for s in SCHEMA:
            if s.group != group:
                group = s.group
                lines += [f"# --- {group} ---"]
            lines.append(f"# {s.label}. {s.help}")
            lines.append(f"{s.key} = {_toml(self.values[s.key])}")
            lines.append("")
        # Whole or not at all: a full disk or a crash leaves the old file as it was.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private(self.path, "\n".join(lines))


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(value: Any) -> str:
    return _toml(value)


def peek(path: Path | str) -> dict[str, Any]:
    """The values in the file, read without touching it: a broken file or value
    reads as the defaults. For the command line, which leaves a damaged settings
    file to the app (the app tells the person and keeps a copy)."""
    values = {s.key: s.default for s in SCHEMA}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return values
    for key, raw in data.items():
        if key in BY_KEY:
            try:
                values[key] = validate(BY_KEY[key], raw)
            except SettingError:
                pass
    _fix_together(values)
    return values
