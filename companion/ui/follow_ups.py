"""Where no window of ours can appear by the tray without taking the keyboard
(Wayland sessions: see platform/display.py `popups_by_the_tray`), what
Companion shows on its own goes out as a desktop notification instead, with
the popup's choices as its buttons. The desktop places a notification where
its messages belong and never gives it the focus, so the agent's typing
stays in the CRM. A window of ours opens only when a button asks for it.

- A rough or great call logged: "Add tags…" (opens the tag popup) and "Undo".
- "How was that call?": Rough, OK and Great log it; dismissed, it is skipped.
- The evening check-in: "Check in…" opens it; "Later" puts it off.
- A notice: the message alone.

With no notification server either (rare on Wayland: GNOME, KDE, mako and
dunst all have one), the tag popup and the after-call question are not
shown (the call is logged; tags can be added in History, a call logged from
the menu), the check-in waits in the tray menu, and a notice still gets its
own window, so that nothing to be told is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from companion.core.models import Call, Rating
from companion.platform.display import popups_by_the_tray


class FollowUps(QObject):
    def __init__(self, service, notifier: Callable[[], object], parent: QObject | None = None,
                 by_the_tray: bool | None = None) -> None:
        super().__init__(parent)
        self.service, self._notifier = service, notifier
        self.by_the_tray = popups_by_the_tray(QGuiApplication.platformName()) if by_the_tray is None else by_the_tray
        self.checkin_waiting = False  # the check-in is due and was offered by notification (or not at all)
        self._notes: dict[str, int] = {}  # what each kind of follow-up's notification now is

    @property
    def notified(self) -> bool:
        """True where the follow-ups are notifications, not popups by the tray."""
        return not self.by_the_tray

    def _send(self, kind: str, title: str, text: str, actions, on_action, on_close=None, click=None) -> bool:
        """One notification of `kind` at a time: a newer one replaces the one before.
        `on_close(reason)` hears only the current one going unanswered: not a
        replaced one, nor one whose button was pressed (its close follows the press)."""
        notifier = self._notifier()
        old = self._notes.pop(kind, 0)
        if old:
            notifier.close(old)
        sent = [0]

        def pressed(key: str) -> None:
            if self._notes.get(kind) == sent[0]:
                del self._notes[kind]
            on_action(key)

        def gone(reason: str) -> None:
            if self._notes.get(kind) == sent[0]:
                del self._notes[kind]
                if on_close is not None:
                    on_close(reason)
        sent[0] = notifier.notify(title, text, actions, expire_ms=0, on_action=pressed, on_close=gone, click=click)
        if sent[0]:
            self._notes[kind] = sent[0]
        return bool(sent[0])

    def withdraw(self, kind: str) -> None:
        note = self._notes.pop(kind, 0)
        if note:
            self._notifier().close(note)

    # -- the follow-ups -------------------------------------------------------
    def call_logged(self, call: Call, open_tags: Callable[[Call], None]) -> None:
        rough = call.rating is Rating.ROUGH
        title = self.tr("Rough call logged") if rough else self.tr("Great call logged")
        text = self.tr("Add what it was about, or undo it if that was a slip.")

        def pressed(key: str) -> None:
            if key == "tags":
                open_tags(call)
            elif key == "undo":
                last = self.service.undoable()
                if last is not None and last.id == call.id:  # never a newer call than this one
                    self.service.undo_last()
        # A click on it adds tags: never an undo, nor a rating, by a stray click.
        self._send("tags", title, text, [("tags", self.tr("Add tags…")), ("undo", self.tr("Undo"))], pressed,
                   click="tags")

    def ask_after_call(self, minutes: int, log_call: Callable[[Rating], object], skipped: Callable[[], None]) -> None:
        from .after_call import asked_text, choices, question  # the popup's own words

        actions = [(key, button) for key, button, _what in choices()]
        if not self._send("after_call", question(), asked_text(minutes), actions,
                          lambda key: log_call(Rating(key)), lambda _reason: skipped()):
            skipped()

    def offer_checkin(self, open_checkin: Callable[[], None]) -> None:
        self.checkin_waiting = True  # reachable from the tray menu either way

        def pressed(key: str) -> None:
            if key == "open":
                open_checkin()
            elif key == "later":
                self.checkin_waiting = False
                self.service.put_off_checkin()
        later = [("later", self.tr("Later"))] if self.service.checkin_later_left() else []
        self._send("checkin", self.tr("Evening check-in"),
                   self.tr("How much energy is left after today? Two seconds, here or from the Companion menu."),
                   [("open", self.tr("Check in…")), *later], pressed, click="open")

    def checkin_done(self) -> None:
        self.checkin_waiting = False
        self.withdraw("checkin")

    def notice(self, title: str, text: str) -> bool:
        """True when the desktop took it; False: show it in a window of our own."""
        return bool(self._notifier().notify(title, text, (), expire_ms=-1))
