"""Breaks already taken, as the service records them: time away from the
keyboard and the screen locked (the rules are core/away.py). Part of
Service (service.py). A break taken from the menu covers whatever happens
during it; a break noticed here counts as any other: the stretch without a
break and the rough run start again, and it shows in History and Your weeks."""

from __future__ import annotations

from companion.core.away import AwayTracker, Break

from .events import Change


class AwayVerbs:
    away: AwayTracker

    def idle_seen(self, idle_seconds: float) -> float | None:
        """How long there has been no input, as the desktop says; the seconds
        until it is worth asking again (None: not at all)."""
        self._taken(self.away.idle(idle_seconds))
        return self.away.next_check(idle_seconds)

    def lock_changed(self, locked: bool) -> None:
        """The screen locked or unlocked: no nudges while locked; the unlock ends a break."""
        self.nudger.screen_locked = locked
        self._taken(self.away.lock_changed(locked))

    def _taken(self, found: Break | None) -> None:
        if found is None or self.on_break:
            return
        started, ended, source = found
        break_id = self.store.record_break(started, ended, source)
        self.nudger.break_taken()
        self.publish(Change.BREAK_ENDED, break_id)
        self.refresh_rough_run()
