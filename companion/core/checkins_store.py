"""The store's part for the weekly review's own answers: the end-of-day
energy check-in, the periodic self-check, and when the person first logged
anything. Part of Store, with its connection and transactions (store.py)."""

from __future__ import annotations

from datetime import datetime

from .clock import from_text, iso_week, local_moment, to_text
from .models import InvalidEntry


class CheckinsStore:
    def record_checkin(self, energy: int | None, at: datetime | None = None) -> int:
        """End-of-day energy 1-5; None records that the question was skipped."""
        if energy is not None and (isinstance(energy, bool) or not isinstance(energy, int) or not 1 <= energy <= 5):
            raise InvalidEntry(f"Energy is a whole number from 1 (empty) to 5 (plenty), not {energy!r}.")
        moment = local_moment(self.clock, at)
        with self._tx():
            cur = self._write(
                "INSERT INTO checkins (at, day, week, energy) VALUES (?,?,?,?)",
                (to_text(moment), moment.date().isoformat(), iso_week(moment), energy),
            )
        return cur.lastrowid

    def last_checkin(self) -> tuple[datetime, int | None] | None:
        """The latest check-in, answered or skipped (energy None)."""
        row = self._db.execute("SELECT at, energy FROM checkins ORDER BY at DESC, id DESC LIMIT 1").fetchone()
        return (from_text(row[0]), row[1]) if row else None

    def record_selfcheck(
        self, score: float, answers: str, instrument: str, at: datetime | None = None
    ) -> int:
        """`answers` is the questionnaire's own JSON text; it never leaves this file."""
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 100:
            raise InvalidEntry(f"A self-check score runs from 0 to 100, not {score!r}.")
        moment = local_moment(self.clock, at)
        with self._tx():
            cur = self._write(
                "INSERT INTO selfchecks (at, day, week, instrument, score, answers) VALUES (?,?,?,?,?,?)",
                (to_text(moment), moment.date().isoformat(), iso_week(moment), instrument, float(score), answers),
            )
        return cur.lastrowid

    def last_selfcheck(self) -> tuple[datetime, float] | None:
        row = self._db.execute("SELECT at, score FROM selfchecks ORDER BY at DESC, id DESC LIMIT 1").fetchone()
        return (from_text(row[0]), row[1]) if row else None

    def first_activity(self) -> datetime | None:
        """When this person first logged anything: a call, a breath or a break."""
        row = self._db.execute(
            """SELECT min(t) FROM (SELECT min(at) AS t FROM calls
                                   UNION ALL SELECT min(started_at) FROM breaths
                                   UNION ALL SELECT min(started_at) FROM breaks)"""
        ).fetchone()
        return from_text(row[0]) if row and row[0] else None

