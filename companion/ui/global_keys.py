"""The global shortcuts as the person set them: bound once the tray icon is
up, bound again when Settings change, released on quit. Pressing one opens
Mute & breathe, or logs a rough, OK or great call, whatever window has the
focus. How each binding went (working, taken by another program, not
possible on this desktop) is kept for Settings to show under its field.

Ctrl+Alt+B is the default unless another program holds it: then, while the
setting is still the default, the next free of FALLBACKS is taken and saved,
and the person is told."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QGuiApplication

from companion.core.keys import COMMANDS, parse_keys
from companion.core.models import Rating
from companion.core.settings import BY_KEY, SCHEMA

KEYS = tuple(s.key for s in SCHEMA if s.kind == "keys")
FALLBACKS = ("Ctrl+Alt+Shift+B", "Meta+Alt+B")


class GlobalKeys(QObject):
    def __init__(self, settings, breathe: Callable[[], None], log: Callable[[Rating], None],
                 tell: Callable[[str, str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings, self._breathe, self._log, self._tell = settings, breathe, log, tell
        self.shortcuts = None
        # setting key -> (works, what Settings says under the field)
        self.states: dict[str, tuple[bool, str]] = {}

    @property
    def available(self) -> bool:
        return self.shortcuts is not None and self.shortcuts.available

    def apply(self, shortcuts=None) -> None:
        """Bind every shortcut (`shortcuts`: the desktop's, made here by default)."""
        if self.shortcuts is None:
            from companion.platform.shortcut_desktops import desktop_shortcuts

            self.shortcuts = shortcuts or desktop_shortcuts(QGuiApplication.platformName(), self)
            self.shortcuts.activated.connect(self._pressed)
            turned_down = getattr(self.shortcuts, "turned_down", None)  # test doubles may have none
            if turned_down is not None:
                turned_down.connect(self._turned_down)
        for key in KEYS:
            self.bind(key)

    def bind(self, key: str) -> None:
        if self.shortcuts is None or key not in KEYS:
            return
        action, text = key.removeprefix("shortcut_"), self.settings[key]
        self.shortcuts.release(action)
        if not text:
            self.states[key] = (False, "")
            return
        problem = self.shortcuts.bind(action, parse_keys(text))
        if problem and self.shortcuts.available and text == BY_KEY[key].default and self._fall_back(key):
            return  # saved: the settings listener has bound the fallback
        if problem and not self.shortcuts.available:
            problem = QCoreApplication.translate("GlobalKeys", "{why} The command to bind: {command}").format(why=problem, command=COMMANDS[action])
        self.states[key] = (problem is None,
                           problem or QCoreApplication.translate("GlobalKeys", "Works from any window."))

    def _fall_back(self, key: str) -> bool:
        taken = self.settings[key]
        for keys in FALLBACKS:
            if all(self.settings[k] != keys for k in KEYS) and self.shortcuts.bind("probe", parse_keys(keys)) is None:
                self.shortcuts.release("probe")
                self.settings.set(key, keys)
                self._tell(QCoreApplication.translate("GlobalKeys", "Companion"), QCoreApplication.translate(
                    "GlobalKeys", "{taken} is used by another program, so Mute & breathe is on {keys}. "
                    "You can change it in Settings.").format(taken=taken, keys=keys))
                return True
        return False

    def stop(self) -> None:
        if self.shortcuts is not None:
            self.shortcuts.release_all()

    def _turned_down(self, action: str, sentence: str) -> None:
        key = f"shortcut_{action}"
        if key in KEYS:
            self.states[key] = (False, sentence)

    def _pressed(self, action: str) -> None:
        if action == "breathe":
            self._breathe()
        else:
            self._log(Rating(action))
