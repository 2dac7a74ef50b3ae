"""The store's part for the History window: every call, breath and break,
newest first, filtered in SQL, and deleting a breath or a break. Part of
Store, with its connection and transactions (store.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clock import from_text
from .models import Rating

if TYPE_CHECKING:
    from .history import HistoryEntry, HistoryFilter


class HistoryStore:
    def history(self, filters: HistoryFilter | None = None) -> list[HistoryEntry]:
        # Loaded with the History window, not with every start of the tray.
        from .history import HistoryEntry, HistoryFilter, like_pattern

        f = filters or HistoryFilter()
        parts, args = [], []

        def dates(column: str) -> str:
            where = []
            if f.since is not None:
                where.append(f"{column} >= ?")
                args.append(f.since.isoformat())
            if f.until is not None:
                where.append(f"{column} <= ?")
                args.append(f.until.isoformat())
            return " AND ".join(where) or "1"

        if "call" in f.kinds:
            where = [dates("c.day")]
            if f.rating is not None:
                where.append("c.rating = ?")
                args.append(Rating(f.rating).value)
            if f.tag:
                where.append("EXISTS (SELECT 1 FROM call_tags t WHERE t.call_id = c.id AND t.tag = ?)")
                args.append(f.tag)
            if f.search.strip():
                where.append(r"""(c.note LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM call_tags t
                                 WHERE t.call_id = c.id AND t.tag LIKE ? ESCAPE '\'))""")
                args.extend([like_pattern(f.search)] * 2)
            parts.append(
                f"""SELECT 'call' AS kind, c.id AS id, c.at AS at, NULL, c.rating, c.mood, NULL, c.note,
                           (SELECT group_concat(tag, char(31)) FROM call_tags t WHERE t.call_id = c.id),
                           NULL, NULL, 0
                    FROM calls c WHERE {' AND '.join(where)}"""
            )
        if "breath" in f.kinds and not f.calls_only:
            parts.append(
                f"""SELECT 'breath' AS kind, id, started_at AS at, ended_at, NULL, mood_after, mood_before, '',
                           NULL, pattern, planned_seconds, completed
                    FROM breaths WHERE {dates('day')}"""
            )
        if "break" in f.kinds and not f.calls_only:
            parts.append(
                f"""SELECT 'break' AS kind, id, started_at AS at, ended_at, NULL, NULL, NULL, '', NULL, source,
                           NULL, 0
                    FROM breaks WHERE {dates('day')}"""
            )
        if not parts:
            return []
        rows = self._db.execute(
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY at DESC, kind, id DESC LIMIT ?",
            (*args, f.limit),
        ).fetchall()
        return [
            HistoryEntry(
                kind=r[0], id=r[1], at=from_text(r[2]), ended_at=from_text(r[3]) if r[3] else None,
                rating=Rating(r[4]) if r[4] else None, mood=r[5], mood_before=r[6], note=r[7] or "",
                tags=tuple(sorted(r[8].split("\x1f"))) if r[8] else (),
                pattern=(r[9] or "") if r[0] == "breath" else "", source=(r[9] or "") if r[0] == "break" else "",
                planned_seconds=r[10], completed=bool(r[11]),
            )
            for r in rows
        ]

    def tags_in_use(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT tag FROM call_tags ORDER BY tag")]

    def delete_breath(self, session_id: int) -> bool:
        with self._tx():
            cur = self._write("DELETE FROM breaths WHERE id=?", (session_id,))
        return cur.rowcount > 0

    def delete_break(self, break_id: int) -> bool:
        with self._tx():
            cur = self._write("DELETE FROM breaks WHERE id=?", (break_id,))
        return cur.rowcount > 0
