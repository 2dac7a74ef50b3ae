"""One surface by the tray at a time (issue 16, point 2): the rules on their
own (service/surfaces.py), then the misfires seen in the running app: the
nudge over the tag popup, the tag popup over Breathe, the check-in behind
the tag popup, popups over the tray icon."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect, QSize

from companion.core.models import NudgeAnswer, NudgeReason, Rating
from companion.service.surfaces import Surface, SurfaceQueue
from companion.ui.placement import popup_position

from test_app import app  # noqa: F401 - the wired app, offscreen, as test_app.py builds it


# -- the rules, plain Python ------------------------------------------------------------------
class Shown:
    """What a fake surface was asked to do, in order."""

    def __init__(self):
        self.log: list[str] = []

    def surface(self, queue: SurfaceQueue, kind: Surface, name: str, worth=lambda: True, key=None) -> bool:
        def show():
            if not worth():
                self.log.append(f"skip {name}")
                return False
            self.log.append(f"show {name}")
            return True
        return queue.want(kind, show, lambda: self.log.append(f"aside {name}"), key=key)


def test_one_at_a_time_and_the_waiting_go_first_in_rank_then_in_order():
    shown, queue = Shown(), SurfaceQueue()
    assert shown.surface(queue, Surface.CHECKIN, "checkin")
    assert not shown.surface(queue, Surface.NOTICE, "first notice", key=(Surface.NOTICE, 1))
    assert not shown.surface(queue, Surface.NOTICE, "second notice", key=(Surface.NOTICE, 2))
    assert not shown.surface(queue, Surface.NUDGE, "nudge")
    assert queue.showing is Surface.CHECKIN
    assert queue.waiting == [(Surface.NOTICE, 1), (Surface.NOTICE, 2), Surface.NUDGE]
    queue.closed(Surface.CHECKIN)
    queue.closed((Surface.NOTICE, 1))
    queue.closed((Surface.NOTICE, 2))
    assert shown.log == ["show checkin", "show first notice", "show second notice", "show nudge"]


def test_the_surfaces_of_the_moment_set_a_lower_one_aside_and_it_comes_back_after():
    shown, queue = Shown(), SurfaceQueue()
    shown.surface(queue, Surface.NUDGE, "nudge")
    assert shown.surface(queue, Surface.TAGS, "tags")  # a call was logged: its tags now
    assert shown.surface(queue, Surface.AFTER_CALL, "after call")  # a call ended: ask now
    assert not shown.surface(queue, Surface.TAGS, "tags")  # never over the after-call question
    queue.closed(Surface.AFTER_CALL)
    queue.closed(Surface.TAGS)
    assert shown.log == ["show nudge", "aside nudge", "show tags", "aside tags", "show after call",
                         "show tags", "show nudge"]


def test_nothing_of_lower_or_the_same_rank_sets_another_aside():
    shown, queue = Shown(), SurfaceQueue()
    shown.surface(queue, Surface.TAGS, "tags")
    assert not shown.surface(queue, Surface.NOTICE, "notice")
    assert not shown.surface(queue, Surface.CHECKIN, "checkin")
    assert shown.surface(queue, Surface.TAGS, "newer tags")  # the same popup, for the newer call
    assert shown.log == ["show tags", "show newer tags"]


def test_while_held_nothing_shows_and_what_was_up_comes_back_after():
    shown, queue = Shown(), SurfaceQueue()
    shown.surface(queue, Surface.NOTICE, "notice")
    queue.hold()
    assert not shown.surface(queue, Surface.TAGS, "tags")  # not even of the moment
    assert queue.showing is None and queue.busy
    queue.release()
    queue.closed(Surface.TAGS)
    assert shown.log == ["show notice", "aside notice", "show tags", "show notice"]


def test_a_surface_no_longer_worth_showing_passes_its_turn_and_the_free_queue_says_so():
    freed = []
    shown, queue = Shown(), SurfaceQueue(on_free=lambda: freed.append(True))
    shown.surface(queue, Surface.TAGS, "tags")
    shown.surface(queue, Surface.NUDGE, "answered nudge", worth=lambda: False)
    shown.surface(queue, Surface.CHECKIN, "checkin")
    queue.closed(Surface.TAGS)
    assert shown.log == ["show tags", "skip answered nudge", "show checkin"]
    assert not freed
    queue.closed(Surface.CHECKIN)
    assert freed == [True] and not queue.busy


def test_one_closed_while_waiting_waits_no_more():
    shown, queue = Shown(), SurfaceQueue()
    shown.surface(queue, Surface.AFTER_CALL, "after call")
    shown.surface(queue, Surface.TAGS, "tags")
    queue.closed(Surface.TAGS)  # its call undone meanwhile
    queue.closed(Surface.AFTER_CALL)
    assert shown.log == ["show after call"]


def test_a_surface_hiding_itself_while_it_is_shown_is_no_close():
    queue = SurfaceQueue()
    queue.want(Surface.AFTER_CALL, lambda: queue.closed(Surface.AFTER_CALL) or True, lambda: None)
    assert queue.showing is Surface.AFTER_CALL


def test_once_stopped_nothing_more_is_shown_or_told_free():
    freed = []
    shown, queue = Shown(), SurfaceQueue(on_free=lambda: freed.append(True))
    shown.surface(queue, Surface.TAGS, "tags")
    shown.surface(queue, Surface.CHECKIN, "checkin")
    queue.stop()
    queue.closed(Surface.TAGS)  # the app quitting closes its windows
    queue.release()
    assert not shown.surface(queue, Surface.NOTICE, "notice")
    assert shown.log == ["show tags"] and not freed


# -- the app: the misfires ---------------------------------------------------------------------
def free_turn(app, qtbot) -> None:
    """The nudge is looked for on the event loop's next turn after the last surface went."""
    qtbot.waitUntil(lambda: not app.surfaces_free_timer.isActive())


def visible(widget) -> bool:
    return widget is not None and widget.isVisible()


def nudge_after_tags(app, qtbot):
    """A rough call's tag popup closed, and the nudge that waited for it: its toast."""
    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    app.windows.tag_popup.close()
    free_turn(app, qtbot)
    return app.nudges.toast


def test_a_nudge_due_while_the_tag_popup_shows_waits_and_comes_after_it_closes(app, qtbot):
    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    assert visible(app.windows.tag_popup)
    assert not visible(app.nudges.toast) and app.store.nudges() == []  # nothing over the tags
    app.windows.tag_popup.close()
    free_turn(app, qtbot)
    assert visible(app.nudges.toast)
    assert app.store.nudges()[0].reason is NudgeReason.ROUGH_STREAK


def test_the_tag_popup_set_over_a_nudge_puts_it_aside_and_it_comes_back_if_still_unanswered(app, qtbot):
    toast = nudge_after_tags(app, qtbot)
    app.log_call(Rating.OK)  # logged from the menu while the nudge asks: the tags belong to the moment
    app.log_call(Rating.GREAT)
    assert visible(app.windows.tag_popup) and not visible(toast)
    app.windows.tag_popup.close()
    assert visible(toast) and app.store.nudges()[0].answer is None


def test_a_nudge_that_went_unanswered_while_set_aside_is_not_shown_again(app, qtbot):
    toast = nudge_after_tags(app, qtbot)
    app.log_call(Rating.GREAT)
    toast.expire_timer.timeout.emit()  # its answer time ran out behind the tags
    assert app.store.nudges()[0].answer is NudgeAnswer.IGNORED
    app.windows.tag_popup.close()
    free_turn(app, qtbot)
    assert not visible(toast)


def test_the_tag_popup_waits_for_a_running_breathing_session_to_end(app, qtbot):
    app.open_breathe()
    breathe = app.windows.breathe
    assert breathe.running
    app.log_call(Rating.ROUGH)  # a shortcut or a script, while breathing
    assert not visible(app.windows.tag_popup)
    breathe.end_now()  # the rating question is still Breathe's own screen
    assert not visible(app.windows.tag_popup)
    breathe.rate(4)
    assert not breathe.isVisible()
    assert visible(app.windows.tag_popup) and app.windows.tag_popup.call.rating is Rating.ROUGH


def test_a_popup_up_when_breathe_starts_steps_aside_until_it_is_gone(app):
    app.log_call(Rating.ROUGH)
    popup = app.windows.tag_popup
    app.open_breathe()
    assert not popup.isVisible()
    app.windows.breathe.end_now()
    app.windows.breathe.skip()
    assert popup.isVisible()


def test_a_nudge_due_before_a_breath_is_not_shown_after_it(app, clock, qtbot):
    app.settings.set("rough_streak", 2)
    app.open_breathe()
    for _ in range(2):
        clock.advance(10)
        app.log_call(Rating.ROUGH)  # the rough run is there, but Breathe is up
    app.check_nudges()
    assert app.store.nudges() == []
    clock.advance(61)
    app.windows.breathe.tick()  # the breathing minute ends: the breath taken resets the run
    app.windows.breathe.skip()
    app.windows.tag_popup.close()
    free_turn(app, qtbot)
    app.check_nudges()  # and as the nudge timer would, later
    assert app.store.nudges() == [] and not visible(app.nudges.toast)


def evening(app, clock) -> None:
    clock.set_wall(clock.now().replace(hour=17, minute=31))  # the app ran from 09:00: a day worked


def test_the_check_in_waits_for_the_tag_popup_and_never_sits_behind_it(app, clock):
    evening(app, clock)
    app.log_call(Rating.ROUGH)
    app.checkin_timer.timeout.emit()
    assert visible(app.windows.tag_popup) and not visible(app.windows.checkin)
    app.windows.tag_popup.close()
    assert visible(app.windows.checkin)


def test_a_call_logged_while_the_check_in_asks_shows_its_tags_and_the_check_in_comes_back(app, clock):
    evening(app, clock)
    app.checkin_timer.timeout.emit()
    checkin = app.windows.checkin
    assert checkin.isVisible()
    app.log_call(Rating.ROUGH)
    assert visible(app.windows.tag_popup) and not checkin.isVisible()
    assert not checkin.idle_timer.isActive()  # set aside is not "left alone": its Later is kept
    app.windows.tag_popup.close()
    assert checkin.isVisible() and checkin.later_button.isVisibleTo(checkin)


def test_the_after_call_question_goes_before_the_tag_popup_and_a_notice_waits_for_both(app):
    app.log_call(Rating.ROUGH)
    app.calls.call_ended(SimpleNamespace(ask=True, minutes=4, logged=None))
    prompt = app.calls.prompt
    assert prompt.isVisible() and not app.windows.tag_popup.isVisible()
    app.tell("Companion", "Companion can save again.")
    (notice,) = app.windows.notices
    assert not notice.isVisible()
    prompt.close()  # left alone: skipped
    assert app.windows.tag_popup.isVisible() and not notice.isVisible()
    app.windows.tag_popup.close()
    assert notice.isVisible()


# -- never over the tray icon ------------------------------------------------------------------
# 1280 x 800 at 200 %: 640 x 400 to lay out in, with a popup taller than the room above the icon.
SMALL = QRect(0, 0, 640, 400)
TALL = QSize(340, 380)


@pytest.mark.parametrize("tray", [QRect(600, 378, 20, 20), QRect(600, 2, 20, 20)], ids=["bottom", "top"])
@pytest.mark.parametrize("area", [SMALL, QRect(0, 0, 640, 376), QRect(0, 24, 640, 376)],
                         ids=["no-struts", "bottom-panel", "top-panel"])
def test_a_popup_with_no_room_above_or_below_the_icon_goes_beside_it(tray, area):
    at = QRect(popup_position(TALL, tray, area, SMALL), TALL)
    assert not at.intersects(tray)
    assert area.contains(at) or at.height() > area.height()


def test_a_popup_that_fits_still_sits_above_a_bottom_icon_and_below_a_top_one():
    bottom, top = QRect(600, 378, 20, 20), QRect(600, 2, 20, 20)
    assert QRect(popup_position(QSize(340, 200), bottom, SMALL, SMALL), QSize(340, 200)).bottom() < bottom.top()
    assert popup_position(QSize(340, 200), top, SMALL, SMALL).y() > top.bottom()


@pytest.mark.parametrize("tray", [QRect(606, 374, 24, 24), QRect(606, 2, 24, 24)], ids=["bottom", "top"])
def test_no_surface_by_the_tray_covers_the_tray_icon(app, clock, qtbot, tray, monkeypatch):
    from PySide6.QtGui import QScreen

    # A panel at the bottom-right or top-right of 1280 x 800 at 200 %, and a
    # queue's dozen tags of its own: the tag popup is taller than the room above the icon.
    monkeypatch.setattr(QScreen, "geometry", lambda _screen: SMALL)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: SMALL)
    monkeypatch.setattr(app.tray, "geometry", lambda: tray)
    for n in range(12):
        app.service.add_tag(f"topic {n + 1}")
    seen = {}

    def look(name, widget):
        assert widget.isVisible(), name
        seen[name] = widget.geometry()

    app.settings.set("rough_streak", 1)
    app.log_call(Rating.ROUGH)
    look("tags", app.windows.tag_popup)
    app.windows.tag_popup.close()
    free_turn(app, qtbot)
    look("nudge", app.nudges.toast)
    app.nudges.toast.close()
    app.calls.call_ended(SimpleNamespace(ask=True, minutes=4, logged=None))
    look("after call", app.calls.prompt)
    app.calls.prompt.close()
    app.tell("Companion", "Today's backup of your data could not be made.")
    look("notice", app.windows.notices[-1])
    app.windows.notices[-1].close()
    evening(app, clock)
    app.checkin_timer.timeout.emit()
    look("check-in", app.windows.checkin)
    assert {name: rect for name, rect in seen.items() if rect.intersects(tray)} == {}
    assert len(seen) == 5


def test_notices_take_turns_and_a_closed_one_is_let_go(app, qtbot):
    app.tell("Companion", "The first message.")
    app.tell("Companion", "The second message.")
    first, second = app.windows.notices
    assert first.isVisible() and not second.isVisible()
    first.close()  # it deletes itself
    assert second.isVisible()
    qtbot.waitUntil(lambda: len(app.windows.notices) == 1)
    app.tell("Companion", "The third message.")
    assert [n.body.text() for n in app.windows.notices] == ["The second message.", "The third message."]
    app.windows.notices[0].close()
    assert app.windows.notices[-1].isVisible()
    app.windows.notices[-1].close()
