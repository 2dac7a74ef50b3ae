"""Bad input everywhere: random text, numbers, huge notes, control characters
and odd unicode thrown at `companion log`, the settings file, Store.update_call
(what the log popup calls) and the IPC request handler. Each input is either
stored exactly or refused with a sentence; nothing crashes, nothing stored is
lost.

Example counts (kept moderate so the suite stays fast): see EXAMPLES."""

from __future__ import annotations

import io
import math
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings as hsettings, strategies as st

from companion.__main__ import main
from companion.core import paths
from companion.core.models import DEFAULT_TAGS, NOTE_MAX, InvalidEntry, Rating, check_tag
from companion.core.settings import BY_KEY, SCHEMA, SPANS, Settings, validate
from companion.core.store import Store
from companion.ipc.requests import handle_request
from companion.service import Service

EXAMPLES = 200
FUZZ = hsettings(max_examples=EXAMPLES, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Every code point, surrogates included: undecodable argv bytes arrive as those.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
odd_text = st.one_of(
    st.text(any_char, max_size=60),
    st.text(st.sampled_from("\x00\x01\x07\x1b\x7f\u200b\u202e\ufeff\u0301\n\r\t \\\"'"), max_size=20),
    st.sampled_from(["", " ", "-", "--", "--note", "-5", "ok", "😡🔥", "ẞ", "İ", "\u0130stanbul", "a\u0000b"]),
)
huge_text = st.builds(lambda ch, n: ch * n, st.characters(), st.integers(NOTE_MAX - 5, NOTE_MAX + 5))
note_text = st.one_of(odd_text, huge_text)


# -- the command line ----------------------------------------------------------
def _stored():
    path = paths.database_path()
    if not path.exists():
        return 0, None
    store = Store(path)
    try:
        return store.count_calls(), store.last_call()
    finally:
        store.close()


valid_rating = st.sampled_from(["rough", "ok", "great", "ROUGH", "Great"])
valid_tag = st.sampled_from(DEFAULT_TAGS)


def _run_log(rating, mood, tags, note) -> str:
    argv = ["log", rating]
    if mood is not None:
        argv += ["--mood", mood]
    for tag in tags:
        argv += ["--tag", tag]
    if note is not None:
        argv += ["--note", note]
    before, _ = _stored()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code
    after, last = _stored()
    assert code in (0, 2), (argv, code, err.getvalue())
    if code == 0:
        assert after == before + 1
        assert last.rating == Rating(rating.lower())
        assert last.note == (note or "")
        assert last.tags == tuple(sorted({check_tag(t) for t in tags}))
        assert last.mood == (int(mood) if mood is not None else None)
        assert out.getvalue().startswith("Logged")
        return "stored"
    assert after == before
    assert err.getvalue().strip(), "a refusal must say why"
    return "refused"


@FUZZ
@given(rating=valid_rating,
       mood=st.one_of(st.none(), st.integers(1, 5).map(str)),
       tags=st.lists(st.one_of(valid_tag, odd_text), max_size=3),
       note=st.one_of(st.none(), note_text))
def test_cli_log_with_odd_notes_and_tags(rating, mood, tags, note):
    event(_run_log(rating, mood, tags, note))


@FUZZ
@given(rating=st.one_of(valid_rating, odd_text),
       mood=st.one_of(st.none(), st.integers(-3, 8).map(str), odd_text),
       tags=st.lists(st.one_of(valid_tag, odd_text), max_size=4),
       note=st.one_of(st.none(), note_text))
def test_cli_log_with_anything_at_all(rating, mood, tags, note):
    event(_run_log(rating, mood, tags, note))


# -- the settings file --------------------------------------------------------------
def _toml_string(text: str) -> str:
    escaped = []
    for ch in text:
        if ch in '"\\':
            escaped.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            escaped.append(f"\\u{ord(ch):04x}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return _toml_string(value)


safe_text = st.text(st.characters(min_codepoint=1, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
                    max_size=30)
scalar = st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(), safe_text,
                   st.sampled_from(["09:00", "25:00", "mon,fri", "box", "custom", "7:5", "sun,,sat"]))
value = st.one_of(scalar, st.lists(scalar, max_size=3))
keys = st.one_of(st.sampled_from([s.key for s in SCHEMA]), st.from_regex(r"[a-z_]{1,12}", fullmatch=True))


def _check_settings(path: Path) -> Settings:
    loaded = Settings(path)
    for setting in SCHEMA:
        # Whatever the file said, every value in use is a valid one.
        assert validate(setting, loaded[setting.key]) == loaded[setting.key]
    assert all(isinstance(p, str) and p for p in loaded.problems)
    return loaded


@FUZZ
@given(entries=st.dictionaries(keys, value, max_size=8))
def test_settings_values_are_used_or_reported_by_name(entries):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_text("\n".join(f"{k} = {_toml_value(v)}" for k, v in entries.items()), encoding="utf-8")
        loaded = _check_settings(path)
        event("file set aside" if not path.exists() else f"{len(loaded.problems)} problems")
        problems = " ".join(loaded.problems)
        for key, raw in entries.items():
            setting = BY_KEY.get(key)
            try:
                good = setting is not None and validate(setting, raw) is not None
            except ValueError:
                good = False
            # Two times fine alone can still make no work hours at all: both reported, by name.
            paired = any(key in (span.start, span.end) and f"'{span.start}' and '{span.end}' are both" in problems
                         for span in SPANS)
            if good and not paired:
                assert loaded[key] == validate(setting, raw)
            else:
                assert f"'{key}'" in problems, (key, raw, loaded.problems)


@FUZZ
@given(text=st.one_of(st.text(any_char.filter(lambda c: not 0xD800 <= ord(c) <= 0xDFFF), max_size=200),
                      st.binary(max_size=200)))
def test_any_settings_file_opens(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        loaded = _check_settings(path)
        event("set aside" if not path.exists() else "read")
        if not path.exists():
            # Not TOML: kept aside, whole, and the person is told.
            kept = list(Path(folder).glob("*.toml.bak"))
            assert len(kept) == 1
            assert "could not be read" in loaded.problems[0]


# -- the log popup's path: Store.update_call -----------------------------------------
@FUZZ
@given(note=st.one_of(st.none(), note_text),
       tags=st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(DEFAULT_TAGS), odd_text), max_size=5)))
def test_update_call_stores_exactly_or_refuses(store, note, tags):
    call = store.log_call(Rating.ROUGH, tags=["angry"], note="kept")
    try:
        store.update_call(call.id, note=note, tags=tags)
    except InvalidEntry as exc:
        event("refused")
        assert str(exc)
        unchanged = store.call(call.id)
        assert (unchanged.note, unchanged.tags) == ("kept", ("angry",))
        return
    event("stored")
    stored = store.call(call.id)
    assert stored.note == ("kept" if note is None else note)
    expected = ("angry",) if tags is None else tuple(sorted({check_tag(t) for t in tags}))
    assert stored.tags == expected


# -- the IPC handler: whatever a script sends, the app answers and stays up ---------
class _TinyApp:
    """What the request table needs from CompanionApp: its service, and windows that do nothing here."""

    def __init__(self, store, clock, settings):
        self.service = Service(store, settings, clock)
        self.tray = self

    def host_available(self):
        return True

    def show_running(self):
        pass

    def open_breathe(self, seconds, pattern):
        pass

    def open_review(self, weeks):
        pass

    def quit(self):
        pass


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(odd_text, inner, max_size=3)),
    max_leaves=8,
)
request = st.one_of(
    json_value,
    st.fixed_dictionaries({"cmd": st.sampled_from(["show", "breathe", "log", "status", "pause", "resume",
                                                   "quit", "other"])},
                          optional={"seconds": json_value, "pattern": json_value, "rating": json_value,
                                    "mood": json_value, "tags": json_value, "note": json_value,
                                    "minutes": json_value}),
)


@FUZZ
@given(message=request)
def test_any_request_gets_an_answer(store, clock, settings, message):
    answer = handle_request(_TinyApp(store, clock, settings), message)
    assert isinstance(answer, dict) and isinstance(answer.get("ok"), bool)
    event("done" if answer["ok"] else "refused")
    if not answer["ok"]:
        assert isinstance(answer["error"], str) and answer["error"]
        assert "Companion could not do that" not in answer["error"], answer

