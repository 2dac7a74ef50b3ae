"""Global shortcuts: one key combination that works from any window, for the
moment of need (Mute & breathe while the CRM has the focus).

One small interface, one implementation per desktop: X11 grabs the keys on
the root window (shortcuts_x11.py), Wayland asks the desktop portal
(shortcuts_portal.py), Windows registers hot keys (shortcuts_windows.py);
elsewhere `Unavailable` says plainly why not and what to do instead (bind
`companion breathe` in the desktop's own keyboard settings). shortcut_desktops.py picks one. Key combinations are
core.keys.KeyCombination, written as Qt writes them ("Ctrl+Alt+B")."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from companion.core.keys import KeyCombination

# What every desktop says of a combination another program holds already.
TAKEN = "{keys} is already used by another program; choose another combination in Settings."


class Shortcuts(QObject):
    """Binds key combinations to actions ("breathe", "rough", ...); emits
    `activated(action)` when one is pressed anywhere on the desktop, and
    `turned_down(action, sentence)` when a binding that `bind` accepted is
    refused later (on Wayland the desktop asks the person first)."""

    activated = Signal(str)
    turned_down = Signal(str, str)
    available = False
    why_not = ""

    def bind(self, action: str, keys: KeyCombination) -> str | None:
        """None when bound; otherwise one sentence saying why not."""
        return self.why_not

    def release(self, action: str) -> None:
        pass

    def release_all(self) -> None:
        pass


class Unavailable(Shortcuts):
    def __init__(self, why_not: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.why_not = why_not
