"""Words that help: the phrase card file and its window."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from companion.core.models import InvalidEntry
from companion.core.words import PHRASE_MAX, WordCard, load_defaults
from companion.ui.words import WordsPanel, WordsWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
GROUPS = ("boundary", "acknowledge", "can_do", "hand_over", "swaps")


@pytest.fixture
def card(tmp_path):
    return WordCard(tmp_path / "config" / "words.json")


def on_disk(card: WordCard) -> WordCard:
    return WordCard(card.path)


# -- the card file ------------------------------------------------------------------
def test_shipped_phrases_cover_every_moment_the_brief_names():
    groups = load_defaults()
    assert tuple(g.key for g in groups) == GROUPS
    assert all(g.title and g.hint and len(g.phrases) >= 3 for g in groups)
    boundary = groups[0]
    # One warning, then ending the call: the last step is there, and said kindly.
    assert "end" in boundary.phrases[-2].text and "Goodbye" in boundary.phrases[-1].text
    assert all(p.instead for p in groups[-1].phrases), "every positive swap says what it replaces"


def test_a_new_card_shows_the_defaults_without_writing_a_file(card):
    assert [g.key for g in card.groups] == list(GROUPS)
    assert not card.path.exists()
    assert card.problems == []


def test_add_edit_remove_are_saved_at_once_and_privately(card):
    index = card.add("acknowledge", "  I hear you, and I'm on it.  ")
    assert on_disk(card).group("acknowledge").phrases[index].text == "I hear you, and I'm on it."
    assert stat.S_IMODE(os.stat(card.path).st_mode) == 0o600

    card.edit("swaps", 0, "Here's what I can offer…", instead="No.")
    changed = on_disk(card).group("swaps").phrases[0]
    assert (changed.text, changed.instead) == ("Here's what I can offer…", "No.")

    first = card.group("boundary").phrases[0].text
    removed = card.remove("boundary", 0)
    assert removed.text == first
    assert first not in [p.text for p in on_disk(card).group("boundary").phrases]


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (PHRASE_MAX + 1), "bell\x07"])
def test_unusable_phrases_are_refused_and_nothing_is_written(card, text):
    with pytest.raises(InvalidEntry):
        card.add("can_do", text)
    assert not card.path.exists()
    assert len(card.group("can_do").phrases) == len(load_defaults()[2].phrases)


def test_a_damaged_file_is_kept_aside_and_the_defaults_shown(card):
    card.path.parent.mkdir(parents=True, exist_ok=True)
    card.path.write_text("{ not json", encoding="utf-8")
    reopened = WordCard(card.path)
    assert [g.key for g in reopened.groups] == list(GROUPS)
    assert len(reopened.problems) == 1 and "kept as" in reopened.problems[0]
    kept = list(card.path.parent.glob("words-*.json.bak"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ not json"


def test_groups_added_in_a_later_release_join_an_older_card(card):
    card.path.parent.mkdir(parents=True, exist_ok=True)
    card.path.write_text(json.dumps({"version": 1, "groups": [
        {"key": "acknowledge", "title": "Mine", "phrases": ["Only my own words."]}]}), encoding="utf-8")
    mixed = WordCard(card.path)
    assert mixed.groups[0].title == "Mine" and [p.text for p in mixed.groups[0].phrases] == ["Only my own words."]
    assert [g.key for g in mixed.groups[1:]] == [k for k in GROUPS if k != "acknowledge"]


def test_restore_defaults_and_change_listeners(card):
    heard = []

    def listener():
        heard.append(1)

    card.on_change(listener)
    card.remove("boundary", 0)
    card.restore_defaults()
    assert len(on_disk(card).group("boundary").phrases) == len(load_defaults()[0].phrases)
    assert len(heard) == 2
    card.off_change(listener)
    card.add("boundary", "One more.")
    assert len(heard) == 2


# -- the window ---------------------------------------------------------------------
@pytest.fixture
def window(qtbot, card):
    w = WordsWindow(card)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_one_click_copies_a_phrase_to_the_clipboard(window, card, qtbot):
    panel = window.panel
    panel.show_group("hand_over")
    wanted = card.group("hand_over").phrases[1].text
    with qtbot.waitSignal(panel.copied) as signal:
        qtbot.mouseClick(panel.copy_buttons[1], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == wanted
    assert signal.args == [wanted]
    assert panel.copy_buttons[1].text() == "Copied" and "Ctrl+V" in panel.status_label.text()
    panel.feedback_timer.timeout.emit()
    assert panel.copy_buttons[1].text() == "Copy" and panel.status_label.text() == ""


def test_a_swap_copies_the_better_words_only(window, card):
    window.panel.show_group("swaps")
    window.panel.copy(0)
    phrase = card.group("swaps").phrases[0]
    assert QApplication.clipboard().text() == phrase.text
    assert phrase.instead not in QApplication.clipboard().text()


def test_adding_a_phrase_through_the_dialog_saves_it(window, card):
    panel = window.panel
    panel.show_group("acknowledge")
    before = len(panel.copy_buttons)
    panel.add_phrase()
    assert panel.dialog.isVisible() and not panel.dialog.save_button.isEnabled()
    panel.dialog.text_edit.setPlainText("I can hear how long you've waited. Thank you for staying with me.")
    panel.dialog.accept()
    assert not panel.dialog.isVisible()
    assert len(panel.copy_buttons) == before + 1
    assert on_disk(card).group("acknowledge").phrases[-1].text.startswith("I can hear how long")


def test_the_dialog_explains_a_refusal_and_stays_open(window, card):
    panel = window.panel
    panel.edit_phrase(0)
    assert panel.dialog.text_edit.toPlainText() == card.group("boundary").phrases[0].text
    panel.dialog.text_edit.setPlainText("x" * (PHRASE_MAX + 5))
    panel.dialog.accept()
    assert panel.dialog.isVisible() and "at most" in panel.dialog.problem.text()
    panel.dialog.text_edit.setPlainText("Please keep it civil, and I'll keep helping.")
    panel.dialog.instead_edit.setText("Stop shouting!")
    panel.dialog.accept()
    saved = on_disk(card).group("boundary").phrases[0]
    assert (saved.text, saved.instead) == ("Please keep it civil, and I'll keep helping.", "Stop shouting!")
    shown = [label.text() for label in panel.rows.findChildren(QLabel) if label.isVisibleTo(window)]
    assert "Instead of: “Stop shouting!”" in shown


def test_remove_takes_one_click_and_undo_puts_it_back(window, card):
    panel = window.panel
    panel.show_group("can_do")
    texts = [p.text for p in card.group("can_do").phrases]
    panel.remove_buttons[1].click()
    assert [p.text for p in on_disk(card).group("can_do").phrases] == texts[:1] + texts[2:]
    assert panel.undo_button.isVisibleTo(window) and panel.feedback_timer.interval() >= 10_000
    panel.undo_button.click()
    assert [p.text for p in on_disk(card).group("can_do").phrases] == texts
    assert not panel.undo_button.isVisibleTo(window) and panel.status_label.text() == "The phrase is back."


def test_a_read_only_panel_follows_changes_made_in_the_window(window, card, qtbot):
    side = WordsPanel(card, editable=False, group="acknowledge")
    qtbot.addWidget(side)
    assert side.edit_buttons == [] and side.remove_buttons == []
    assert all(b.text() not in ("Edit", "Remove", "Add a phrase…") for b in side.findChildren(QPushButton))
    window.panel.show_group("acknowledge")
    card.add("acknowledge", "Thank you for telling me straight.")
    assert len(side.copy_buttons) == len(window.panel.copy_buttons)
    with qtbot.waitSignal(side.edit_requested):
        side.add_button.click()
    side.deleteLater()


def test_every_control_has_a_name_and_tab_reaches_the_copy_buttons(window, qtbot):
    panel = window.panel
    for button in window.findChildren(QPushButton):
        assert button.accessibleName() or button.text(), "a button without a name"
    assert panel.copy_buttons[0].accessibleName().startswith("Copy: ")
    window.activateWindow()
    panel.group_box.setFocus()
    qtbot.waitUntil(lambda: panel.group_box.hasFocus(), timeout=2000)
    window.focusNextChild()
    assert QApplication.focusWidget() is panel.copy_buttons[0]
    window.focusNextChild()
    assert QApplication.focusWidget() is panel.edit_buttons[0]


def test_restore_asks_first(window, card):
    card.remove("boundary", 0)
    window.ask_yes_no = lambda title, text, *words: False
    window.restore_button.click()
    assert len(on_disk(card).group("boundary").phrases) == len(load_defaults()[0].phrases) - 1
    window.ask_yes_no = lambda title, text, *words: True
    window.restore_button.click()
    assert len(on_disk(card).group("boundary").phrases) == len(load_defaults()[0].phrases)


def test_escape_closes_the_window(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_screenshots_light_dark_and_compact(window, card, qtbot):
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "words_window.png"))
    window.panel.show_group("swaps")
    window.panel.copy(0)
    assert window.grab().save(str(ARTIFACTS / "words_window_copied.png"))
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(QPalette(QColor("#2b2b2b")))
    try:
        QApplication.processEvents()
        assert "#253230" in window.styleSheet()
        assert window.grab().save(str(ARTIFACTS / "words_window_dark.png"))
    finally:
        app.setPalette(before)
    QApplication.processEvents()
    assert "#f3f7f5" in window.styleSheet()
    side = WordsPanel(card, editable=False, group="acknowledge")
    qtbot.addWidget(side)
    side.resize(360, 430)
    side.show()
    assert side.grab().save(str(ARTIFACTS / "words_panel_compact.png"))


def test_undo_goes_away_after_a_while(window, card):
    panel = window.panel
    count = len(card.group("boundary").phrases)
    panel.remove_phrase(0)
    panel.feedback_timer.timeout.emit()
    assert not panel.undo_button.isVisibleTo(window)
    panel.undo_remove()
    assert len(on_disk(card).group("boundary").phrases) == count - 1
