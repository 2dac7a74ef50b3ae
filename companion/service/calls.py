"""Calls going on: the softphone's hooks (`companion call start|end`) and the
microphone watch, as one picture. Part of Service (service.py).

The hook is the most precise signal there is; the microphone watch is the
automatic one. Either makes "on a call" true (nudges wait); a call both
report is one call: a microphone call that begins or ends while a hook call
is on, or just after one ended, is that same call, so the "How was that
call?" question comes once. The hook's call is kept in the store, so a
`companion call start` with no app running still counts when the app starts,
and `companion status` tells it either way. A start that never saw its end
(the softphone crashed) stops counting after HOOK_CALL_LONGEST."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from companion.core.clock import from_text, to_text
from companion.core.models import Call, Rating

from .events import Change

HOOK_CALL_KEY = "hook_call_since"  # when the hook's call began (core.clock.to_text)
HOOK_CALL_LONGEST = timedelta(hours=4)
# The softphone lets go of the microphone a moment after its hook ran.
SAME_CALL_AFTER = 120.0  # seconds


class CallSource(Enum):
    HOOK = "hook"
    MICROPHONE = "microphone"


@dataclass(frozen=True)
class CallEnded:
    """What CALL_ENDED carries: how long it was, and whether to ask how it went
    (not when the hook gave a rating, or when it was the same call again)."""

    source: CallSource
    minutes: int
    ask: bool
    logged: Call | None = None


class CallVerbs:
    mic_call_live = False
    _hook_ended_mono: float | None = None

    # -- the softphone's hook ---------------------------------------------------------
    def hook_call_since(self):
        """When the hook's call began, or None when no hook call is on."""
        text = self.store.get_meta(HOOK_CALL_KEY)
        try:
            since = from_text(text) if text else None
        except ValueError:
            return None
        if since is None or self.clock.now() - since > HOOK_CALL_LONGEST:
            return None
        return since

    def call_started(self) -> bool:
        """`companion call start`. False when a hook call was on already (a
        second start changes nothing)."""
        if self.hook_call_since() is not None:
            return False
        self.store.set_meta(HOOK_CALL_KEY, to_text(self.clock.now()))
        self._calls_changed()
        self.publish(Change.CALL_STARTED, CallSource.HOOK)
        return True

    def call_ended(self, rating: Rating | None = None) -> CallEnded:
        """`companion call end [--rating R]`: the call is logged with the rating
        at once, or the person is asked how it went (when they want that)."""
        since = self.hook_call_since()
        self.store.set_meta(HOOK_CALL_KEY, None)
        self._hook_ended_mono = self.clock.monotonic()
        self._calls_changed()
        minutes = round((self.clock.now() - since).total_seconds() / 60) if since else 0
        logged = self.log_call(Rating(rating)) if rating is not None else None
        ended = CallEnded(CallSource.HOOK, max(0, minutes), ask=logged is None and self.settings["ask_after_call"],
                          logged=logged)
        self.publish(Change.CALL_ENDED, ended)
        return ended

    # -- the microphone watch ---------------------------------------------------------
    def mic_call(self, live: bool, seconds: float = 0.0, counts: bool = True) -> None:
        """The microphone watch saw a call begin or end (`counts`: it lasted
        long enough to be a call, not a blip)."""
        same_call = self.hook_call_since() is not None or self._just_after_hook_call()
        self.mic_call_live = live
        self._calls_changed()
        if live:
            if not same_call:
                self.publish(Change.CALL_STARTED, CallSource.MICROPHONE)
            return
        ask = counts and not same_call and self.settings["ask_after_call"]
        self.publish(Change.CALL_ENDED, CallEnded(CallSource.MICROPHONE, round(seconds / 60), ask=ask))

    def _just_after_hook_call(self) -> bool:
        ended = self._hook_ended_mono
        return ended is not None and self.clock.monotonic() - ended < SAME_CALL_AFTER

    # -- both -------------------------------------------------------------------------
    @property
    def on_call(self) -> bool:
        return self.mic_call_live or self.hook_call_since() is not None

    def _calls_changed(self) -> None:
        self.nudger.call_live = self.on_call
