"""The verbs on the person's own call tags (a queue's topics: billing,
delivery, login, ...), beside the built-in ones: add, rename, retire.

A retired tag is no longer offered, but the calls that carry it keep it; a
renamed tag is renamed on every call that carries it, in one transaction, so
a tag is only ever stored under one name. Part of Service (service.py)."""

from __future__ import annotations

from companion.core.models import DEFAULT_TAGS, OWN_TAGS_MAX, InvalidEntry, check_tag

from .events import Change


class TagVerbs:
    def own_tags(self) -> list[str]:
        """The own tags offered in the tag popup, in the order they were added."""
        return [name for name, retired in self.store.own_tags() if not retired]

    def retired_tags(self) -> list[str]:
        return [name for name, retired in self.store.own_tags() if retired]

    def _new_name(self, name: str, what: str) -> str:
        cleaned = check_tag(name)
        if cleaned in DEFAULT_TAGS:
            raise InvalidEntry(f"'{cleaned}' is one of Companion's own tags already.")
        if cleaned in self.own_tags():
            raise InvalidEntry(f"You have a tag '{cleaned}' already.")
        if cleaned in self.retired_tags() and what == "rename":
            raise InvalidEntry(f"'{cleaned}' is a retired tag: add it again instead.")
        return cleaned

    def add_tag(self, name: str) -> str:
        """A new own tag, or a retired one offered again."""
        cleaned = self._new_name(name, "add")
        if len(self.own_tags()) >= OWN_TAGS_MAX:
            raise InvalidEntry(f"You can keep at most {OWN_TAGS_MAX} tags of your own; retire one first.")
        self.store.put_own_tag(cleaned)
        self.publish(Change.TAGS_CHANGED, self.own_tags())
        return cleaned

    def rename_tag(self, old: str, new: str) -> str:
        """Renames the tag, on every call that carries it too."""
        if old not in self.own_tags():
            raise InvalidEntry(f"There is no tag '{old}' of your own to rename.")
        cleaned = self._new_name(new, "rename")
        self.store.rename_own_tag(old, cleaned)
        self.publish(Change.TAGS_CHANGED, self.own_tags())
        return cleaned

    def retire_tag(self, name: str) -> None:
        """No longer offered; the calls that carry it keep it."""
        if name not in self.own_tags():
            raise InvalidEntry(f"There is no tag '{name}' of your own to retire.")
        self.store.put_own_tag(name, retired=True)
        self.publish(Change.TAGS_CHANGED, self.own_tags())

    def patterns(self, weeks: int | None = None):
        """Rough calls by tag, the hour-by-weekday grid and the notes, for the
        last `weeks` weeks (default: the review setting)."""
        from companion.core.patterns import patterns
        from companion.core.clock import iso_week
        from companion.core.weeks import week_labels

        count = int(weeks or self.settings["review_weeks"])
        return patterns(self.store, week_labels(iso_week(self.clock.now()), count), self.settings)
