"""The end-of-day check-in: when it is due (core) and the quiet prompt (ui)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from companion.service import Service
from companion.core.clock import FakeClock
from companion.core.models import Rating
from companion.core.selfcheck import checkin_due, note_running, put_off_checkin, seconds_until_checkin
from companion.core.store import Store
from companion.ui.checkin import LEFT_ALONE_MS, CheckinPrompt

HOUR = 3600
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def at_time(clock, hour, minute=0, days=0):
    now = clock.now()
    clock.set_wall(datetime(now.year, now.month, now.day, hour, minute) + timedelta(days=days))


def worked(store, settings, clock):
    """The app ran in work hours today (the fixture clock is Monday 09:00)."""
    note_running(store, settings, clock.now())


# -- when (core) -------------------------------------------------------------------
def test_due_from_the_end_of_work_for_a_few_hours(store, settings, clock):
    worked(store, settings, clock)
    assert not checkin_due(store, settings, clock.now())  # Monday 09:00
    assert seconds_until_checkin(store, settings, clock.now()) == 8.5 * HOUR
    at_time(clock, 17, 29)
    assert not checkin_due(store, settings, clock.now())
    at_time(clock, 17, 30)
    assert checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 0
    at_time(clock, 20, 29)
    assert checkin_due(store, settings, clock.now())
    at_time(clock, 20, 30)  # three hours after work: the evening is the agent's own
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 12.5 * HOUR  # Tuesday 09:00, to note the work


def test_not_on_a_first_start_in_the_evening_before_any_work(store, settings, clock):
    # The very first start, Monday 17:45 (the report: 21:23): no call, the app was not running at work.
    at_time(clock, 17, 45)
    note_running(store, settings, clock.now())  # after work: this is not a day worked
    assert not checkin_due(store, settings, clock.now())
    at_time(clock, 21, 23)
    assert not checkin_due(store, settings, clock.now())


def test_a_call_logged_in_work_hours_makes_it_a_day_worked(store, settings, clock):
    at_time(clock, 11, 0)
    store.log_call(Rating.OK, at=clock.now())
    at_time(clock, 17, 45)
    assert checkin_due(store, settings, clock.now())
    at_time(clock, 17, 45, days=1)  # Tuesday: nothing logged, the app not seen at work
    assert not checkin_due(store, settings, clock.now())


def test_one_later_an_evening_kept_across_a_restart(tmp_path, settings, clock):
    first = Store(tmp_path / "later.db", clock)
    worked(first, settings, clock)
    at_time(clock, 17, 40)
    assert put_off_checkin(first, settings, clock.now()) == clock.now() + timedelta(minutes=10)
    first.close()
    again = Store(tmp_path / "later.db", clock)  # a restart: the Later is remembered
    assert not checkin_due(again, settings, clock.now())
    assert seconds_until_checkin(again, settings, clock.now()) == 10 * 60
    clock.advance(10 * 60)
    assert checkin_due(again, settings, clock.now())
    assert put_off_checkin(again, settings, clock.now()) is None  # the second time: not this evening
    clock.advance(30 * 60)
    assert not checkin_due(again, settings, clock.now())
    again.close()


def test_answered_or_skipped_means_not_again_today(store, settings, clock):
    worked(store, settings, clock)
    at_time(clock, 17, 45)
    store.record_checkin(None, at=clock.now())
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 15.25 * HOUR  # Tuesday 09:00


def test_an_early_answer_during_the_shift_counts(store, settings, clock):
    worked(store, settings, clock)
    at_time(clock, 16, 0)
    store.record_checkin(4, at=clock.now())
    at_time(clock, 17, 30)
    assert not checkin_due(store, settings, clock.now())


def test_yesterdays_answer_does_not_count_for_today(store, settings, clock):
    worked(store, settings, clock)
    at_time(clock, 17, 45)
    store.record_checkin(3, at=clock.now())
    at_time(clock, 10, 0, days=1)  # Tuesday, at work
    note_running(store, settings, clock.now())
    at_time(clock, 17, 45)
    assert checkin_due(store, settings, clock.now())


def test_no_check_in_on_days_off_or_when_turned_off(store, settings, clock):
    at_time(clock, 12, 0, days=5)  # Saturday: the app running, but not in work hours
    worked(store, settings, clock)
    at_time(clock, 17, 30)
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) == 39.5 * HOUR  # Monday 09:00
    settings.set("checkin", False)
    at_time(clock, 17, 30, days=2)
    assert not checkin_due(store, settings, clock.now())
    assert seconds_until_checkin(store, settings, clock.now()) is None


def test_a_night_shift_is_asked_about_when_it_ends_next_morning(store, settings, clock):
    settings.set("work_start", "22:00")
    settings.set("work_end", "06:00")
    at_time(clock, 23, 0)
    worked(store, settings, clock)
    at_time(clock, 6, 0, days=1)  # Tuesday 06:00: Monday night's shift just ended
    assert checkin_due(store, settings, clock.now())
    at_time(clock, 6, 0, days=6)  # Sunday 06:00: Saturday night was not a work night
    assert not checkin_due(store, settings, clock.now())


def test_the_wait_over_a_dst_weekend_is_real_time(london, tmp_path, settings):
    clock = FakeClock(datetime(2026, 3, 28, 12, 0))  # Saturday, GMT; BST from Sunday 01:00
    store = Store(tmp_path / "dst.db", clock)
    # Monday 09:00 BST (the work to note) is 45 wall-clock hours away but one real hour less.
    assert seconds_until_checkin(store, settings, clock.now()) == 44 * HOUR
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
    worked(store, settings, clock)
    widget = CheckinPrompt(Service(store, settings, clock))
    qtbot.addWidget(widget)
    return widget


def test_the_prompt_is_a_quiet_window_never_above_others_and_never_focused(qtbot, prompt, clock, crm):
    flags = prompt.windowFlags()
    assert not flags & Qt.WindowType.WindowStaysOnTopHint  # it covered "Your weeks"
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
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


def test_focus_does_not_fall_to_it_when_another_companion_window_closes(qtbot, prompt, clock):
    welcome = QWidget()  # the welcome, say, open as the check-in shows
    qtbot.addWidget(welcome)
    welcome.show()
    welcome.activateWindow()
    qtbot.waitUntil(welcome.isActiveWindow, timeout=2000)
    at_time(clock, 17, 35)
    assert prompt.offer()
    welcome.close()
    QApplication.processEvents()
    # Some platforms hand the activation on regardless (the window manager is
    # told not to): still no answer in it holds the keyboard, and no key typed
    # for the closed window answers it.
    buttons = [*prompt.energy_buttons.values(), prompt.later_button, prompt.skip_button]
    assert QApplication.focusWidget() not in buttons
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_3):
        qtbot.keyClick(QApplication.focusWidget() or prompt, key)
    assert prompt.isVisible() and prompt.store.last_checkin() is None


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


def test_later_asks_once_more_after_the_snooze_time_and_only_once(qtbot, prompt, store, clock):
    put_off = []
    prompt.service.subscribe(lambda event: put_off.append(event.subject))
    at_time(clock, 17, 40)
    prompt.offer()
    assert prompt.later_button.isVisibleTo(prompt)
    with qtbot.waitSignal(prompt.snoozed):
        prompt.later_button.click()
    assert not prompt.isVisible()
    assert put_off == [clock.now() + timedelta(minutes=10)]  # the app re-arms its one timer for then
    assert prompt.service.checkin_wait_ms() == 10 * 60_000
    assert store.last_checkin() is None
    clock.advance(4 * 60)
    assert not prompt.offer()  # not back after 4 minutes
    clock.advance(6 * 60)
    assert prompt.offer()
    assert not prompt.later_button.isVisibleTo(prompt)  # its one Later is used
    assert prompt.skip_button.isVisibleTo(prompt)
    prompt.snooze()  # Escape, or left alone: not again this evening
    assert put_off[-1] is None
    clock.advance(30 * 60)
    assert not prompt.offer()


def test_a_prompt_left_alone_steps_aside_by_itself(qtbot, prompt, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    assert prompt.idle_timer.isActive() and prompt.idle_timer.interval() == LEFT_ALONE_MS
    prompt.idle_timer.timeout.emit()
    assert not prompt.isVisible()
    assert prompt.service.checkin_wait_ms() == 10 * 60_000  # counted as its Later


def test_a_snoozed_prompt_does_not_come_back_after_the_evening(qtbot, prompt, clock):
    at_time(clock, 20, 25)
    prompt.offer()
    prompt.snooze()
    clock.advance(10 * 60)
    assert not prompt.offer()
    assert not prompt.isVisible()


def test_closing_the_prompt_leaves_no_timer_behind(qtbot, prompt, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    prompt.close()
    assert not prompt.idle_timer.isActive()


def test_escape_puts_it_off_as_later_does(qtbot, prompt, store, clock):
    at_time(clock, 17, 40)
    prompt.offer()
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    assert not prompt.isVisible() and store.last_checkin() is None


def test_every_button_has_a_spoken_name(prompt):
    names = [b.accessibleName() for b in prompt.energy_buttons.values()]
    assert names[0] == "1: running on empty" and names[-1] == "5: plenty left"
    assert prompt.later_button.accessibleName() and prompt.skip_button.accessibleName()


def test_the_tray_menu_offers_the_waiting_check_in_to_the_keyboard(qtbot, clock, store, settings):
    """The check-in never takes the focus by itself; a keyboard user reaches
    it from the tray menu, and then the keys answer it."""
    from faults import QuietMic, close_app
    from PySide6.QtWidgets import QApplication

    from companion.app import CompanionApp, make_qt_app

    make_qt_app()
    app = CompanionApp(clock=clock, store=store, settings=settings, microphone=QuietMic())
    try:
        app.settle()
        app.service.checkin_due = lambda: True  # the evening has come
        app.tray.menu.aboutToShow.emit()
        assert not app.checkin_action.isVisible()  # nothing waiting
        prompt = app.windows.checkin_prompt()
        prompt.show()
        app.tray.menu.aboutToShow.emit()
        assert app.checkin_action.isVisible() and app.checkin_action.text() == "&Evening check-in…"
        app.checkin_action.trigger()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt.energy_buttons[1])
        prompt.hide()
        app.tray.menu.aboutToShow.emit()
        assert not app.checkin_action.isVisible()
    finally:
        close_app(app, close_store=False)
