"""Where no window of ours can stay quiet by the tray (Wayland sessions),
what Companion shows on its own goes out as a desktop notification with the
popup's choices as buttons, and a window opens only when a button asks for
it. The decision per desktop; then the wired app against a test
notification service on a private session bus (buttons pressed by the
service, as a person would press them); then the same app with no server."""

from __future__ import annotations

import pytest
from faults import QuietMic, close_app
from test_notify import Service, session_bus  # noqa: F401 - fixture: a private dbus-daemon

from companion.core.models import Rating
from companion.platform.display import popups_by_the_tray
from companion.service.calls import CallEnded, CallSource


@pytest.mark.parametrize(("platform", "environ", "quiet"), [
    ("xcb", {"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, True),
    ("xcb", {"DISPLAY": ":0"}, True),
    ("wayland", {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ("xcb", {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, False),  # Xwayland
    ("xcb", {"WAYLAND_DISPLAY": "wayland-1", "DISPLAY": ":1"}, False),
    ("windows", {}, True),
    ("cocoa", {}, True),
    ("offscreen", {}, True),
])
def test_which_desktops_let_a_popup_by_the_tray_stay_quiet(platform, environ, quiet):
    assert popups_by_the_tray(platform, environ) is quiet


@pytest.fixture
def notified_app(qtbot, clock, store, settings, session_bus):  # noqa: F811
    """The app as on a Wayland desktop, its notifications going to the test service."""
    from companion.app import CompanionApp, make_qt_app
    from companion.platform.notify import Notifier

    make_qt_app()
    app = CompanionApp(clock=clock, store=store, settings=settings, microphone=QuietMic())
    app.follow_ups.by_the_tray = False
    app._notifier = Notifier(bus=session_bus.connection, parent=app)
    app.service.mark_welcomed()
    app.settle()
    yield app
    close_app(app, close_store=False)


@pytest.fixture
def server(session_bus):  # noqa: F811
    running = Service(session_bus)
    yield running
    running.stop()


def notification(server) -> dict:
    said = server.next()
    assert said["call"] == "Notify", said
    return said


def pairs(actions: list[str]) -> list[tuple[str, str]]:
    return list(zip(actions[::2], actions[1::2]))


def press(qtbot, server, note: dict, key: str, until) -> None:
    server.tell(f"action {note['id']} {key}")
    qtbot.waitUntil(until, timeout=5000)


def test_a_rough_call_brings_a_notification_not_the_tag_popup_and_undo_undoes_it(qtbot, notified_app, server):
    app = notified_app
    app.log_call(Rating.ROUGH)
    note = notification(server)
    assert note["summary"] == "Rough call logged"
    # A click on the notification itself (the spec's "default") adds tags too; mako has no buttons.
    assert pairs(note["actions"]) == [("tags", "Add tags…"), ("undo", "Undo"), ("default", "Add tags…")]
    assert note["timeout"] == 0  # it stays until answered, as the popup did
    assert app.windows.tag_popup is None  # no window of ours came by itself
    press(qtbot, server, note, "undo", lambda: app.store.calls() == [])


def test_add_tags_opens_the_tag_popup_for_that_call(qtbot, notified_app, server):
    app = notified_app
    call = app.log_call(Rating.GREAT)
    note = notification(server)
    assert note["summary"] == "Great call logged"
    press(qtbot, server, note, "tags", lambda: app.windows.tag_popup is not None and app.windows.tag_popup.isVisible())
    assert app.windows.tag_popup.call.id == call.id
    assert [c.rating for c in app.store.calls()] == [Rating.GREAT]  # still logged


def test_a_click_on_the_notification_itself_opens_the_tag_popup(qtbot, notified_app, server):
    app = notified_app
    app.log_call(Rating.ROUGH)
    press(qtbot, server, notification(server), "default",
          lambda: app.windows.tag_popup is not None and app.windows.tag_popup.isVisible())
    assert len(app.store.calls()) == 1  # nothing undone


def test_a_click_on_the_nudge_itself_is_a_yes(qtbot, notified_app, server):
    from companion.core.models import NudgeAnswer

    app = notified_app
    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    notification(server)  # the call's own
    nudge = notification(server)
    assert nudge["summary"] == "A moment for you"
    assert pairs(nudge["actions"])[-1] == ("default", "Breathe now")
    press(qtbot, server, nudge, "default", lambda: app.store.nudges()[0].answer is NudgeAnswer.BREATHE)


def test_undo_from_an_older_notification_never_undoes_a_newer_call(qtbot, notified_app, server):
    app = notified_app
    app.log_call(Rating.ROUGH)
    first = notification(server)
    app.log_call(Rating.OK)  # an OK call brings no follow-up
    server.tell(f"action {first['id']} undo")
    qtbot.wait(300)  # the press arrives; nothing may change
    assert [c.rating for c in app.store.calls()] == [Rating.OK, Rating.ROUGH]


def test_the_after_call_question_is_a_notification_whose_buttons_log_the_call(qtbot, notified_app, server):
    app = notified_app
    app.calls.call_ended(CallEnded(CallSource.MICROPHONE, 4, ask=True))
    note = notification(server)
    assert note["summary"] == "How was that call?"
    assert "about 4 min" in note["body"]
    assert pairs(note["actions"]) == [("rough", "Rough"), ("ok", "OK"), ("great", "Great")]
    assert app.calls.prompt is None  # no window of ours
    press(qtbot, server, note, "ok", lambda: [c.rating for c in app.store.calls()] == [Rating.OK])


def test_a_dismissed_after_call_question_logs_nothing(qtbot, notified_app, server, monkeypatch):
    app = notified_app
    checked = []
    monkeypatch.setattr(app.calls, "_check_nudges", lambda: checked.append(True))
    app.calls.call_ended(CallEnded(CallSource.HOOK, 2, ask=True))
    note = notification(server)
    server.tell(f"close {note['id']} 2")  # dismissed by the person
    qtbot.waitUntil(lambda: checked == [True], timeout=5000)  # skipped: a nudge may be weighed now
    assert app.store.calls() == []


def test_a_newer_after_call_question_replaces_the_older_without_counting_it_skipped(qtbot, notified_app, server,
                                                                                   monkeypatch):
    app = notified_app
    checked = []
    monkeypatch.setattr(app.calls, "_check_nudges", lambda: checked.append(True))
    app.calls.call_ended(CallEnded(CallSource.MICROPHONE, 2, ask=True))
    first = notification(server)
    app.calls.call_ended(CallEnded(CallSource.MICROPHONE, 5, ask=True))
    assert server.next() == {"call": "CloseNotification", "id": first["id"]}  # the older one taken down
    second = notification(server)
    assert "about 5 min" in second["body"]
    press(qtbot, server, second, "great", lambda: [c.rating for c in app.store.calls()] == [Rating.GREAT])
    server.tell(f"close {second['id']} 2")  # the server closes it after the press
    qtbot.wait(200)
    assert checked == []  # neither the replaced question nor the answered one counted as skipped


def test_the_check_in_is_offered_by_notification_and_opens_when_asked(qtbot, notified_app, server, monkeypatch):
    from PySide6.QtWidgets import QApplication

    app = notified_app
    monkeypatch.setattr(app.service, "checkin_due", lambda: True)
    monkeypatch.setattr(app.service, "checkin_later_left", lambda: True)
    app.windows.offer_checkin(not_due=lambda: pytest.fail("it is due"))
    note = notification(server)
    assert note["summary"] == "Evening check-in"
    assert pairs(note["actions"]) == [("open", "Check in…"), ("later", "Later"), ("default", "Check in…")]
    assert app.windows.checkin is None or not app.windows.checkin.isVisible()
    app.tray.menu.aboutToShow.emit()
    assert app.checkin_action.isVisible()  # reachable from the menu as well
    press(qtbot, server, note, "open", lambda: app.windows.checkin is not None and app.windows.checkin.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is app.windows.checkin.energy_buttons[1])  # asked for: keys work


def test_later_on_the_check_in_notification_puts_it_off(qtbot, notified_app, server, monkeypatch):
    app = notified_app
    monkeypatch.setattr(app.service, "checkin_due", lambda: True)
    monkeypatch.setattr(app.service, "checkin_later_left", lambda: True)
    put_off = []
    monkeypatch.setattr(app.service, "put_off_checkin", lambda: put_off.append(True))
    app.windows.offer_checkin(not_due=lambda: None)
    press(qtbot, server, notification(server), "later", lambda: put_off == [True])
    assert not app.follow_ups.checkin_waiting


def test_a_notice_is_a_plain_notification_not_a_window(notified_app, server):
    app = notified_app
    app.windows.show_notice("Companion", "Companion can save again: new calls are logged as usual.")
    note = notification(server)
    assert (note["summary"], note["actions"]) == ("Companion", [])
    assert app.windows.notices == []


def test_with_no_notification_server_nothing_pops_up_unasked_and_notices_still_show(notified_app):
    app = notified_app  # the private bus has no notification service on it
    app.log_call(Rating.ROUGH)
    assert app.windows.tag_popup is None
    app.calls.call_ended(CallEnded(CallSource.MICROPHONE, 3, ask=True))
    assert app.calls.prompt is None
    app.windows.show_notice("Companion", "Something to know.")
    assert [n.isVisible() for n in app.windows.notices] == [True]  # never lost
