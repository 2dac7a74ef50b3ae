"""A damaged data or settings file never stops Companion from starting: it is
set aside under a timestamped name, the newest good backup takes its place if
there is one, and the person is told in plain words what happened."""

from __future__ import annotations

import os
import stat

import pytest

from companion.core import paths
from companion.core.backups import backup_dir, backup_now
from companion.core.models import Rating
from companion.core.recovery import open_store
from companion.core.store import Store


def _healthy(path, clock, calls: int = 300) -> bytes:
    store = Store(path, clock)
    for number in range(calls):
        store.log_call(Rating.ROUGH, tags=["angry"], note=f"call {number} " + "words " * 20)
    store.close()
    return path.read_bytes()


def _not_sqlite(raw: bytes) -> bytes:
    return b"These are not the bytes of any database.\n" * 200


def _truncated(raw: bytes) -> bytes:
    return raw[: len(raw) * 6 // 10]


def _bad_page(raw: bytes) -> bytes:
    # Header intact, so SQLite opens it; one b-tree page in the middle is noise.
    page = 4096
    return raw[: page * 5] + bytes((i * 37 + 11) % 256 for i in range(page)) + raw[page * 6:]


DAMAGE = {"not_sqlite": _not_sqlite, "truncated": _truncated, "bad_page": _bad_page}


def _set_aside(directory):
    return sorted(p for p in directory.iterdir() if "-damaged-" in p.name and p.suffix == ".db")


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_file_without_backup_starts_fresh(kind, tmp_path, clock):
    path = tmp_path / "companion.db"
    raw = _healthy(path, clock)
    damaged = DAMAGE[kind](raw)
    path.write_bytes(damaged)

    store, message = open_store(path, clock)

    kept = _set_aside(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # not a byte lost
    assert "a fresh one was started" in message and str(kept[0]) in message
    assert store.integrity_ok() and store.count_calls() == 0
    store.log_call(Rating.OK)  # and it works
    assert store.count_calls() == 1
    store.close()


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_file_with_backup_is_restored(kind, tmp_path, clock):
    path = tmp_path / "companion.db"
    store = Store(path, clock)
    store.log_call(Rating.ROUGH, note="before the backup")
    backup_now(store, clock)
    store.close()
    clock.advance(24 * 3600)
    raw = _healthy(path, clock)
    path.write_bytes(DAMAGE[kind](raw))

    store, message = open_store(path, clock)

    kept = _set_aside(tmp_path)
    assert len(kept) == 1
    assert "backup from Monday 23 November 2026 was restored" in message
    assert str(kept[0]) in message and "nothing in it was deleted" in message
    assert [c.note for c in store.calls()] == ["before the backup"]
    assert store.integrity_ok()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store.close()


def test_damaged_backups_are_passed_over(tmp_path, clock):
    path = tmp_path / "companion.db"
    store = Store(path, clock)
    store.log_call(Rating.GREAT, note="good old backup")
    backup_now(store, clock)
    clock.advance(24 * 3600)
    newest = backup_now(store, clock)
    store.close()
    newest.write_bytes(b"\0" * 8192)
    path.write_bytes(b"junk" * 4096)

    store, message = open_store(path, clock)
    assert "backup from Monday 23 November 2026" in message
    assert [c.note for c in store.calls()] == ["good old backup"]
    store.close()


def test_emptied_file_with_a_backup_counts_as_damage(tmp_path, clock):
    path = tmp_path / "companion.db"
    store = Store(path, clock)
    store.log_call(Rating.OK, note="saved")
    backup_now(store, clock)
    store.close()
    path.write_bytes(b"")
    store, message = open_store(path, clock)
    assert message and "restored" in message
    assert [c.note for c in store.calls()] == ["saved"]
    store.close()


def test_set_aside_twice_in_one_second_keeps_both(tmp_path, clock):
    path = tmp_path / "companion.db"
    for round_ in range(2):
        path.write_bytes(f"broken {round_}".encode() * 500)
        store, _message = open_store(path, clock)
        store.close()
        os.remove(path)
    kept = _set_aside(tmp_path)
    assert sorted(k.read_bytes()[:8] for k in kept) == [b"broken 0", b"broken 1"]


def test_damaged_wal_side_file_moves_with_its_database(tmp_path, clock):
    path = tmp_path / "companion.db"
    raw = _healthy(path, clock, calls=20)
    path.write_bytes(_not_sqlite(raw))
    wal = tmp_path / "companion.db-wal"
    wal.write_bytes(b"stale wal")
    store, _message = open_store(path, clock)
    kept = _set_aside(tmp_path)[0]
    assert (tmp_path / (kept.name + "-wal")).read_bytes() == b"stale wal"
    store.close()


# -- through the app ----------------------------------------------------------
class QuietMic:
    def mute(self):
        from companion.platform.mic import NOT_SUPPORTED

        return NOT_SUPPORTED

    def restore(self):
        pass


def test_app_starts_on_damaged_data_and_settings_and_says_so(qtbot, clock):
    from companion.app import CompanionApp, make_qt_app

    paths.database_path().write_bytes(b"not a database " * 300)
    paths.settings_path().write_text("rough_streak = = 3\n[[[ not toml", encoding="utf-8")
    make_qt_app()
    app = CompanionApp(clock=clock, microphone=QuietMic())
    try:
        assert app.store.integrity_ok()
        messages = " ".join(app.notices)
        assert "fresh one was started" in messages
        assert "settings file could not be read" in messages and "default settings are in use" in messages
        baks = list(paths.config_dir().glob("*.toml.bak"))
        assert len(baks) == 1 and "[[[ not toml" in baks[0].read_text(encoding="utf-8")
        assert app.settings["rough_streak"] == 3
        app.start()
        qtbot.waitUntil(lambda: app.settled)  # its full check ran on the fresh file, not on a closed one
        assert app.tray.icon.isVisible()
        app.log_call(Rating.OK)
        assert app.store.count_calls() == 1
    finally:
        if app.windows.tag_popup is not None:
            app.windows.tag_popup.close()
        app.stop()
        app.store.close()


def test_backup_dir_is_next_to_the_data_file(tmp_path):
    assert backup_dir(tmp_path / "companion.db") == tmp_path / "backups"
