"""Key combinations for the global shortcuts, written as Qt writes them
("Ctrl+Alt+B"), so Settings can record them with a key-sequence field and a
person can type them into the settings file. Plain Python: the settings
schema validates with it, the platform's shortcuts grab what it parses."""

from __future__ import annotations

from dataclasses import dataclass

# What to bind in a desktop's own keyboard settings where Companion cannot grab keys itself.
COMMANDS = {"breathe": "companion breathe", "rough": "companion log rough", "ok": "companion log ok",
            "great": "companion log great"}


MODIFIERS = {"ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "shift": "Shift", "meta": "Meta", "super": "Meta"}


@dataclass(frozen=True)
class KeyCombination:
    modifiers: frozenset[str]  # of "Meta" (the Super or Windows key), "Ctrl", "Alt", "Shift"
    key: str  # as Qt names it: "B", "F5", "Space"

    def __str__(self) -> str:
        # Qt's own order, so a combination read back from a key-sequence field is the same text.
        order = [m for m in ("Meta", "Ctrl", "Alt", "Shift") if m in self.modifiers]
        return "+".join([*order, self.key])


def parse_keys(text: str) -> KeyCombination | None:
    """'Ctrl+Alt+B' -> KeyCombination; None for an empty text (unbound).
    Raises ValueError with a plain sentence for a combination no desktop can
    grab (no key, or no modifier on a letter that would steal typing)."""
    parts = [p.strip() for p in text.replace(" ", "").split("+")] if text.strip() else []
    if not parts:
        return None
    *mods, key = parts
    unknown = [m for m in mods if m.lower() not in MODIFIERS]
    if unknown or not key:
        raise ValueError(f"'{text}' is not a key combination (for example Ctrl+Alt+B).")
    modifiers = frozenset(MODIFIERS[m.lower()] for m in mods)
    key = key.upper() if len(key) == 1 else key[:1].upper() + key[1:]
    if not modifiers - {"Shift"} and not (key.startswith("F") and key[1:].isdigit()):
        raise ValueError(f"{text} alone would take that key from your typing; add Ctrl or Alt.")
    return KeyCombination(modifiers, key)
