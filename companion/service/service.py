"""The user's verbs, in one place, with no Qt: the tray app, the windows, the
socket's request table and the command line's offline paths all call these.

The service owns the store, the settings, the nudge policy and the clock. Each
verb writes what it must, keeps the nudge policy up to date and publishes what
changed (events.py); whoever shows something subscribes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from companion.core.clock import Clock, SystemClock, from_text, to_text
from companion.core.models import (
    BreathSession, Call, InvalidEntry, Nudge, NudgeAnswer, NudgeReason, Rating, check_note, check_tags,
)
from companion.core.away import AwayTracker
from companion.core.nudges import LAST_NUDGE_KEY, Nudger
from companion.core.settings import BY_KEY
from companion.core.store import StorageProblem, Store

from .events import Change, Publisher
from .away import AwayVerbs
from .calls import CallVerbs
from .tags import TagVerbs

# Store meta keys, each named once.
PAUSED_KEY = "nudges_paused_until"  # when paused nudges come back (core.clock.to_text)
WELCOMED_KEY = "welcomed"
SELFCHECK_TOLD_KEY = "selfcheck_told_day"
# A call logged this recently, from the tray or a script, can be undone from the menu.
UNDO_WINDOW = timedelta(minutes=15)
# The id of a breathing session that could not be recorded (SQLite's ids start at 1).
UNSAVED_SESSION = 0


def setting_range(key: str) -> tuple[int, int]:
    """A whole-number setting's range, as the settings schema declares it."""
    setting = BY_KEY[key]
    return int(setting.minimum), int(setting.maximum)


# `companion pause --minutes N`, the socket's pause and the menu's length alike.
PAUSE_RANGE = setting_range("pause_minutes")

BREATHE_RANGE = setting_range("session_seconds")
WEEKS_RANGE = setting_range("review_weeks")


def check_whole(value: Any, bounds: tuple[int, int], what: str) -> int | None:
    """None stays None (use the setting); otherwise a whole number in `bounds`."""
    low, high = bounds
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidEntry(f"{what} is a whole number from {low} to {high}, not {value!r}.")
    return value


class Service(TagVerbs, CallVerbs, AwayVerbs, Publisher):
    def __init__(self, store: Store, settings: Mapping[str, Any], clock: Clock | None = None) -> None:
        super().__init__()
        self.store, self.settings = store, settings
        self.clock = clock or store.clock or SystemClock()
        self.nudger = Nudger(self.clock, settings)
        self.away = AwayTracker(self.clock, settings)
        self.recovered: list[str] = []  # what the person must be told about repairs made on the way
        paused, self.break_id, last_nudge = self._on_store(
            lambda s: (s.get_meta(PAUSED_KEY), s.open_break(), s.get_meta(LAST_NUDGE_KEY)))
        self.nudger.paused_until = from_text(paused) if paused else None
        self.nudger.recall(last_nudge)  # the cooldown outlives a restart
        self._open_nudges: dict[int, NudgeReason] = {}
        self.breathing: BreathSession | None = None  # the session running now (its mic state is in the tray)
        self._waited_to_save = not self.saving
        self._on_store(lambda s: self._calls_changed())  # a `companion call start` made before this start

    def recover(self) -> str | None:
        """Damage found in the middle of the work: the same recovery as at
        opening, on the file in use; the message for the person."""
        from companion.core.recovery import recover

        self.store, message = recover(self.store.path, self.clock, self.store)
        return message

    def _on_store(self, action):
        """`action(store)`. A damaged page met on the way leads to the one
        recovery (file set aside, newest good backup back) and one more try;
        a full disk or a read-only folder raises StorageProblem with its words."""
        from companion.core.recovery import with_recovery

        self.store, result, message = with_recovery(self.store, action)
        if message:
            self.recovered.append(message)
        return result

    @property
    def saving(self) -> bool:
        """False while the data file can only be read (a full disk, a read-only folder)."""
        return self.store.reading_only is None

    def try_saving(self) -> bool:
        """For a store opened only to read: can it write again? The first
        time it can (here, or through any write since), publish SAVING_AGAIN."""
        saving = self._on_store(lambda s: s.try_writing())
        if saving and self._waited_to_save:
            self._waited_to_save = False
            self.publish(Change.SAVING_AGAIN)
        return saving

    def verify(self) -> str | None:
        """The full check of the data file (it grows with the data, so the tray
        runs it once its icon is up); a damaged file is set aside and replaced as
        at opening, and the message for the person returned."""
        from companion.core.recovery import verify

        self.store, problem = verify(self.store)
        return problem

    def rest(self) -> None:
        """The start's reading is over (status, nudges, backup): what it cached
        of the data file goes back, as the tray may now idle for hours."""
        self.store.release_memory()

    # -- calls ------------------------------------------------------------------
    def log_call(self, rating: Rating, mood: int | None = None, tags: Iterable[str] = (), note: str = "") -> Call:
        tags, note = check_tags(tags), check_note(note)
        call = self._on_store(lambda s: s.log_call(Rating(rating), mood=mood, tags=tags, note=note))
        self.publish(Change.CALL_LOGGED, call)
        return call

    def undoable(self) -> Call | None:
        last = self.store.last_call()
        if last is not None and self.clock.now() - last.at <= UNDO_WINDOW:
            return last
        return None

    def undo_last(self) -> Call | None:
        last = self.undoable()
        if last is not None:
            self.undo_call(last.id)
        return last

    def undo_call(self, call_id: int) -> None:
        """Take back a call just logged (the menu's Undo, the tag popup's Undo)."""
        self.store.delete_call(call_id)
        self.publish(Change.CALL_UNDONE, call_id)
        self.refresh_rough_run()

    def edit_call(self, call_id: int, **fields) -> Call:
        call = self.store.update_call(call_id, **fields)
        self.publish(Change.CALL_CHANGED, call)
        self.refresh_rough_run()
        return call

    def delete_entry(self, kind: str, entry_id: int) -> None:
        """A call, breathing session or break deleted from the history."""
        {"call": self.store.delete_call, "breath": self.store.delete_breath,
         "break": self.store.delete_break}[kind](entry_id)
        self.publish(Change.ENTRY_DELETED, (kind, entry_id))
        self.refresh_rough_run()

    def refresh_rough_run(self) -> int:
        run = self.store.rough_run()
        self.nudger.set_rough_run(run)
        self.publish(Change.ROUGH_RUN, run)
        return run

    # -- breaks and breathing -----------------------------------------------------
    @property
    def on_break(self) -> bool:
        return self.break_id is not None

    def toggle_break(self) -> None:
        if self.break_id is None:
            self.take_break()
        else:
            self.end_break()

    def take_break(self) -> int:
        if self.break_id is None:
            self.break_id = self.store.start_break()
            self.publish(Change.BREAK_STARTED, self.break_id)
        return self.break_id

    def end_break(self) -> None:
        if self.break_id is None:
            return
        ended, self.break_id = self.break_id, None
        self.store.end_break(ended)
        self.nudger.break_taken()
        self.publish(Change.BREAK_ENDED, ended)

    def start_breathing(self, pattern: str, planned_seconds: int, mic: str = "",
                        mood_within: timedelta | None = None) -> BreathSession:
        mood = self.store.recent_mood(mood_within) if mood_within is not None else None
        try:
            session = self.store.start_breath(pattern, planned_seconds, mood_before=mood, mic=mic)
        except StorageProblem:
            # A full disk or a read-only folder must not take the calm minute
            # away: it runs all the same, only it cannot be recorded.
            session = BreathSession(UNSAVED_SESSION, self.clock.now(), pattern, planned_seconds,
                                    mood_before=mood, mic=mic)
        self.breathing = session
        self.publish(Change.BREATH_STARTED, session)
        return session

    def end_breathing(self, session_id: int, completed: bool, planned_seconds: int | None = None) -> None:
        if session_id != UNSAVED_SESSION:
            self.store.finish_breath(session_id, completed=completed, planned_seconds=planned_seconds)
        if self.breathing is not None and self.breathing.id == session_id:
            self.breathing = None
        self.nudger.break_taken()
        self.publish(Change.BREATH_ENDED, session_id)
        self.refresh_rough_run()

    def rate_breathing(self, session_id: int, mood: int) -> None:
        if session_id != UNSAVED_SESSION:
            self.store.rate_breath(session_id, mood)
        self.publish(Change.BREATH_RATED, session_id)

    # -- nudges -----------------------------------------------------------------------
    @property
    def paused_until(self) -> datetime | None:
        until = self.nudger.paused_until
        return until if until is not None and until > self.clock.now() else None

    def toggle_pause(self) -> None:
        if self.paused_until is not None:
            self.resume_nudges()
        else:
            self.pause_nudges()

    def pause_nudges(self, minutes: int | None = None) -> datetime:
        """No nudges for `minutes` (default: the Pause nudges setting); kept across restarts."""
        until = self.nudger.pause(int(self.settings["pause_minutes"]) if minutes is None else minutes)
        self.store.set_meta(PAUSED_KEY, to_text(until))
        self.publish(Change.PAUSE_CHANGED, until)
        return until

    def resume_nudges(self) -> None:
        self.nudger.resume()
        self.store.set_meta(PAUSED_KEY, None)
        self.publish(Change.PAUSE_CHANGED, None)

    def due_nudge(self, busy: bool = False) -> Nudge | None:
        """A nudge recorded now if one is due (never on a break or while `busy`),
        for the app to show; None otherwise. An expired pause ends here."""
        if self.nudger.paused_until and self.nudger.paused_until <= self.clock.now():
            self.resume_nudges()
        self.refresh_rough_run()  # also after midnight, when a new day's count starts
        self._calls_changed()  # a hook call whose end never came stops counting
        reason = None if (self.on_break or busy) else self.nudger.due()
        if reason is None:
            return None
        nudge = self.store.record_nudge(reason)
        self.nudger.nudged(reason)
        self.store.set_meta(LAST_NUDGE_KEY, self.nudger.last_nudge_note())
        self._open_nudges[nudge.id] = reason
        return nudge

    def answer_nudge(self, nudge_id: int, answer: NudgeAnswer) -> None:
        answer = NudgeAnswer(answer)
        reason = self._open_nudges.pop(nudge_id, None)
        self.store.answer_nudge(nudge_id, answer)
        if reason is not None:
            self.nudger.answered(reason, answer)
            self.store.set_meta(LAST_NUDGE_KEY, self.nudger.last_nudge_note())  # a snooze outlives a restart
        self.publish(Change.NUDGE_ANSWERED, answer)

    def seconds_to_next_check(self) -> float:
        return self.nudger.seconds_to_next_check()

    # -- check-ins and the self-check ---------------------------------------------
    def check_in(self, energy: int | None) -> None:
        """The evening's energy, 1-5; None records "skip today"."""
        self.store.record_checkin(energy, at=self.clock.now())
        self.publish(Change.CHECKED_IN, energy)

    def checkin_wait_ms(self) -> int | None:
        """How long the app's one check-in timer waits. Asked while the app
        runs, so it also notes a run inside work hours: a day worked."""
        from companion.core.selfcheck import checkin_wait_ms, note_running

        now = self.clock.now()
        try:
            note_running(self.store, self.settings, now)
        except StorageProblem:
            pass  # a full disk: the day still counts by its calls, and the notice said why
        return checkin_wait_ms(self.store, self.settings, now)

    def checkin_due(self) -> bool:
        from companion.core.selfcheck import checkin_due

        return checkin_due(self.store, self.settings, self.clock.now())

    def checkin_later_left(self) -> bool:
        """Is this evening's one "Later" still there to choose?"""
        from companion.core.selfcheck import later_left

        return later_left(self.store, self.settings, self.clock.now())

    def put_off_checkin(self) -> datetime | None:
        """"Later" (or the prompt left alone): when it asks again, or None when
        its one Later is used and it waits for tomorrow."""
        from companion.core.selfcheck import put_off_checkin

        again = put_off_checkin(self.store, self.settings, self.clock.now())
        self.publish(Change.CHECKIN_PUT_OFF, again)
        return again

    def take_selfcheck(self, score: float, answers_json: str, questionnaire_id: str) -> None:
        self.store.record_selfcheck(score, answers_json, questionnaire_id, at=self.clock.now())
        self.publish(Change.SELFCHECK_TAKEN, score)

    def put_off_selfcheck(self) -> None:
        """'Not now': ask again in a few days rather than at the next chance."""
        from companion.core.selfcheck import put_off_selfcheck

        put_off_selfcheck(self.store, self.clock.now())

    def selfcheck_scores(self, threshold: float) -> list:
        """The latest self-check scores (core.selfcheck.PastScore), oldest first."""
        from companion.core.selfcheck import past_scores

        return past_scores(self.store, threshold)

    def selfcheck_due(self) -> bool:
        from companion.core.selfcheck import selfcheck_due

        return selfcheck_due(self.store, self.settings, self.clock.now())

    def first_time_today(self, key: str) -> bool:
        """True once a day for `key` (e.g. telling about a due self-check)."""
        today = self.clock.now().date().isoformat()
        if self.store.get_meta(key) == today:
            return False
        self.store.set_meta(key, today)
        return True

    # -- first run, backups, status --------------------------------------------------
    @property
    def welcomed(self) -> bool:
        return self.store.get_meta(WELCOMED_KEY) is not None

    def mark_welcomed(self) -> None:
        self.store.set_meta(WELCOMED_KEY, to_text(self.clock.now()))

    def back_up(self) -> float:
        """Today's backup if there is none yet; seconds until tomorrow's is due.
        Raises OSError or sqlite3.Error when the copy cannot be made."""
        from companion.core.backups import backup_if_due, seconds_until_next

        try:
            backup_if_due(self.store, self.clock, keep=self.settings["backups_kept"])
        finally:
            self.next_backup_s = seconds_until_next(self.clock)
        return self.next_backup_s

    def status(self, running: bool) -> dict[str, Any]:
        """The status as plain values. Pause lives in the store, where both the
        app and `companion pause` write it, so this is right either way."""
        paused_text = self.store.get_meta(PAUSED_KEY)
        paused = from_text(paused_text) if paused_text else None
        now = self.clock.now()
        if paused is not None and paused <= now:
            paused = None
        today = now.date().isoformat()
        calls_today = self.store.read("SELECT count(*) FROM calls WHERE day = ?", (today,))[0][0]
        return {
            "running": running,
            "nudges_paused_until": paused.isoformat() if paused else None,
            "rough_run": self.store.rough_run(),
            "calls_today": calls_today,
            "on_call": self.on_call,  # by the softphone's hook (kept in the store) or the microphone
        }

    def close(self) -> None:
        self.store.close()
