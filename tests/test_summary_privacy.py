"""The team-lead summary never carries a note, and a tag only when the agent
ticked it: a unique word planted in every note and every tag is searched for
in every export, from the core, the command line and the preview."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from companion.core import exports, patterns
from companion.core.paths import database_path
from companion.core.settings import SCHEMA
from companion.core.store import Store
from companion.core.weeks import recent

from test_stats_cli import companion

DEFAULTS = {s.key: s.default for s in SCHEMA}
# Each tag and note gets a word found nowhere else.
TAGS = ("zebraquartz", "plumvortex", "fjordmantle")
NOTE_WORD = "obsidianwhisper"
TICKED = ("zebraquartz",)


@pytest.fixture
def store():
    """The real data file in this test's private folders, where the command line looks."""
    opened = Store(database_path())
    yield opened
    opened.close()


@pytest.fixture
def planted(store):
    """Rough and great calls over three weeks around noon, each with a planted
    note and tags, and calm calls in the afternoon, so noon stands out; some
    mood and energy, which the summary must never show either. Real time:
    the command line runs in its own process, on the real clock."""
    now = datetime.now().astimezone().replace(hour=12, minute=30, second=0, microsecond=0)
    for week in range(3):
        for n in range(12):
            store.log_call("ok", mood=4, at=now.replace(hour=15) - timedelta(weeks=week, minutes=4 * n))
        for n in range(6):
            store.log_call("rough", mood=1, tags=[TAGS[n % 3]], note=f"{NOTE_WORD} {week}-{n}",
                           at=now - timedelta(weeks=week, minutes=5 * n))
        store.log_call("great", mood=5, tags=[TAGS[1], "compliment"], note=f"{NOTE_WORD} great",
                       at=now - timedelta(weeks=week, minutes=40))
    store.record_checkin(4, at=now)
    return now


def _unticked() -> list[str]:
    return [NOTE_WORD] + [t for t in TAGS if t not in TICKED]


def _summaries(store, now, tags, hours=True):
    shown = recent(store, now, 4)
    extras = patterns.summary_extras(store, [w.week for w in shown], DEFAULTS, tags,
                                     hours)
    return exports.summary_text(shown, now, extras), exports.summary_csv(shown, extras), extras


def test_the_core_summary_holds_only_the_ticked_tags(store, planted):
    text, table, extras = _summaries(store, planted, TICKED)
    assert extras.hours, "the fixture should make an hour stand out, so hours are searched too"
    for export in (text, table):
        for word in _unticked():
            assert word not in export
        assert "zebraquartz" in export
    assert "Avg mood" not in text and "Energy" not in text and "avg_mood" not in table
    # Each week with calls: 2 of its 6 rough calls carried the ticked tag.
    assert [line.rsplit(",", 1)[1] for line in table.splitlines()[1:5]] == ["", "2", "2", "2"]
    nothing_ticked, nothing_table, _ = _summaries(store, planted, (), hours=False)
    for word in (NOTE_WORD, *TAGS):
        assert word not in nothing_ticked and word not in nothing_table
    assert "Rough:" not in nothing_ticked and "Hours that stood out" not in nothing_ticked


def test_the_command_line_summary_holds_only_the_ticked_tags(store, planted, tmp_path):
    store.close()
    for name in ("lead.txt", "lead.csv"):
        target = tmp_path / name
        done = companion("export", "--summary", str(target), "--weeks", "4", "--tags", "ZebraQuartz", "--hours")
        assert done.returncode == 0, done.stderr
        written = target.read_text(encoding="utf-8")
        assert "zebraquartz" in written
        for word in _unticked():
            assert word not in written, (name, word)
    assert "week,week_starts,calls" in (tmp_path / "lead.csv").read_text(encoding="utf-8")
    plain = companion("export", "--summary", "-", "--weeks", "4")
    for word in (NOTE_WORD, *TAGS):
        assert word not in plain.stdout
    refused = companion("export", "--csv", "-", "--tags", "zebraquartz")
    assert refused.returncode == 2 and "give --summary PATH too" in refused.stderr


def test_stats_and_patterns_json_count_rough_calls_by_tag(store, planted):
    store.close()
    done = companion("stats", "--weeks", "2", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[-1]["rough_tags"] == {t: 2 for t in TAGS}
    done = companion("patterns", "--weeks", "4", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert sum(cell["calls"] for cell in found["grid"]) == 21 + 36
    assert found["rough_share"] == round(18 / 57, 3)
    assert found["rough_tags"][found["weeks"][-1]] == {t: 2 for t in TAGS}
    text = companion("patterns", "--weeks", "4")
    assert text.returncode == 0 and "Rough %" in text.stdout
    assert "Worth passing on:" in text.stdout and "18 of 18 calls were rough (100 %), against 32 %" in text.stdout
