"""The self-check: the questionnaire file, its scoring, when it is due, and
the dialog that asks it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from companion.service import Service
from companion.core import selfcheck
from companion.core.selfcheck import QuestionnaireError, load_questionnaire

ASSET = Path(__file__).resolve().parents[1] / "assets" / "selfcheck.json"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def questionnaire():
    return load_questionnaire()


def test_the_shipped_questionnaire_loads_with_its_scale_and_reversed_items(questionnaire):
    assert [c.value for c in questionnaire.choices] == [100, 75, 50, 25, 0]
    assert questionnaire.choices[0].label == "Always" and questionnaire.choices[-1].label.startswith("Never")
    assert len(questionnaire.items) == 7
    assert [i.id for i in questionnaire.items if i.reversed] == ["shake_off", "good_feeling"]
    assert questionnaire.threshold == 50
    assert "GP" in questionnaire.help and "employee assistance programme" in questionnaire.help
    assert "not a diagnosis" in questionnaire.notice and "not a medical device" in questionnaire.notice


def test_scoring_averages_items_and_counts_reversed_ones_backwards(questionnaire):
    answers = {i.id: 75 for i in questionnaire.items}  # "Often" to everything
    # Five plain items score 75; the two reversed ones score 100 - 75 = 25.
    assert questionnaire.score(answers) == pytest.approx((5 * 75 + 2 * 25) / 7)
    answers = {i.id: (0 if i.reversed else 100) for i in questionnaire.items}
    assert questionnaire.score(answers) == 100
    assert questionnaire.is_high(100) and not questionnaire.is_high(49.9) and questionnaire.is_high(50)


def test_unanswered_items_are_left_out_until_too_few_remain(questionnaire):
    ids = [i.id for i in questionnaire.items]
    answers = {ids[0]: 100, ids[1]: 50, ids[2]: 50, ids[3]: None}
    assert questionnaire.score(answers) is None  # 3 answered, 4 needed
    answers[ids[3]] = 0
    assert questionnaire.score(answers) == pytest.approx(50)


def test_an_answer_off_the_scale_is_refused(questionnaire):
    with pytest.raises(QuestionnaireError):
        questionnaire.score({i.id: 60 for i in questionnaire.items})


def test_messages_fill_in_the_threshold(questionnaire):
    assert "50" in questionnaire.message(70) and "{threshold}" not in questionnaire.message(70)
    assert questionnaire.message(70) != questionnaire.message(20)


def test_an_organisation_can_drop_in_its_own_instrument(tmp_path):
    data = json.loads(ASSET.read_text(encoding="utf-8"))
    data.update(id="licensed-1", threshold=60, min_answered=1,
                scale=[{"label": "Yes", "value": 100}, {"label": "No", "value": 0}],
                items=[{"id": "a", "text": "Statement A."}, {"id": "b", "text": "Statement B.", "reversed": True}])
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    q = load_questionnaire(path)
    assert q.id == "licensed-1" and q.threshold == 60
    assert q.score({"a": 100, "b": 100}) == 50
    assert q.score({"a": 100}) == 100


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(items=[]), "'items' is empty"),
    (lambda d: d.update(threshold=150), "'threshold'"),
    (lambda d: d["items"].append(dict(d["items"][0])), "share an id"),
    (lambda d: d.update(scale=[{"label": "Only", "value": 100}]), "at least two"),
    (lambda d: d.pop("help"), "'help'"),
    (lambda d: d.update(min_answered=99), "'min_answered'"),
])
def test_a_broken_file_is_explained(tmp_path, change, words):
    data = json.loads(ASSET.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=words):
        load_questionnaire(path)


def test_a_file_that_is_not_json_is_explained(tmp_path):
    path = tmp_path / "nope.json"
    path.write_text("{items: oops", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="could not be read"):
        load_questionnaire(path)


# -- when the self-check is due -------------------------------------------------
def test_not_due_before_anything_is_logged_nor_in_the_first_week(store, settings, clock):
    assert not selfcheck.selfcheck_due(store, settings, clock.now())
    store.log_call("ok")
    clock.advance(6 * 86400)
    assert not selfcheck.selfcheck_due(store, settings, clock.now())
    clock.advance(86400)
    assert selfcheck.selfcheck_due(store, settings, clock.now())


def test_due_again_after_the_set_number_of_weeks(store, settings, clock):
    store.record_selfcheck(30, "{}", "test")
    assert selfcheck.selfcheck_due_at(store, settings) == clock.now() + timedelta(weeks=4)
    clock.advance(4 * 7 * 86400 - 60)
    assert not selfcheck.selfcheck_due(store, settings, clock.now())
    clock.advance(60)
    assert selfcheck.selfcheck_due(store, settings, clock.now())
    settings.set("selfcheck_weeks", 6)
    assert not selfcheck.selfcheck_due(store, settings, clock.now())


def test_zero_weeks_turns_it_off(store, settings, clock):
    store.record_selfcheck(30, "{}", "test")
    settings.set("selfcheck_weeks", 0)
    clock.advance(400 * 86400)
    assert selfcheck.selfcheck_due_at(store, settings) is None
    assert not selfcheck.selfcheck_due(store, settings, clock.now())


def test_not_now_puts_it_off_for_a_few_days(store, settings, clock):
    store.record_selfcheck(30, "{}", "test")
    clock.advance(30 * 86400)
    assert selfcheck.selfcheck_due(store, settings, clock.now())
    selfcheck.put_off_selfcheck(store, clock.now())
    clock.advance(3 * 86400 - 1)
    assert not selfcheck.selfcheck_due(store, settings, clock.now())
    clock.advance(1)
    assert selfcheck.selfcheck_due(store, settings, clock.now())


# -- the dialog ------------------------------------------------------------------
def test_answering_shows_the_score_stores_it_and_names_real_help(qtbot, store, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.done_button.isEnabled()
    for index, item in enumerate(questionnaire.items):
        # Often (75) to the plain statements, Seldom (25) to the reversed ones.
        dialog.answer(item.id, 3 if item.reversed else 1)
        if index == 2:
            assert not dialog.done_button.isEnabled()
    assert dialog.done_button.isEnabled()
    ARTIFACTS.mkdir(exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "selfcheck-questions.png"))
    with qtbot.waitSignal(dialog.completed) as signal:
        dialog.done_button.click()
    assert signal.args == [pytest.approx(75.0)]
    assert store.last_selfcheck()[1] == pytest.approx(75.0)
    stored = store.read("SELECT instrument, answers FROM selfchecks")[0]
    assert stored[0] == questionnaire.id and json.loads(stored[1])["dread"] == 75
    assert dialog.pages.currentIndex() == 1
    assert "75 out of 100" in dialog.score_label.text()
    assert "GP" in dialog.help_label.text() and "not a diagnosis" in dialog.notice_label.text()
    assert "50 or more" in dialog.message_label.text()
    dialog.grab().save(str(ARTIFACTS / "selfcheck-result.png"))


def test_not_now_in_the_dialog_puts_the_self_check_off(qtbot, store, settings, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    store.log_call("ok", at=clock.now() - timedelta(days=10))
    assert selfcheck.selfcheck_due(store, settings, clock.now())
    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.put_off):
        dialog.not_now_button.click()
    assert not dialog.isVisible()
    assert not selfcheck.selfcheck_due(store, settings, clock.now())
    assert store.last_selfcheck() is None


def test_every_answer_has_a_name_a_screen_reader_can_say(qtbot, store, clock, questionnaire):
    from PySide6.QtWidgets import QRadioButton

    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    radios = dialog.findChildren(QRadioButton)
    assert len(radios) == 7 * 5
    assert all(r.accessibleName().split(":")[0] in {c.label for c in questionnaire.choices} for r in radios)
    assert not any(r.isChecked() for r in radios)


# -- the scale's direction, its headers and the result beside earlier scores -----
def headers(dialog):
    grid = dialog.grid_box.layout()
    return [grid.itemAtPosition(0, col).widget() for col in range(1, grid.columnCount())]


def test_the_columns_run_from_never_on_the_left_to_always_on_the_right(qtbot, store, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [h.text() for h in headers(dialog)] == ["Never or almost never", "Seldom", "Sometimes", "Often", "Always"]
    xs = [h.mapTo(dialog, h.rect().center()).x() for h in headers(dialog)]
    assert xs == sorted(xs)
    # Each row's radios, left to right, answer Never ... Always.
    grid = dialog.grid_box.layout()
    first_row = [grid.itemAtPosition(1, col).widget() for col in range(1, 6)]
    assert first_row[0].accessibleName().startswith("Never or almost never:")
    assert first_row[-1].accessibleName().startswith("Always:")


def test_the_same_answers_score_the_same_with_the_scale_turned_round(qtbot, store, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    grid = dialog.grid_box.layout()
    labels = [h.text() for h in headers(dialog)]
    # Clicked where an agent sees the words: Often to the plain statements, Seldom to the reversed ones.
    for row, item in enumerate(questionnaire.items, start=1):
        col = labels.index("Seldom" if item.reversed else "Often") + 1
        grid.itemAtPosition(row, col).widget().click()
    answers = dialog.answers()
    assert all(answers[i.id] == (25 if i.reversed else 75) for i in questionnaire.items)
    # Reversed items count backwards (100 - 25): every item scores 75, as it did before.
    assert questionnaire.score(answers) == pytest.approx(75.0)
    dialog.finish()
    assert store.last_selfcheck()[1] == pytest.approx(75.0)


def test_the_long_never_header_takes_two_lines_at_most(qtbot, store, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    never = next(h for h in headers(dialog) if h.text().startswith("Never"))
    lines = never.heightForWidth(never.width()) / never.fontMetrics().lineSpacing()
    assert lines <= 2.1, lines


def test_the_result_shows_the_earlier_scores_in_a_window_sized_to_it(qtbot, store, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    for weeks, score in ((30, 72.0), (20, 40.0)):
        store.record_selfcheck(score, "{}", "test", at=clock.now() - timedelta(weeks=weeks))
    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    questions = dialog.size()
    for item in questionnaire.items:
        dialog.answer(item.id, 2)  # Sometimes
    dialog.finish()
    listed = dialog.past_list.text().splitlines()
    assert listed[0].endswith("(today)") and listed[0].split(":")[1].strip().startswith("50")
    assert listed[1].endswith(": 40") and listed[2].endswith(": 72  (at or above 50)")  # newest first
    assert [p.score for p in dialog.trail.scores] == [72.0, 40.0, 50.0]  # oldest first
    # No large empty window around a small card: the window fits what it says.
    assert dialog.height() < questions.height() and dialog.width() < questions.width()
    assert dialog.result_column.width() >= dialog.width() - 2 * dialog.layout().contentsMargins().left() - 24
    dialog.grab().save(str(ARTIFACTS / "selfcheck-result-earlier.png"))


def test_a_first_self_check_shows_no_empty_list_of_earlier_scores(qtbot, store, clock, questionnaire):
    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, {}, clock), questionnaire)
    qtbot.addWidget(dialog)
    dialog.show()
    for item in questionnaire.items:
        dialog.answer(item.id, 2)
    dialog.finish()
    assert not dialog.past_box.isVisibleTo(dialog)
