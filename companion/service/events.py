"""What the service tells its subscribers: one event per change, one way to listen.

The tray app subscribes and refreshes what it shows (the undo item, the rough
run, the pause item, open windows); the service itself never knows who listens.
The same style as Settings.on_change: a plain list of callables, called in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Change(Enum):
    CALL_LOGGED = "call_logged"  # subject: the Call
    CALL_CHANGED = "call_changed"  # subject: the Call as it is now
    CALL_UNDONE = "call_undone"  # subject: the call's id
    ENTRY_DELETED = "entry_deleted"  # subject: (kind, id) from the history
    BREAK_STARTED = "break_started"  # subject: the break's id
    BREAK_ENDED = "break_ended"  # subject: the break's id
    BREATH_STARTED = "breath_started"  # subject: the BreathSession
    BREATH_ENDED = "breath_ended"  # subject: the session's id
    BREATH_RATED = "breath_rated"  # subject: the session's id
    PAUSE_CHANGED = "pause_changed"  # subject: paused until (datetime) or None
    ROUGH_RUN = "rough_run"  # subject: rough calls in a row now
    NUDGE_ANSWERED = "nudge_answered"  # subject: the NudgeAnswer
    CHECKED_IN = "checked_in"  # subject: energy 1-5, or None for a skip
    CHECKIN_PUT_OFF = "checkin_put_off"  # subject: when it asks again, or None: not this evening
    SELFCHECK_TAKEN = "selfcheck_taken"  # subject: the score
    TAGS_CHANGED = "tags_changed"  # subject: the own tags now offered
    CALL_STARTED = "call_started"  # subject: the CallSource (calls.py) that saw it
    CALL_ENDED = "call_ended"  # subject: calls.CallEnded
    SAVING_AGAIN = "saving_again"  # the data file opened only to read can be written again


@dataclass(frozen=True)
class Event:
    change: Change
    subject: Any = None


Listener = Callable[[Event], None]


class Publisher:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def publish(self, change: Change, subject: Any = None) -> None:
        event = Event(change, subject)
        for listener in list(self._listeners):
            listener(event)
