"""The end-of-day check-in: when it is due (core) and the quiet prompt (ui)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from companion.service import Service
from companion.core.clock import FakeClock
from companion.core.selfcheck import checkin_due, seconds_until_checkin
from companion.core.store import Store
from companion.ui.checkin import LEFT_ALONE_MS, CheckinPrompt
from companion.ui.placement import POPUP_FLAGS

HOUR = 3600
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def at_time(clock, hour, minute=0, days=0):
    now = clock.now()
    clock.set_wall(datetime(now.year, now.month, now.day, hour, minute) + timedelta(days=days))


# -- when (core) -------------------------------------------------------------------
def test_due_from_the_end_of_work_for_a_few_hours(store, settings, clock):
    assert not checkin_due(store, settings, clock.now())  # Monday 09:00
    assert seconds_until_checkin(store, settings, clock.now()) == 8.5 * HOUR
    at_time(clock, 17, 29)
    assert not checkin_due(store, settings, clock.now())
    at_time(clock, 17, 30)
    assert checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 0
    at_time(clock, 21, 29)
    assert checkin_due(store, settings, clock.now())
    at_time(clock, 21, 30)
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 20 * HOUR  # Tuesday 17:30


def test_answered_or_skipped_means_not_again_today(store, settings, clock):
    at_time(clock, 17, 45)
    store.record_checkin(None, at=clock.now())
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 24 * HOUR - 15 * 60


def test_an_early_answer_during_the_shift_counts(store, settings, clock):
    at_time(clock, 16, 0)
    store.record_checkin(4, at=clock.now())
    at_time(clock, 17, 30)
    assert not checkin_due(store, settings, clock.now())


def test_yesterdays_answer_does_not_count_for_today(store, settings, clock):
    at_time(clock, 17, 45)
    store.record_checkin(3, at=clock.now())
    at_time(clock, 17, 45, days=1)
    assert checkin_due(store, settings, clock.now())


def test_no_check_in_on_days_off_or_when_turned_off(store, settings, clock):
    at_time(clock, 17, 30, days=5)  # Saturday
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 2 * 24 * HOUR  # Monday 17:30
    settings.set("checkin", False)
    at_time(clock, 17, 30, days=2)
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) is None


def test_a_night_shift_is_asked_about_when_it_ends_next_morning(store, settings, clock):
    settings.set("work_start", "22:00")
    settings.set("work_end", "06:00")
    at_time(clock, 6, 0, days=1)  # Tuesday 06:00: Monday night's shift just ended
    assert checkin_due(store, settings, clock.now())
    at_time(clock, 6, 0, days=6)  # Sunday 06:00: Saturday night was not a work night
    assert not checkin_due(store, settings, clock.now())


def test_the_wait_over_a_dst_weekend_is_real_time(london, tmp_path, settings):
    clock = FakeClock(datetime(2026, 3, 28, 12, 0))  # Saturday, GMT; BST from Sunday 01:00
    store = Store(tmp_path / "dst.db", clock)
    # Monday 17:30 BST is 53.5 wall-clock hours away but one real hour less.
    assert seconds_until_checkin(store, settings, clock.now()) == 52.5 * HOUR
    store.close()


# -- the prompt (ui) ---------------------------------------------------------------
@pytest.fixture
def crm(qtbot):
    """A stand-in for the CRM the agent is typing into."""
    window = QWidget()
    field = QLineEdit(window)
    QVBoxLayout(window).addWidget(field)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=2000)
    yield field
    window.close()


@pytest.fixture
def prompt(qtbot, store, settings, clock):
    widget = CheckinPrompt(Service(store, settings, clock))
    qtbot.addWidget(widget)
    return widget


def test_the_prompt_is_a_quiet_popup_that_never_takes_the_keyboard(qtbot, prompt, clock, crm):
    flags = prompt.windowFlags()
    assert flags & POPUP_FLAGS == POPUP_FLAGS
    assert prompt.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert not prompt.offer()  # Monday 09:00: not yet
    assert not prompt.isVisible()
    at_time(clock, 17, 35)
    assert prompt.offer()
    assert prompt.isVisible()
    QApplication.processEvents()
    assert QApplication.focusWidget() is crm
    assert not prompt.isActiveWindow()
    assert prompt.question.text() == "How much energy is left for your evening?"
    ARTIFACTS.mkdir(exist_ok=True)
    prompt.grab().save(str(ARTIFACTS / "checkin.png"))


def test_one_click_stores_the_energy_and_rearms_for_tomorrow(qtbot, prompt, store, settings, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    with qtbot.waitSignal(prompt.answered) as signal:
        prompt.energy_buttons[2].click()
    assert signal.args == [2]
    assert store.last_checkin()[1] == 2
    assert not prompt.isVisible()
    assert not checkin_due(store, settings, clock.now())


def test_skip_today_is_stored_as_a_skip(qtbot, prompt, store, settings, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    with qtbot.waitSignal(prompt.skipped):
        prompt.skip_button.click()
    assert store.last_checkin()[1] is None
    assert not prompt.isVisible() and not prompt.offer()


def test_later_hides_it_and_asks_again_after_the_snooze_time(qtbot, prompt, store, settings, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    with qtbot.waitSignal(prompt.snoozed):
        prompt.later_button.click()
    assert not prompt.isVisible()
    assert prompt.snooze_timer.isActive() and prompt.snooze_timer.interval() == 10 * 60_000
    assert store.last_checkin() is None
    clock.advance(10 * 60)
    prompt.snooze_timer.timeout.emit()
    assert prompt.isVisible()


def test_a_prompt_left_alone_steps_aside_by_itself(qtbot, prompt, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    assert prompt.idle_timer.isActive() and prompt.idle_timer.interval() == LEFT_ALONE_MS
    prompt.idle_timer.timeout.emit()
    assert not prompt.isVisible() and prompt.snooze_timer.isActive()


def test_a_snoozed_prompt_does_not_come_back_after_the_evening(qtbot, prompt, clock):
    at_time(clock, 21, 25)
    prompt.offer()
    prompt.snooze()
    clock.advance(10 * 60)
    prompt.snooze_timer.timeout.emit()
    assert not prompt.isVisible()


def test_closing_the_prompt_leaves_no_timer_behind(qtbot, prompt, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    prompt.snooze()
    assert prompt.snooze_timer.isActive()
    prompt.close()
    assert not prompt.snooze_timer.isActive() and not prompt.idle_timer.isActive()


def test_number_keys_answer_too(qtbot, prompt, store, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    qtbot.keyClick(prompt, Qt.Key.Key_4)
    assert store.last_checkin()[1] == 4


def test_every_button_has_a_spoken_name(prompt):
    names = [b.accessibleName() for b in prompt.energy_buttons.values()]
    assert names[0] == "1: running on empty" and names[-1] == "5: plenty left"
    assert prompt.later_button.accessibleName() and prompt.skip_button.accessibleName()
