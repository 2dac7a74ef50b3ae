"""One surface by the tray at a time (issue 16, point 2): the rules on their
own (service/surfaces.py); popups beside the tray icon, never over it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize

from companion.service.surfaces import Surface, SurfaceQueue
from companion.ui.placement import popup_position


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
