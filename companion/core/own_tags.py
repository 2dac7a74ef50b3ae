"""The store's part for the person's own call tags (service/tags.py holds the
rules): one table, own_tags (migration 5), and the rename that carries every
call along. Part of Store, with its transactions (store.py)."""

from __future__ import annotations


class OwnTagsStore:
    def own_tags(self) -> list[tuple[str, bool]]:
        """(name, retired) for every own tag, in the order they were added."""
        return [(r[0], bool(r[1])) for r in self._db.execute(
            "SELECT name, retired FROM own_tags ORDER BY position, name")]

    def put_own_tag(self, name: str, retired: bool = False) -> None:
        with self._tx():
            self._write(
                """INSERT INTO own_tags (name, position, retired)
                   VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM own_tags), ?)
                   ON CONFLICT(name) DO UPDATE SET retired = excluded.retired""",
                (name, int(retired)),
            )

    def rename_own_tag(self, old: str, new: str) -> int:
        """The tag and every call carrying it, renamed in one transaction; the calls renamed."""
        with self._tx():
            self._write("UPDATE own_tags SET name=? WHERE name=?", (new, old))
            cur = self._write("UPDATE OR IGNORE call_tags SET tag=? WHERE tag=?", (new, old))
            self._write("DELETE FROM call_tags WHERE tag=?", (old,))
        return cur.rowcount
