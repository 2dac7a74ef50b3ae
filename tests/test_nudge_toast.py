"""The break nudge toast."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from companion.core.models import NudgeAnswer
from companion.ui.nudge import NudgeToast

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TEXT = "Three rough calls in a row. A minute of slow breathing could help before the next one."


@pytest.fixture
def toast(qtbot, settings):
    widget = NudgeToast(settings)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def answers(toast):
    got: list[tuple[int, str]] = []
    toast.answered.connect(lambda nudge_id, answer: got.append((nudge_id, answer)))
    return got


def test_toast_does_not_take_focus(qtbot, toast):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is edit and edit.hasFocus(), timeout=2000)
    toast.show_nudge(1, TEXT)
    for _ in range(6):
        QApplication.processEvents()
    assert toast.isVisible()
    assert QApplication.activeWindow() is edit
    assert edit.hasFocus()


@pytest.mark.parametrize(
    "button, answer",
    [("breathe_button", NudgeAnswer.BREATHE), ("snooze_button", NudgeAnswer.SNOOZE),
     ("not_now_button", NudgeAnswer.NOT_NOW)],
)
def test_buttons_answer_the_nudge(toast, answers, button, answer):
    toast.show_nudge(7, TEXT)
    getattr(toast, button).click()
    assert answers == [(7, answer.value)]
    assert not toast.isVisible()
    assert toast.nudge_id is None
    assert not toast.expire_timer.isActive()


def test_shows_the_text_and_snooze_minutes(toast, settings):
    settings.set("snooze_minutes", 15)
    toast.show_nudge(1, TEXT)
    assert toast.message.text() == TEXT
    assert "15" in toast.snooze_button.text()


def test_unanswered_nudge_expires_as_ignored(toast, answers, settings):
    settings.set("nudge_answer_minutes", 4)
    toast.show_nudge(3, TEXT)
    assert toast.expire_timer.isActive() and toast.expire_timer.isSingleShot()
    assert toast.expire_timer.interval() == 4 * 60_000
    toast.expire_timer.timeout.emit()
    assert answers == [(3, "ignored")]
    assert not toast.isVisible()


def test_a_second_nudge_ignores_the_first(toast, answers):
    toast.show_nudge(1, TEXT)
    toast.show_nudge(2, "You have worked 90 minutes without a break.")
    assert answers == [(1, "ignored")]
    assert toast.isVisible() and toast.nudge_id == 2
    toast.not_now_button.click()
    assert answers == [(1, "ignored"), (2, "not_now")]


def test_each_nudge_is_answered_once(toast, answers):
    toast.show_nudge(5, TEXT)
    toast.breathe_button.click()
    toast.breathe_button.click()  # a stray second click on a hidden toast
    toast.expire_timer.timeout.emit()
    assert answers == [(5, "breathe")]


def test_closing_without_a_choice_counts_as_ignored(toast, answers):
    toast.show_nudge(9, TEXT)
    toast.close()
    assert answers == [(9, "ignored")]


def test_toast_stays_on_screen(toast):
    area = QApplication.primaryScreen().availableGeometry()
    for tray in (None, QRect(), QRect(area.right() - 30, area.bottom() - 20, 24, 24), QRect(-500, 9000, 24, 24)):
        toast.show_nudge(1, TEXT, tray)
        box = toast.frameGeometry()
        assert area.contains(box.topLeft()) and area.contains(box.bottomRight()), tray


def test_window_flags_never_take_focus(toast):
    flags = toast.windowFlags()
    for flag in (Qt.WindowType.Tool, Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowStaysOnTopHint):
        assert flags & flag == flag
    assert toast.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_screenshot(toast):
    ARTIFACTS.mkdir(exist_ok=True)
    toast.show_nudge(1, TEXT)
    assert toast.grab().save(str(ARTIFACTS / "nudge_toast.png"))
