"""Inputs without limits or with odd shapes: deeply nested JSON and TOML, a
settings path that is a folder or not readable, thousands of tags, a file
given to `restore` that holds more than a Companion database, and a data
file from a newer Companion at the tray's start."""

from __future__ import annotations

import os
import sqlite3

import pytest
from faults import cli, older_schema, users  # noqa: F401 - fixture

from companion.core import paths
from companion.core.backups import backup_now, check_database
from companion.core.models import TAGS_MAX, InvalidEntry, Rating
from companion.core.selfcheck import QuestionnaireError, load_questionnaire
from companion.core.settings import SettingError, Settings
from companion.core.store import SCHEMA_VERSION, NewerStore, Store
from companion.core.words import WordCard

NESTED = "[" * 200_000 + "]" * 200_000


# -- nesting --------------------------------------------------------------------
def test_deeply_nested_phrases_show_the_defaults_with_a_plain_notice(tmp_path):
    path = tmp_path / "words.json"
    path.write_text(NESTED)
    card = WordCard(path)  # RecursionError before
    assert card.groups and "nested too deeply" in " ".join(card.problems)
    assert list(tmp_path.glob("words-*.json.bak"))  # kept, not lost


def test_a_deeply_nested_self_check_file_is_a_clear_error(tmp_path):
    path = tmp_path / "selfcheck.json"
    path.write_text(NESTED)
    with pytest.raises(QuestionnaireError, match="nested too deeply"):
        load_questionnaire(path)


def test_an_oversized_self_check_file_is_refused_unread(tmp_path):
    path = tmp_path / "selfcheck.json"
    path.write_text('{"x": "' + "a" * 2_000_000 + '"}')
    with pytest.raises(QuestionnaireError, match="larger than"):
        load_questionnaire(path)


def test_deeply_nested_settings_are_set_aside_for_the_defaults(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("rough_streak = " + "[" * 50_000 + "]" * 50_000 + "\n")
    settings = Settings(path)
    assert settings["rough_streak"] == 3
    assert "nested too deeply" in " ".join(settings.problems)


# -- a settings path that cannot be a file ---------------------------------------------
def test_a_folder_where_the_settings_file_should_be(tmp_path):
    path = tmp_path / "settings.toml"
    path.mkdir()
    settings = Settings(path)  # IsADirectoryError before
    assert settings["rough_streak"] == 3
    assert str(path) in " ".join(settings.problems) and "default settings are in use" in settings.problems[0]
    assert path.is_dir()  # left as it is
    with pytest.raises(SettingError, match="could not be saved"):
        settings.set("rough_streak", 4)
    assert settings["rough_streak"] == 4  # applied for this run all the same


def test_stats_and_export_run_with_a_folder_for_settings():
    paths.settings_path().mkdir()
    for args in (["stats", "--weeks", "2"], ["export", "--summary", "-"]):
        done = cli(dict(os.environ), *args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr


def test_a_settings_file_this_user_may_not_read(users):
    user = users()
    config = user.home / "config"
    config.mkdir()
    user.chown(config)
    secret = config / "settings.toml"
    secret.write_text("rough_streak = 5\n")
    os.chmod(secret, 0o600)  # root's file, not theirs
    script = ("from companion.core.settings import Settings; s = Settings(%r); "
              "print(s['rough_streak']); print(' '.join(s.problems))" % str(secret))
    done = user.python("-c", script, env={"PATH": os.environ["PATH"]})
    assert done.returncode == 0, done.stderr
    value, notice = done.stdout.splitlines()
    assert value == "3" and "cannot be read" in notice and "Permission denied" in notice
    assert secret.read_text() == "rough_streak = 5\n"


# -- tags -------------------------------------------------------------------------
def test_a_call_has_at_most_a_few_tags(store):
    store.log_call(Rating.ROUGH, tags=[f"t{n}" for n in range(TAGS_MAX)])
    with pytest.raises(InvalidEntry, match=f"at most {TAGS_MAX} tags"):
        store.log_call(Rating.ROUGH, tags=[f"t{n}" for n in range(3000)])
    call = store.log_call(Rating.OK)
    with pytest.raises(InvalidEntry, match="tags"):
        store.update_call(call.id, tags=[f"t{n}" for n in range(TAGS_MAX + 1)])
    assert store.count_calls() == 2


def test_companion_log_refuses_thousands_of_tags_and_stores_nothing():
    args = [item for n in range(3000) for item in ("--tag", f"t{n}")]
    done = cli(dict(os.environ), "log", "rough", *args)
    assert done.returncode == 2 and "Nothing was logged" in done.stderr
    assert not paths.database_path().exists() or Store(paths.database_path()).count_calls() == 0


# -- what `restore` accepts ---------------------------------------------------------
def _backup(tmp_path, clock):
    store = Store(tmp_path / "companion.db", clock)
    store.log_call(Rating.GREAT, note="kept")
    backup = backup_now(store, clock)
    store.close()
    return backup


@pytest.mark.parametrize("extra", [
    "CREATE TABLE stolen (what TEXT)",
    "CREATE TRIGGER wipe AFTER INSERT ON calls BEGIN DELETE FROM calls; END",
    "CREATE VIEW everything AS SELECT * FROM calls",
    "CREATE INDEX calls_note ON calls(note)",
])
def test_restore_refuses_a_file_with_anything_else_in_it(extra, tmp_path, clock):
    backup = _backup(tmp_path, clock)
    with sqlite3.connect(backup) as db:
        db.execute(extra)
    assert "holds more or other" in check_database(backup)
    paths.database_path().write_bytes(b"")  # a current file that must stay as it is
    done = cli(dict(os.environ), "restore", str(backup))
    assert done.returncode == 2 and "Nothing was changed" in done.stderr and "holds more or other" in done.stderr
    assert paths.database_path().read_bytes() == b""


def test_restore_takes_an_older_companion_backup_and_brings_it_up_to_date(tmp_path, clock):
    older = tmp_path / "older.db"
    older_schema(older, version=2, calls=3)
    assert check_database(older) is None
    done = cli(dict(os.environ), "restore", str(older))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(paths.database_path()) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT count(*) FROM calls").fetchone()[0] == 3


# -- a newer schema -------------------------------------------------------------------
def _newer():
    Store(paths.database_path()).close()
    with sqlite3.connect(paths.database_path()) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")


def test_a_newer_schema_is_a_typed_error_with_a_plain_message():
    _newer()
    with pytest.raises(NewerStore) as raised:
        Store(paths.database_path())
    assert "newer version of Companion" in raised.value.message
    assert "restore a backup" in raised.value.message


def test_the_tray_explains_a_newer_schema_instead_of_a_traceback():
    _newer()
    done = cli({**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "newer version of Companion" in done.stderr
    assert not list(paths.data_dir().glob("companion-damaged-*"))
