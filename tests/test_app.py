"""The wired app, offscreen: tray actions reach the store and the windows,
nudges come and are answered, all on a FakeClock."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from companion.core.models import NudgeAnswer, NudgeReason, Rating
from companion.core.selfcheck import LONGEST_WAIT_MS

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


class FakeMic:
    def __init__(self):
        self.calls = []

    def mute(self):
        from companion.platform.mic import NOT_SUPPORTED

        self.calls.append("mute")
        return NOT_SUPPORTED

    def restore(self):
        self.calls.append("restore")


@pytest.fixture
def app(qtbot, clock, store, settings):
    from companion.app import CompanionApp, make_qt_app

    make_qt_app()
    companion = CompanionApp(clock=clock, store=store, settings=settings, microphone=FakeMic())
    companion.start()
    companion.settle()
    yield companion
    for widget in (companion.windows.breathe, companion.windows.tag_popup, companion.nudges.toast, companion.windows.settings_dialog,
                   companion.windows.welcome, companion.calls.prompt, companion.windows.checkin):
        if widget is not None:
            widget.close()
    companion.stop()


def tags_closed(app, qtbot) -> None:
    """Close the tag popup of the call just logged; the nudge waiting for it
    is looked for on the next turn of the event loop."""
    app.windows.tag_popup.close()
    qtbot.waitUntil(lambda: not app.surfaces_free_timer.isActive())


def plain(text: str) -> str:
    """A menu item's words as shown: "&&" is an "&", a single "&" marks the Alt letter."""
    return "&".join(part.replace("&", "") for part in text.split("&&"))


def menu_action(app, text):
    for action in app.tray.menu.actions():
        if plain(action.text()) == text:
            return action
    raise AssertionError(f"no menu item {text!r} in {[a.text() for a in app.tray.menu.actions()]}")


def items(app):
    """What the menu offers to do: no separators, no status lines."""
    return [a for a in app.tray.menu.actions() if a.text() and a.objectName() != "status"]


def status(app) -> list[str]:
    return [plain(a.text()) for a in app.tray.menu.actions() if a.objectName() == "status" and a.isVisible()]


def test_menu_has_the_everyday_actions(app):
    texts = [plain(a.text()) for a in items(app)]
    assert texts[:5] == ["Mute & breathe", "Rough call", "OK call", "Great call", "Undo last call"]
    assert "Take a break" in texts and "Settings…" in texts and "Quit Companion" in texts


def test_the_menu_and_the_tooltip_say_how_things_are(app, clock):
    def tooltip():
        return app.tray.icon.toolTip().splitlines()

    # At the top, before any action, lines that cannot be chosen.
    first = app.tray.menu.actions()[0]
    assert first.objectName() == "status" and not first.isEnabled()
    assert status(app) == ["Calls today: 0"]
    assert tooltip() == ["Companion: click to breathe for a minute", "Calls today: 0"]

    for _ in range(2):
        clock.advance(60)
        menu_action(app, "Rough call").trigger()
    app.service.log_call(Rating.ROUGH)  # as the socket's `companion log rough` does: no menu involved
    assert status(app) == ["Calls today: 3, 3 rough in a row"]

    menu_action(app, "Take a break").trigger()
    menu_action(app, "Pause nudges for an hour").trigger()
    assert status(app) == ["On a break", "Nudges paused until 10:02", "Calls today: 3"]
    assert tooltip()[1:] == status(app)
    assert plain(app.tray.pause_action.text()) == "Resume nudges now"  # until when is said above
    menu_action(app, "End break, I'm back").trigger()
    menu_action(app, "Resume nudges now").trigger()
    assert status(app) == ["Calls today: 3"]

    # This FakeMic cannot mute: the tray says so first, with a warning sign.
    app.open_breathe()
    assert status(app)[0] == "Microphone NOT muted" and tooltip()[1] == "Microphone NOT muted"
    assert not app.tray.status_actions[0].icon().isNull()
    app.windows.breathe.end_now()
    assert status(app) == ["Calls today: 3"] and app.tray.status_actions[0].icon().isNull()


def test_the_mic_muted_for_breathing_is_said_in_the_tray(app):
    from companion.platform.mic import MUTED

    app._microphone.mute = lambda: MUTED  # as a mixer that muted it would answer
    app.open_breathe()
    assert status(app)[0] == "Microphone muted for breathing"
    assert app.tray.status_actions[0].icon().isNull()  # nothing to warn about
    app.windows.breathe.close()
    assert "Microphone" not in " ".join(status(app))


def test_every_menu_item_has_an_alt_letter_of_its_own(app, monkeypatch):
    def letters():
        found = {}
        for action in items(app):
            marks = re.findall(r"&(.)", action.text().replace("&&", ""))
            assert len(marks) == 1, f"{action.text()!r} has {len(marks)} Alt letters"
            found.setdefault(marks[0].lower(), []).append(plain(action.text()))
        shared = {letter: texts for letter, texts in found.items() if len(texts) > 1}
        assert not shared, shared
        return set(found)

    assert len(letters()) == len(items(app)) == 14  # the evening check-in's item among them
    # The items that change their words keep their letter.
    menu_action(app, "Take a break").trigger()
    menu_action(app, "Pause nudges for an hour").trigger()
    monkeypatch.setattr(app.service, "selfcheck_due", lambda: True)
    monkeypatch.setattr(app, "tell", lambda *_: None)
    app.offer_selfcheck()
    assert plain(app.selfcheck_action.text()) == "Self-check (due)…"
    assert letters() == {"m", "r", "o", "g", "u", "b", "n", "w", "c", "d", "h", "e", "s", "q"}


def test_left_click_opens_breathe_at_once(app):
    app.tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert app.windows.breathe.isVisible()
    assert "Breathe" in app.windows.breathe.windowTitle()
    assert app.microphone.calls == ["mute"]
    assert app.store.read("SELECT count(*) FROM breaths")[0][0] == 1


def test_right_click_menu_logs_a_call_in_one_click(app):
    menu_action(app, "OK call").trigger()
    assert app.store.last_call().rating is Rating.OK
    assert menu_action(app, "Undo last call").isEnabled()


def test_rough_call_offers_tags_without_taking_focus(app):
    menu_action(app, "Rough call").trigger()
    popup = app.windows.tag_popup
    assert popup.isVisible()
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_undo_removes_the_last_call(app):
    menu_action(app, "Great call").trigger()
    menu_action(app, "Undo last call").trigger()
    assert app.store.count_calls() == 0
    assert not menu_action(app, "Undo last call").isEnabled()


def test_three_rough_calls_bring_a_nudge_and_the_answer_is_stored(app, clock, qtbot):
    for _ in range(3):
        clock.advance(120)
        menu_action(app, "Rough call").trigger()
    app.windows.tag_popup.close()  # the nudge waits for the call's tag popup (tests/test_surfaces.py)
    qtbot.waitUntil(lambda: app.nudges.toast is not None and app.nudges.toast.isVisible())
    toast = app.nudges.toast
    assert toast is not None and toast.isVisible()
    (nudge,) = app.store.nudges()
    assert nudge.reason is NudgeReason.ROUGH_STREAK
    toast.answered.emit(nudge.id, "breathe")
    assert app.store.nudges()[0].answer is NudgeAnswer.BREATHE
    assert app.windows.breathe.isVisible()


def test_breathe_opened_from_the_tray_while_a_nudge_waits_is_its_yes(app, clock, qtbot):
    for _ in range(3):
        clock.advance(120)
        menu_action(app, "Rough call").trigger()
    app.windows.tag_popup.close()
    qtbot.waitUntil(lambda: app.nudges.toast is not None and app.nudges.toast.isVisible())
    app.tray.breathe_requested.emit()  # a click on the icon, not the nudge's button
    assert app.windows.breathe.isVisible()
    assert app.store.nudges()[0].answer is NudgeAnswer.BREATHE
    assert not app.nudges.toast.waiting  # it does not come back after the breathing
    count = app.store._db.execute("SELECT count(*) FROM breaths").fetchone()[0]
    assert count == 1  # one session, not a second one started by the answer


def test_breathe_opened_while_a_nudge_notification_is_up_takes_it_down(app, clock, monkeypatch, qtbot):
    closed = []
    monkeypatch.setattr(app.notifier, "notify", lambda *a, **k: 9)
    monkeypatch.setattr(app.notifier, "close", closed.append)
    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    tags_closed(app, qtbot)
    assert app.nudges._notified is not None
    app.open_breathe()  # the global shortcut
    assert closed == [9]  # not left over the Breathe window
    assert app.store.nudges()[0].answer is NudgeAnswer.BREATHE


def test_breathing_session_resets_the_rough_run(app, clock):
    for _ in range(2):
        clock.advance(60)
        menu_action(app, "Rough call").trigger()
    assert app.nudger.rough_run == 2
    app.open_breathe()
    clock.advance(61)
    app.windows.breathe.tick()
    assert app.nudger.rough_run == 0


def test_break_is_recorded_with_its_end(app, clock):
    menu_action(app, "Take a break").trigger()
    assert menu_action(app, "End break, I'm back").isEnabled()
    clock.advance(600)
    menu_action(app, "End break, I'm back").trigger()
    row = app.store.read("SELECT started_at, ended_at FROM breaks")[0]
    assert row[0] < row[1]


def test_pause_nudges_for_an_hour_survives_a_restart(app, clock, store, settings):
    from companion.app import CompanionApp

    menu_action(app, "Pause nudges for an hour").trigger()
    assert app.nudger.paused_until is not None
    again = CompanionApp(clock=clock, store=store, settings=settings, microphone=FakeMic())
    assert again.nudger.paused_until == app.nudger.paused_until
    assert "Resume nudges" in plain(again.tray.pause_action.text())


def test_nudge_timer_is_single_shot_and_set_to_the_next_possible_nudge(app):
    assert app.nudge_timer.isSingleShot()
    assert app.nudge_timer.isActive()
    assert 0 < app.nudge_timer.remainingTime() <= 15 * 60 * 1000 + 1000  # coarse timers may round up


def test_long_stretch_nudge_comes_on_the_timer(app, clock):
    clock.advance(90 * 60)
    app.nudge_timer.timeout.emit()
    (nudge,) = app.store.nudges()
    assert nudge.reason is NudgeReason.LONG_STRETCH


def test_undo_reaches_a_call_logged_by_a_script_but_not_an_old_one(app, clock, store):
    store.log_call(Rating.ROUGH)  # as `companion log rough` would, from outside the app
    app.tray.menu.aboutToShow.emit()
    assert menu_action(app, "Undo last call").isEnabled()
    clock.advance(16 * 60)
    app.tray.menu.aboutToShow.emit()
    assert not menu_action(app, "Undo last call").isEnabled()
    menu_action(app, "Undo last call").trigger()
    assert store.count_calls() == 1


def test_first_run_opens_the_welcome_once(app, clock, store, settings):
    from companion.app import CompanionApp

    assert app.welcome_timer.isActive()
    app.welcome_timer.timeout.emit()
    assert app.windows.welcome.isVisible()
    app.windows.welcome.skip()
    assert store.get_meta("welcomed") is not None
    again = CompanionApp(clock=clock, store=store, settings=settings, microphone=FakeMic())
    again.start()
    again.settle()
    assert not again.welcome_timer.isActive()
    again.stop()


def test_the_welcome_waits_for_a_breath_started_before_it(app):
    """A first start, the icon clicked at once: the welcome does not cover the pacer mid-breath."""
    app.open_breathe()
    app.welcome_timer.timeout.emit()
    assert app.windows.welcome is None
    app.windows.breathe.close()
    assert app.windows.welcome.isVisible()


def test_no_welcome_while_quitting_during_a_breath(app, monkeypatch):
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(QApplication, "quit", lambda *a: None)
    app.open_breathe()
    app.welcome_timer.timeout.emit()
    menu_action(app, "Quit Companion").trigger()
    assert not app.windows.breathe.isVisible()
    assert app.windows.welcome is None


def test_settings_change_applies_at_once(app, qtbot):
    app.open_settings()
    assert app.windows.settings_dialog.isVisible()
    app.settings.set("rough_streak", 2)
    for _ in range(2):
        menu_action(app, "Rough call").trigger()
    tags_closed(app, qtbot)
    assert app.store.nudges()[0].reason is NudgeReason.ROUGH_STREAK


def test_quit_restores_the_microphone(app, monkeypatch):
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(QApplication, "quit", lambda *a: None)
    app.open_breathe()
    menu_action(app, "Quit Companion").trigger()
    assert app.microphone.calls[-1] == "restore"


def test_damaged_data_and_settings_files_still_start_with_a_plain_message(qtbot, clock):
    from companion.app import CompanionApp, make_qt_app
    from companion.core import paths

    make_qt_app()
    paths.database_path().write_bytes(b"not a database" * 200)
    paths.settings_path().write_text("rough_streak = = 3\n")
    companion = CompanionApp(clock=clock, microphone=FakeMic())
    shown = []
    companion.tell = lambda title, text: shown.append(text)
    companion.start()
    companion.settle()
    companion.welcome_timer.timeout.emit()
    companion.stop()
    assert any("fresh one was started" in text and "damaged" in text for text in shown)
    assert any("could not be read" in text and ".bak" in text for text in shown)
    companion.log_call(Rating.OK)
    assert companion.store.count_calls() == 1


class FakePresence:
    poll_interval = 5.0
    supported = True
    platform = "elsewhere"  # no sound-server events here: the watch polls on its timer

    def __init__(self):
        self.in_use = False

    def mic_in_use(self):
        return self.in_use


@pytest.fixture
def on_call_app(qtbot, clock, store, settings):
    from companion.app import CompanionApp, make_qt_app

    make_qt_app()
    presence = FakePresence()
    companion = CompanionApp(clock=clock, store=store, settings=settings, microphone=FakeMic(),
                             presence=presence)
    companion.start()
    companion.settle()
    yield companion, presence
    for widget in (companion.calls.prompt, companion.windows.tag_popup, companion.nudges.toast):
        if widget is not None:
            widget.close()
    companion.stop()


def poll(app):
    app.calls.presence_watch.timer.timeout.emit()


def test_nudges_wait_while_a_call_is_live_and_the_call_is_asked_about_after(on_call_app, clock, qtbot):
    app, presence = on_call_app
    assert app.calls.presence_watch.active
    for _ in range(3):
        app.store.log_call(Rating.ROUGH)
        clock.advance(60)
    presence.in_use = True
    poll(app)
    app.check_nudges()
    assert app.store.nudges() == []  # on a call: the nudge waits
    clock.advance(4 * 60)
    presence.in_use = False
    poll(app)
    prompt = app.calls.prompt
    assert prompt.isVisible() and "4 min" in prompt.message.text()
    prompt.buttons["rough"].click()
    assert app.store.last_call().rating is Rating.ROUGH
    tags_closed(app, qtbot)
    assert app.store.nudges()[0].reason is NudgeReason.ROUGH_STREAK  # and now it comes


def test_a_blip_on_the_microphone_is_not_a_call(on_call_app, clock):
    app, presence = on_call_app
    presence.in_use = True
    poll(app)
    clock.advance(5)
    presence.in_use = False
    poll(app)
    assert app.calls.prompt is None


def test_turning_call_awareness_off_stops_polling(on_call_app):
    app, _ = on_call_app
    app.settings.set("call_awareness", False)
    assert not app.calls.presence_watch.active
    app.settings.set("call_awareness", True)
    assert app.calls.presence_watch.active


def test_nudge_goes_to_the_desktop_notification_when_a_server_takes_it(app, clock, monkeypatch, qtbot):
    sent, answers = [], []
    monkeypatch.setattr(app.notifier, "notify", lambda title, text, actions, expire_ms, on_action, on_close, click: sent.append(
        [key for key, _ in actions]) or answers.append(on_action) or 7)
    monkeypatch.setattr(app.notifier, "close", lambda note: sent.append(("closed", note)))
    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    assert sent == []  # the notification too waits for the call's tag popup
    tags_closed(app, qtbot)
    assert sent == [["breathe", "snooze", "not_now"]]
    assert app.nudges.toast is None  # no second popup beside the notification
    answers[0]("snooze")  # the button pressed on that notification
    assert app.store.nudges()[0].answer is NudgeAnswer.SNOOZE
    assert sent[-1] == ("closed", 7)


def test_unanswered_notification_is_noted_as_ignored(app, monkeypatch, qtbot):
    monkeypatch.setattr(app.notifier, "notify", lambda *a, **k: True)
    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    tags_closed(app, qtbot)
    assert app.nudge_expiry.isActive()
    app.nudge_expiry.timeout.emit()
    assert app.store.nudges()[0].answer is NudgeAnswer.IGNORED


def test_start_at_login_setting_writes_and_removes_the_autostart_entry(app, private_dirs):
    entry = private_dirs / "config" / "autostart" / "companion.desktop"
    app.settings.set("start_at_login", True)
    assert entry.exists() and "Exec=" in entry.read_text()
    app.settings.set("start_at_login", False)
    assert not entry.exists()


def test_looking_back_windows_open_from_the_menu(app):
    menu_action(app, "Your weeks").trigger()
    assert app.windows.review.isVisible() and app.windows.review.windowTitle()
    menu_action(app, "Words that help…").trigger()
    assert app.windows.words.isVisible()
    menu_action(app, "History…").trigger()
    assert app.windows.history.isVisible()
    for window in (app.windows.review, app.windows.words, app.windows.history):
        window.close()


def test_after_breathing_the_words_card_sits_beside_the_question(app, clock):
    app.open_breathe(seconds=30)
    clock.advance(31)
    app.windows.breathe.tick()
    assert app.windows.breathe.words_panel.isVisible()
    assert app.windows.breathe.width() >= 820


def test_self_check_is_offered_once_when_due(app, clock, monkeypatch):
    told = []
    app.tell = lambda title, text: told.append(title)
    monkeypatch.setattr("companion.core.selfcheck.selfcheck_due", lambda *a: True)
    app.offer_selfcheck()
    app.offer_selfcheck()
    assert told == ["A short self-check"]
    assert menu_action(app, "Self-check (due)…").isEnabled()


def test_the_evening_check_in_is_built_only_when_it_is_due(app, clock):
    assert app.windows.checkin is None and app.checkin_timer.isActive()
    clock.set_wall(clock.now().replace(hour=17, minute=31))
    app.checkin_timer.timeout.emit()
    assert app.windows.checkin is not None and app.windows.checkin.isVisible()
    app.windows.checkin.energy_buttons[3].click()
    # Answered: the one timer sleeps again, at most an hour at a time, until tomorrow.
    assert not app.windows.checkin.isVisible()
    assert app.checkin_timer.isActive() and app.checkin_timer.interval() == LONGEST_WAIT_MS


def test_a_later_rearms_the_one_timer_for_the_snooze_time_and_then_for_tomorrow(app, clock):
    clock.set_wall(clock.now().replace(hour=17, minute=31))  # the app ran from 09:00: a day worked
    app.checkin_timer.timeout.emit()
    app.windows.checkin.later_button.click()
    assert app.checkin_timer.isActive() and app.checkin_timer.interval() == 10 * 60_000
    clock.advance(10 * 60)
    app.checkin_timer.timeout.emit()
    assert app.windows.checkin.isVisible() and not app.windows.checkin.later_button.isVisibleTo(app.windows.checkin)
    app.windows.checkin.snooze()  # left alone the second time: not this evening
    assert not app.windows.checkin.isVisible()
    assert app.checkin_timer.isActive() and app.checkin_timer.interval() == LONGEST_WAIT_MS


def test_stopping_leaves_no_timer_running(app, clock):
    from PySide6.QtCore import QTimer

    clock.set_wall(clock.now().replace(hour=17, minute=31))
    app.checkin_timer.timeout.emit()
    app.windows.checkin.snooze()
    assert any(timer.isActive() for timer in app.findChildren(QTimer))
    app.stop()
    assert not any(timer.isActive() for timer in app.findChildren(QTimer))
    assert not app.windows.checkin.idle_timer.isActive() and not app.tray.icon.isVisible()


def test_the_review_opens_with_the_weeks_asked_for_and_keeps_the_remembered_choice(app, qtbot, settings):
    remembered = settings["review_weeks"]
    app.open_review(8)  # `companion review --weeks 8` with the app running
    window = app.windows.review
    qtbot.waitUntil(lambda: window.chart is not None, timeout=10_000)
    assert window.isVisible() and len(window.weeks) == 8
    app.open_review(20)  # the same window, now with 20 weeks
    assert app.windows.review is window and len(window.weeks) == 20 and window.weeks_spin.value() == 20
    app.open_review()  # from the tray menu: as it is
    assert len(window.weeks) == 20
    assert settings["review_weeks"] == remembered
    window.close()


def test_without_a_tray_the_window_says_the_status_lines_as_words(app, qtbot):
    from PySide6.QtWidgets import QLabel

    from companion.ui.no_tray import NoTrayWindow

    window = NoTrayWindow(app.tray.menu)
    qtbot.addWidget(window)
    window.show()

    def lines():
        return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]

    assert "Calls today: 0" in lines()
    assert [b.accessibleName() for b in window.buttons][:2] == ["Mute & breathe", "Rough call"]  # no "&" read out
    assert window.buttons[0].text() == "&Mute && breathe"  # Alt+M here too
    menu_action(app, "Take a break").trigger()
    assert "On a break" in lines() and "Calls today: 0" in lines()
    assert not any(b.text() == "On a break" for b in window.buttons)


def test_without_a_tray_the_check_in_button_shows_only_while_one_waits(app, qtbot, monkeypatch):
    from companion.ui.no_tray import NoTrayWindow

    window = NoTrayWindow(app.tray.menu)
    qtbot.addWidget(window)
    window.show()

    def checkin_button():
        [button] = [b for b in window.buttons if b.accessibleName() == "Evening check-in"]
        return button

    assert not checkin_button().isVisible()  # nothing waiting: no dead button
    due = [True]
    monkeypatch.setattr(app.service, "checkin_due", lambda: due[0])
    app._checkin_due()  # its time comes: the prompt by the tray, and the button with it
    assert checkin_button().isVisible()
    due[0] = False  # what the service says once today's is skipped
    app.windows.checkin.skip()
    assert not checkin_button().isVisible()


@pytest.mark.qt_log_ignore(r"^This plugin does not support grabbing the keyboard$", extend=True)  # offscreen
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_menu_screenshots(app, clock, theme):
    """test-artifacts/tray-menu-*.png, for a person to look at: the menu while
    breathing with a mic that could not be muted, on a break, nudges paused."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication
    from ui_gallery import set_palette

    set_palette(dark=theme == "dark")
    try:
        for rating in (Rating.ROUGH, Rating.ROUGH, Rating.OK, Rating.ROUGH):
            app.service.log_call(rating)
        app.service.take_break()
        app.service.pause_nudges(45)
        app.open_breathe()
        menu = app.tray.menu
        menu.popup(QPoint(40, 40))
        QApplication.processEvents()
        ARTIFACTS.mkdir(exist_ok=True)
        assert menu.grab().save(str(ARTIFACTS / f"tray-menu-{theme}.png"))
        menu.hide()
    finally:
        set_palette(dark=False)
        QApplication.processEvents()


def test_the_start_shows_the_icon_before_building_the_menu(qtbot):
    # companion/start.py's way: the icon (with its tooltip) first, the menu on the next turn.
    from PySide6.QtGui import QIcon

    from companion.ui.tray import Tray

    tray = Tray(QIcon(), menu_later=True)
    assert tray.menu is None and tray.icon.contextMenu() is None
    assert tray.icon.toolTip() == "Companion: click to breathe for a minute"
    tray.build_menu()
    tray.build_menu()  # once only
    texts = [a.text() for a in tray.menu.actions()]
    assert tray.icon.contextMenu() is tray.menu and texts.count("&Rough call") == 1
