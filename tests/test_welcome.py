"""The first-run welcome: three settings on one screen, saved for real, or
skipped without writing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from companion.core.settings import SCHEMA, Settings
from companion.ui.welcome import SAVED, SKIPPED, WelcomeWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def welcome(qtbot, settings):
    window = WelcomeWindow(settings)
    qtbot.addWidget(window)
    finished = []
    window.finished.connect(lambda: finished.append(window.outcome))
    window.finished_log = finished
    return window


def test_starts_from_the_current_settings(welcome, settings):
    assert welcome.start_edit.time() == QTime(9, 0)
    assert welcome.end_edit.time() == QTime(17, 30)
    assert welcome.rough_spin.value() == settings["rough_streak"] == 3
    assert welcome.login_box.isChecked() is False


def test_save_writes_the_real_settings_file(welcome, settings):
    heard = []
    settings.on_change(lambda key, value: heard.append((key, value)))
    welcome.start_edit.setTime(QTime(8, 0))
    welcome.end_edit.setTime(QTime(16, 30))
    welcome.rough_spin.setValue(5)
    welcome.login_box.setChecked(True)
    welcome.save_button.click()

    again = Settings(settings.path)  # what is on disk, read afresh
    assert (again["work_start"], again["work_end"], again["rough_streak"], again["start_at_login"]) == (
        "08:00", "16:30", 5, True)
    assert again.problems == []
    # The app applies "start at login" from its change listener, so it must hear it.
    assert ("start_at_login", True) in heard
    assert welcome.finished_log == [SAVED]
    assert not welcome.isVisible()


def test_skip_writes_nothing(welcome, settings):
    welcome.start_edit.setTime(QTime(7, 0))  # changed, then thought better of
    welcome.skip_button.click()
    assert not settings.path.exists()
    assert all(settings[s.key] == s.default for s in SCHEMA)
    assert welcome.finished_log == [SKIPPED]


def test_closing_the_window_is_a_skip_and_finishes_once(welcome, settings):
    welcome.show_window()
    welcome.close()
    welcome.skip_button.click()  # a late click changes nothing
    assert welcome.finished_log == [SKIPPED]
    assert not settings.path.exists()


def test_done_with_the_keyboard_alone(qtbot, welcome, settings):
    welcome.show_window()
    qtbot.waitUntil(welcome.isActiveWindow, timeout=2000)
    assert welcome.focusWidget() is welcome.start_edit
    # Typing a time fills hours then minutes; Tab moves on to the next field.
    QTest.keyClicks(welcome.focusWidget(), "0745")
    QTest.keyClick(welcome.focusWidget(), Qt.Key.Key_Tab)
    assert welcome.focusWidget() is welcome.end_edit
    QTest.keyClicks(welcome.focusWidget(), "1615")
    QTest.keyClick(welcome.focusWidget(), Qt.Key.Key_Tab)
    assert welcome.focusWidget() is welcome.rough_spin
    QTest.keyClicks(welcome.focusWidget(), "4")
    QTest.keyClick(welcome.focusWidget(), Qt.Key.Key_Tab)
    assert welcome.focusWidget() is welcome.login_box
    QTest.keyClick(welcome.focusWidget(), Qt.Key.Key_Space)
    QTest.keyClick(welcome.focusWidget(), Qt.Key.Key_Return)  # Enter saves

    again = Settings(settings.path)
    assert (again["work_start"], again["work_end"], again["rough_streak"], again["start_at_login"]) == (
        "07:45", "16:15", 4, True)
    assert welcome.finished_log == [SAVED]


def test_tab_order_runs_top_to_bottom(welcome):
    welcome.show_window()
    order = [welcome.start_edit]
    while len(order) < 7:
        order.append(order[-1].nextInFocusChain())
        while not order[-1].focusPolicy() & Qt.FocusPolicy.TabFocus or order[-1].focusProxy() is not None:
            order[-1] = order[-1].nextInFocusChain()
    assert order == [welcome.start_edit, welcome.end_edit, welcome.rough_spin, welcome.login_box,
                     welcome.skip_button, welcome.save_button, welcome.start_edit]


def test_enter_on_skip_skips(welcome, settings):
    welcome.show_window()
    welcome.rough_spin.setValue(9)
    welcome.skip_button.setFocus()
    QTest.keyClick(welcome.skip_button, Qt.Key.Key_Return)
    assert welcome.finished_log == [SKIPPED]
    assert not settings.path.exists()


def test_escape_is_skip(welcome, settings):
    welcome.show_window()
    QTest.keyClick(welcome.start_edit, Qt.Key.Key_Escape)
    assert welcome.finished_log == [SKIPPED]
    assert not settings.path.exists()


def test_a_file_that_cannot_be_written_is_said_and_the_window_stays(qtbot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    settings = Settings(blocker / "settings.toml")
    window = WelcomeWindow(settings)
    qtbot.addWidget(window)
    window.show_window()
    window.rough_spin.setValue(6)
    window.save_button.click()
    assert window.isVisible() and window.outcome is None
    assert window.problem.isVisibleTo(window)
    assert "could not be saved" in window.problem.text()


def test_names_for_screen_readers(welcome):
    for control in (welcome.start_edit, welcome.end_edit, welcome.rough_spin):
        assert len(control.accessibleName()) > 10
    assert welcome.login_box.text() and welcome.save_button.text() and welcome.skip_button.text()


def test_screenshot(welcome):
    welcome.show_window()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "welcome.png"
    assert welcome.grab().save(str(path))
    assert path.stat().st_size > 2000
    # Nothing cut off at the edge: the buttons and the longest line lie wholly inside the window.
    for widget in (welcome.save_button, welcome.skip_button, welcome.login_box):
        corner = widget.mapTo(welcome, widget.rect().bottomRight())
        assert welcome.rect().contains(corner), (widget.text(), corner, welcome.size())


def _type(box, text):
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)


@pytest.mark.parametrize(("typed", "said"), [("0", "This can be 1 to 20 calls, not 0. Kept 3 calls."),
                                             ("25", "This can be 1 to 20 calls, not 25. Kept 3 calls.")])
def test_a_rough_count_out_of_range_is_refused_in_words_before_anything_is_saved(welcome, settings, typed, said):
    welcome.show_window()
    _type(welcome.rough_spin, typed)
    welcome.save_button.click()  # the box gives up the number on the way to the button
    # Not snapped back to 3 and saved behind the person's back: the window
    # stays, and says what it kept, under the field.
    assert welcome.isVisible() and welcome.finished_log == []
    assert not settings.path.exists()
    assert welcome.rough_spin.value() == 3
    assert welcome.rough_note.note.isVisibleTo(welcome) and welcome.rough_note.note.text() == said
    assert welcome.rough_spin.accessibleDescription().endswith(said)
    welcome.save_button.click()  # read: now Save saves
    assert welcome.finished_log == [SAVED] and Settings(settings.path)["rough_streak"] == 3


def test_work_hours_that_start_and_end_together_are_refused_next_to_them(welcome, settings):
    welcome.show_window()
    welcome.end_edit.setTime(QTime(9, 0))
    said = "Work hours cannot start and end at the same time."
    assert welcome.hours_note.note.isVisibleTo(welcome) and welcome.hours_note.note.text() == said
    assert not welcome.hours_note.span.isVisibleTo(welcome)
    welcome.save_button.click()
    assert welcome.isVisible() and welcome.finished_log == [] and not settings.path.exists()
    assert welcome.hours_note.note.text() == said
    welcome.end_edit.setTime(QTime(17, 0))
    assert not welcome.hours_note.note.isVisibleTo(welcome)
    assert welcome.hours_note.span.text() == "Work hours: 09:00 – 17:00, 8 h"
    welcome.save_button.click()  # a note already put right holds nothing up
    assert welcome.finished_log == [SAVED] and Settings(settings.path)["work_end"] == "17:00"


def test_a_night_shift_is_shown_as_one_and_saved(welcome, settings):
    welcome.show_window()
    # 17:30 as the start meets the old 17:30 end on the way; saved side by side, that is fine.
    welcome.start_edit.setTime(QTime(22, 0))
    welcome.end_edit.setTime(QTime(6, 0))
    assert welcome.hours_note.span.isVisibleTo(welcome)
    assert welcome.hours_note.span.text() == "Work hours: 22:00 – 06:00 (next day), 8 h"
    welcome.save_button.click()
    again = Settings(settings.path)
    assert (again["work_start"], again["work_end"]) == ("22:00", "06:00")


def test_the_rough_count_s_help_is_in_view(welcome):
    from companion.core.settings import BY_KEY

    welcome.show_window()
    assert welcome.rough_note.help.isVisibleTo(welcome)
    assert welcome.rough_note.help.text() == BY_KEY["rough_streak"].help
    assert welcome.rough_spin.accessibleDescription() == BY_KEY["rough_streak"].help


def test_screenshots_light_and_dark_with_notes(welcome):
    from ui_gallery import set_palette

    welcome.show_window()
    welcome.start_edit.setTime(QTime(22, 0))
    welcome.end_edit.setTime(QTime(6, 0))
    _type(welcome.rough_spin, "0")
    welcome.rough_spin.interpretText()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for dark, name in ((False, "welcome_notes.png"), (True, "welcome_notes_dark.png")):
            set_palette(dark)
            QApplication.processEvents()
            assert welcome.grab().save(str(ARTIFACTS / name))
    finally:
        set_palette(False)


def test_a_note_makes_room_instead_of_squeezing_the_words_above(welcome):
    from PySide6.QtWidgets import QLabel

    welcome.show_window()
    before = welcome.height()
    welcome.end_edit.setTime(QTime(9, 0))
    _type(welcome.rough_spin, "0")
    welcome.rough_spin.interpretText()
    QApplication.processEvents()
    assert welcome.height() > before
    squeezed = [label.text()[:30] for label in welcome.findChildren(QLabel) if label.isVisibleTo(welcome)
                and label.wordWrap() and label.heightForWidth(label.width()) > label.height() + 2]
    assert squeezed == []


@pytest.mark.parametrize("desktop, says", [
    ("ubuntu:GNOME", "choose Mute & breathe, the first item"),
    ("GNOME", "choose Mute & breathe, the first item"),
    ("KDE", "click it to mute your microphone"),
    ("", "click it to mute your microphone"),
])
def test_the_welcome_says_what_a_click_does_on_this_desktop(desktop, says, qtbot, settings, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from companion.ui.welcome import WelcomeWindow

    monkeypatch.setenv("XDG_CURRENT_DESKTOP", desktop)
    window = WelcomeWindow(settings)
    qtbot.addWidget(window)
    assert any(says in label.text() for label in window.findChildren(QLabel))
