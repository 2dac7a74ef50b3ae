"""Everything Companion knows about you, in one JSON file you can read: every
call with its tags and note, breaths, breaks, nudges and their answers,
check-ins, self-checks, the person's own call tags and the settings. This is the one export that holds
notes, because the person asked for all of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .files import write_private
from .store import SCHEMA_VERSION, Store

FORMAT = "companion-export-all"

# Table -> its columns, in the order they are written out.
_TABLES = {
    "breaths": ("id", "started_at", "ended_at", "day", "week", "pattern", "planned_seconds", "completed",
                "mood_before", "mood_after", "mic"),
    "breaks": ("id", "started_at", "ended_at", "day", "week"),
    "nudges": ("id", "at", "day", "week", "reason", "answer", "answered_at"),
    "checkins": ("id", "at", "day", "week", "energy"),
    "selfchecks": ("id", "at", "day", "week", "instrument", "score", "answers"),
    "own_tags": ("name", "position", "retired"),  # the person's own call tags, retired ones too
}


def collect_all(store: Store, settings: Any) -> dict[str, Any]:
    calls = []
    for row in store.read(
        """SELECT c.id, c.at, c.day, c.week, c.rating, c.mood, c.note, c.hour,
                  (SELECT json_group_array(tag) FROM (SELECT tag FROM call_tags t
                   WHERE t.call_id = c.id ORDER BY tag))
           FROM calls c ORDER BY c.at, c.id"""
    ):
        calls.append({"id": row[0], "at": row[1], "day": row[2], "week": row[3], "rating": row[4],
                      "mood": row[5], "note": row[6], "hour": row[7], "tags": json.loads(row[8])})
    data: dict[str, Any] = {"format": FORMAT, "schema": SCHEMA_VERSION, "calls": calls}
    for table, columns in _TABLES.items():
        rows = store.read(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
        data[table] = [dict(zip(columns, row)) for row in rows]
    data["settings"] = dict(settings.values) if hasattr(settings, "values") else dict(settings)
    return data


def export_all(store: Store, settings: Any, path: Path | str) -> dict[str, int]:
    """Write the JSON file (0600: it holds private notes) and return how many
    of each kind went into it."""
    data = collect_all(store, settings)
    write_private(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return {key: len(value) for key, value in data.items() if isinstance(value, list)}
