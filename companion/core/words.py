"""Words that help: the agent's own phrases for hard moments, in groups.

The card starts from the phrases shipped in assets/words.json and becomes the
agent's own the moment they change anything: the whole card is then kept in
words.json in the config folder. Every change is saved before it returns."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .files import read_json, set_aside, write_private
from .models import InvalidEntry

FILE_VERSION = 1
PHRASE_MAX = 600


@dataclass
class Phrase:
    text: str
    # For a positive swap: the words this phrase replaces. Shown, never copied.
    instead: str = ""


@dataclass
class PhraseGroup:
    key: str
    title: str
    hint: str = ""
    phrases: list[Phrase] = field(default_factory=list)


def check_phrase(text: str, what: str = "A phrase") -> str:
    cleaned = "\n".join(line.rstrip() for line in str(text).strip().splitlines())
    if len(cleaned) > PHRASE_MAX:
        raise InvalidEntry(f"{what} can be at most {PHRASE_MAX} characters long (this one has {len(cleaned)}).")
    if any(not ch.isprintable() and ch != "\n" for ch in cleaned):
        raise InvalidEntry(f"{what} cannot contain control characters.")
    return cleaned


def _groups_from(data: object) -> list[PhraseGroup]:
    """Groups from parsed JSON; raises ValueError on anything malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise ValueError("there is no list of groups")
    groups, seen = [], set()
    for raw in data["groups"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not isinstance(raw.get("title"), str):
            raise ValueError("a group has no key or title")
        if raw["key"] in seen:
            raise ValueError(f"the group {raw['key']!r} appears twice")
        seen.add(raw["key"])
        phrases = []
        for item in raw.get("phrases", []):
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError(f"a phrase in {raw['key']!r} has no text")
            text = check_phrase(item["text"])
            if text:
                phrases.append(Phrase(text, check_phrase(str(item.get("instead", "")), "The words it replaces")))
        groups.append(PhraseGroup(raw["key"], raw["title"], str(raw.get("hint", "")), phrases))
    return groups


def load_defaults(source: Path | None = None) -> list[PhraseGroup]:
    source = source or paths.asset("words.json")
    try:
        return _groups_from(read_json(source))
    except (OSError, ValueError, InvalidEntry) as exc:
        # The shipped file is ours: a broken one is a packaging bug, not the user's problem.
        raise RuntimeError(f"The shipped phrases in {source} cannot be read: {exc}") from exc


class WordCard:
    """The phrase groups, as the agent has them now."""

    def __init__(self, path: Path | None = None, defaults: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "words.json"
        self._defaults_path = defaults
        self.groups: list[PhraseGroup] = []
        self.problems: list[str] = []
        self._listeners: list[Callable[[], None]] = []
        self.load()

    # -- reading and writing --------------------------------------------------
    def load(self) -> list[str]:
        self.problems = []
        defaults = load_defaults(self._defaults_path)
        if not self.path.exists():
            self.groups = defaults
            return self.problems
        try:
            mine = _groups_from(read_json(self.path))
        except OSError as exc:
            # A folder in its place or a file we may not read: nothing to set aside.
            self.problems.append(
                f"Your phrases in {self.path} cannot be read ({exc.strerror or exc}), so the original "
                "phrases are shown; the file was left as it is."
            )
            self.groups = defaults
            return self.problems
        except (ValueError, InvalidEntry) as exc:
            kept = set_aside(self.path, after=".bak")
            self.problems.append(
                f"Your phrases in {self.path} could not be read ({exc}), so the original phrases are shown. "
                f"Your file was kept as {kept}."
            )
            self.groups = defaults
            return self.problems
        # A group added in a newer release joins the card; the agent's own groups stay as they are.
        known = {g.key for g in mine}
        self.groups = mine + [g for g in defaults if g.key not in known]
        return self.problems

    def save(self) -> None:
        data = {
            "version": FILE_VERSION,
            "groups": [
                {
                    "key": g.key,
                    "title": g.title,
                    "hint": g.hint,
                    "phrases": [{"text": p.text, **({"instead": p.instead} if p.instead else {})} for p in g.phrases],
                }
                for g in self.groups
            ],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        for listener in list(self._listeners):
            listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Called after every saved change, so two open views stay the same."""
        self._listeners.append(listener)

    def off_change(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- changing -------------------------------------------------------------
    def group(self, key: str) -> PhraseGroup:
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(key)

    def add(self, key: str, text: str, instead: str = "", index: int | None = None) -> int:
        phrase = self._phrase(text, instead)
        phrases = self.group(key).phrases
        index = len(phrases) if index is None else max(0, min(index, len(phrases)))
        phrases.insert(index, phrase)
        self.save()
        return index

    def edit(self, key: str, index: int, text: str, instead: str = "") -> None:
        phrases = self.group(key).phrases
        phrases[index] = self._phrase(text, instead)
        self.save()

    def remove(self, key: str, index: int) -> Phrase:
        removed = self.group(key).phrases.pop(index)
        self.save()
        return removed

    def restore_defaults(self) -> None:
        self.groups = load_defaults(self._defaults_path)
        self.save()

    @staticmethod
    def _phrase(text: str, instead: str) -> Phrase:
        text = check_phrase(text)
        if not text:
            raise InvalidEntry("A phrase cannot be empty.")
        return Phrase(text, check_phrase(instead, "The words it replaces"))
