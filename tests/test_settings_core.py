"""core.settings against real TOML files on disk."""

from __future__ import annotations

import stat
import tomllib

import pytest

from companion.core.settings import BY_KEY, SCHEMA, Settings, SettingError


def defaults() -> dict:
    return {s.key: s.default for s in SCHEMA}


def test_no_file_gives_defaults_and_no_problems(tmp_path):
    s = Settings(tmp_path / "missing.toml")
    assert s.values == defaults()
    assert s.problems == []
    assert not (tmp_path / "missing.toml").exists()


def test_values_round_trip_through_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    s = Settings(path)
    s.set("rough_streak", 5)
    s.set("custom_exhale", 7.5)
    s.set("quiet_hours", True)
    s.set("work_start", "8:15")
    s.set("pattern", "box")
    s.set("work_days", "sun,mon,tue")
    again = Settings(path)
    assert again.problems == []
    assert again["rough_streak"] == 5
    assert again["custom_exhale"] == 7.5
    assert again["quiet_hours"] is True
    assert again["work_start"] == "08:15"
    assert again["pattern"] == "box"
    assert again["work_days"] == "mon,tue,sun"
    assert again.values == s.values


@pytest.mark.parametrize(
    ("key", "bad_toml"),
    [
        ("rough_streak", "99"),
        ("break_after_minutes", "-5"),
        ("rough_streak", '"three"'),
        ("quiet_hours", "1"),
        ("work_end", '"25:00"'),
        ("pattern", '"square"'),
        ("work_days", '"mon,funday"'),
        ("work_days", '""'),
        ("custom_inhale", "true"),
    ],
)
def test_one_bad_value_falls_back_for_that_key_only(tmp_path, key, bad_toml):
    path = tmp_path / "settings.toml"
    good = {"snooze_minutes": "25", "work_start": '"07:45"', "reduce_motion": "true", "pattern": '"resonance"'}
    good.pop(key, None)
    lines = [f"{k} = {v}" for k, v in good.items()] + [f"{key} = {bad_toml}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    s = Settings(path)

    assert s[key] == BY_KEY[key].default
    assert len(s.problems) == 1
    assert f"'{key}'" in s.problems[0]
    assert "default" in s.problems[0]
    assert s["snooze_minutes"] == 25
    assert s["work_start"] == "07:45"
    assert s["reduce_motion"] is True
    if key != "pattern":
        assert s["pattern"] == "resonance"


def test_unknown_key_is_reported_and_ignored(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('colour = "blue"\nsnooze_minutes = 12\n', encoding="utf-8")
    s = Settings(path)
    assert s["snooze_minutes"] == 12
    assert len(s.problems) == 1
    assert "'colour'" in s.problems[0]
    assert "colour" not in s.values


def test_a_file_that_is_not_toml_is_kept_aside(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("rough_streak = = 4\n[[[\n", encoding="utf-8")
    s = Settings(path)
    assert s.values == defaults()
    assert not path.exists()
    kept = list(tmp_path.glob("settings-*.toml.bak"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "rough_streak = = 4\n[[[\n"
    assert len(s.problems) == 1
    assert kept[0].name in s.problems[0]
    assert "default" in s.problems[0]


def test_a_file_that_is_not_text_is_kept_aside(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    s = Settings(path)
    assert s.values == defaults()
    assert list(tmp_path.glob("*.bak"))
    assert s.problems


@pytest.mark.parametrize(
    ("key", "value"),
    [("rough_streak", 0), ("rough_streak", 21), ("rough_streak", 2.5), ("rough_streak", "4"),
     ("quiet_hours", 1), ("work_start", "24:00"), ("work_start", 900), ("pattern", "wave"),
     ("work_days", "someday"), ("custom_inhale", float("nan")), ("session_seconds", True)],
)
def test_set_rejects_bad_values_and_changes_nothing(settings, key, value):
    heard = []
    settings.on_change(lambda k, v: heard.append((k, v)))
    before = settings[key]
    with pytest.raises(SettingError) as err:
        settings.set(key, value)
    assert f"'{key}'" in str(err.value)
    assert settings[key] == before
    assert heard == []
    assert not settings.path.exists()


def test_listeners_hear_only_real_changes(settings):
    heard = []
    settings.on_change(lambda k, v: heard.append((k, v)))
    settings.set("rough_streak", 3)  # already the default
    assert heard == []
    assert settings.set("rough_streak", 4) == 4
    assert heard == [("rough_streak", 4)]
    settings.set("rough_streak", 4.0)  # same value in another form
    settings.set("work_start", "9:00")  # same time, written loosely
    assert heard == [("rough_streak", 4)]


def test_saved_file_is_readable_commented_and_private(settings):
    settings.set("pause_minutes", 30)
    text = settings.path.read_text(encoding="utf-8")
    assert text.startswith("#")
    for s in SCHEMA:
        assert f"# {s.label}." in text
        assert f"\n{s.key} = " in text
    assert "# --- Breathing ---" in text
    assert "pause_minutes = 30" in text
    assert tomllib.loads(text)["pause_minutes"] == 30
    assert stat.S_IMODE(settings.path.stat().st_mode) == 0o600
    assert not settings.path.with_name(settings.path.name + ".tmp").exists()


def test_a_hand_edited_file_with_comments_loads(tmp_path):
    path = tmp_path / "settings.toml"
    Settings(path).set("rough_streak", 6)
    text = path.read_text(encoding="utf-8").replace("pattern = \"cyclic_sigh\"", "pattern = \"4-7-8\"  # calmer")
    path.write_text(text, encoding="utf-8")
    s = Settings(path)
    assert s.problems == []
    assert s["pattern"] == "4-7-8"
    assert s["rough_streak"] == 6


def test_a_refusal_says_in_a_few_words_what_the_field_can_be(settings):
    with pytest.raises(SettingError) as err:
        settings.set("rough_streak", 0)
    # For under the field: no key name needed, the range as the schema has it.
    assert err.value.note == "This can be 1 to 20 calls, not 0."
    assert err.value.key == "rough_streak"
    with pytest.raises(SettingError) as err:
        settings.set("break_after_minutes", 9999)
    assert err.value.note == "This can be 0 to 480 min, not 9999."
    with pytest.raises(SettingError) as err:
        settings.set("work_days", "")
    assert err.value.note == "At least one day is needed."


def test_plain_values_read_as_a_sentence_says_them():
    from companion.core.settings import plain_value

    assert plain_value(BY_KEY["rough_streak"], 3) == "3 calls"
    assert plain_value(BY_KEY["break_after_minutes"], 0) == "off"
    assert plain_value(BY_KEY["custom_exhale"], 6.5) == "6.5 s"
    assert plain_value(BY_KEY["work_days"], "mon,wed") == "Mon, Wed"
    assert plain_value(BY_KEY["work_end"], "17:30") == "17:30"


@pytest.mark.parametrize(("key", "value"), [("work_end", "09:00"), ("work_start", "17:30")])
def test_work_hours_that_start_and_end_together_are_refused(settings, key, value):
    heard = []
    settings.on_change(lambda k, v: heard.append(k))
    with pytest.raises(SettingError) as err:
        settings.set(key, value)
    assert "'work_start' and 'work_end' cannot both be" in str(err.value)
    assert err.value.note == "Work hours cannot start and end at the same time."
    assert err.value.key == key
    assert (settings["work_start"], settings["work_end"]) == ("09:00", "17:30")
    assert heard == [] and not settings.path.exists()


def test_a_night_shift_is_taken_and_known_as_one(settings):
    from companion.core.settings import SPANS

    settings.set("work_start", "22:00")
    settings.set("work_end", "06:00")
    work = SPANS[0]
    assert (work.start, work.end) == ("work_start", "work_end")
    assert work.overnight(settings) and work.minutes(settings) == 8 * 60
    assert Settings(settings.path)["work_end"] == "06:00"
    settings.set("work_end", "23:30")
    assert not work.overnight(settings) and work.minutes(settings) == 90


def test_update_checks_values_side_by_side_and_is_all_or_nothing(settings):
    heard = []
    settings.on_change(lambda k, v: heard.append((k, v)))
    # One at a time, 17:30 as the start would first meet 17:30 as the end.
    settings.update({"work_start": "17:30", "work_end": "02:00"})
    assert (settings["work_start"], settings["work_end"]) == ("17:30", "02:00")
    assert heard == [("work_start", "17:30"), ("work_end", "02:00")]
    with pytest.raises(SettingError):
        settings.update({"rough_streak": 5, "work_end": "17:30"})
    assert settings["rough_streak"] == 3 and settings["work_end"] == "02:00"
    assert len(heard) == 2


def test_a_file_with_work_hours_that_start_and_end_together_is_reported(tmp_path):
    from companion.core.settings import peek

    path = tmp_path / "settings.toml"
    path.write_text('work_start = "08:00"\nwork_end = "08:00"\nrough_streak = 4\n', encoding="utf-8")
    s = Settings(path)
    assert (s["work_start"], s["work_end"], s["rough_streak"]) == ("09:00", "17:30", 4)
    assert len(s.problems) == 1
    assert "'work_start' and 'work_end' are both 08:00" in s.problems[0] and "defaults" in s.problems[0]
    assert (peek(path)["work_start"], peek(path)["work_end"]) == ("09:00", "17:30")
