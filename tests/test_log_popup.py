"""The after-call tag popup and the shared popup placement."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QEnterEvent, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from companion.service import Service
from companion.core.models import GOOD_TAGS, NOTE_MAX, ROUGH_TAGS, Rating
from companion.ui.log import TagPopup
from companion.ui.placement import MARGIN, POPUP_FLAGS, place_near_tray, popup_position

# The offscreen platform cannot move windows in z-order or pass size hints on;
# it says so once per window, which is no fault of ours.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def settle() -> None:
    # Window activation arrives as queued window-system events; let them all through.
    for _ in range(6):
        QApplication.processEvents()


@pytest.fixture
def typing_window(qtbot):
    """A window the agent is typing into, like the CRM."""
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is edit and edit.hasFocus(), timeout=2000)
    return edit


@pytest.fixture
def popup(qtbot, store, settings):
    widget = TagPopup(Service(store, settings))
    qtbot.addWidget(widget)
    return widget


def screen_area() -> QRect:
    return QApplication.primaryScreen().availableGeometry()


# -- never stealing focus --------------------------------------------------------
def test_offscreen_platform_does_activate_new_windows(qtbot, typing_window):
    # Shows the focus test below has teeth: a plain popup window shown here takes activation.
    plain = QWidget(None, POPUP_FLAGS)
    qtbot.addWidget(plain)
    plain.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
    plain.resize(100, 50)
    plain.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is plain, timeout=2000)


def test_popup_does_not_take_focus(popup, store, typing_window):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    settle()
    assert popup.isVisible()
    assert QApplication.activeWindow() is typing_window
    assert typing_window.hasFocus()
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    flags = popup.windowFlags()
    for flag in (Qt.WindowType.Tool, Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowStaysOnTopHint):
        assert flags & flag == flag


# -- content per rating -----------------------------------------------------------
def test_rough_call_offers_rough_tags_and_a_kind_word(popup, store):
    popup.show_for(store.log_call(Rating.ROUGH))
    assert tuple(popup.tag_buttons) == ROUGH_TAGS
    assert popup.heading.text() == "Rough call logged"
    assert popup.kind_line.isVisible() and "about you" in popup.kind_line.text()


def test_great_call_offers_good_tags(popup, store):
    popup.show_for(store.log_call(Rating.GREAT))
    assert tuple(popup.tag_buttons) == GOOD_TAGS
    assert popup.heading.text() == "Great call logged"


def test_ok_call_has_a_short_list_and_no_kind_line(popup, store):
    popup.show_for(store.log_call(Rating.OK))
    assert popup.heading.text() == "OK call logged"
    assert 0 < len(popup.tag_buttons) <= 3
    assert not popup.kind_line.isVisible()


def test_tags_the_call_already_has_are_shown_and_kept(popup, store):
    call = store.log_call(Rating.ROUGH, tags=["policy change"])
    popup.show_for(call)
    assert popup.tag_buttons["policy change"].isChecked()
    popup.tag_buttons["angry"].click()
    assert store.call(call.id).tags == ("angry", "policy change")


# -- storing at once ----------------------------------------------------------------
def test_tag_toggles_are_stored_at_once(qtbot, popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    with qtbot.waitSignal(popup.changed, timeout=1000) as changed:
        popup.tag_buttons["abusive"].click()
    assert changed.args == [call.id]
    assert store.call(call.id).tags == ("abusive",)
    popup.tag_buttons["escalated"].click()
    assert store.call(call.id).tags == ("abusive", "escalated")
    popup.tag_buttons["abusive"].click()
    assert store.call(call.id).tags == ("escalated",)


def test_mood_is_one_at_a_time_and_stored_at_once(popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    popup.mood_buttons[4].click()
    assert store.call(call.id).mood == 4
    popup.mood_buttons[2].click()
    assert store.call(call.id).mood == 2
    assert [n for n, b in popup.mood_buttons.items() if b.isChecked()] == [2]
    popup.mood_buttons[2].click()  # clicking the chosen mood again clears it
    assert store.call(call.id).mood is None
    assert not any(b.isChecked() for b in popup.mood_buttons.values())


def test_note_is_stored_on_editing_finished(qtbot, popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    popup.note.setText("New fee on the bill again")
    with qtbot.waitSignal(popup.changed, timeout=1000):
        popup.note.editingFinished.emit()
    assert store.call(call.id).note == "New fee on the bill again"


def test_note_is_stored_when_the_popup_closes(popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    popup.note.setText("Asked for a supervisor")
    popup.close_button.click()
    assert not popup.isVisible()
    assert store.call(call.id).note == "Asked for a supervisor"


def test_a_note_too_long_is_explained_and_kept(popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    too_long = "x" * (NOTE_MAX + 1)
    popup.note.setText(too_long)
    popup.note.editingFinished.emit()
    assert popup.problem.isVisible()
    assert "at most" in popup.problem.text()
    assert not popup.saved_hint.isVisible(), "it must not claim everything is saved"
    assert store.call(call.id).note == ""
    assert not popup.close_timer.isActive()  # it must not vanish with the text
    popup.close()
    assert popup.isVisible(), "the first close gives a chance to fix the note"
    assert popup.note.text() == too_long
    popup.note.setText("short now")
    popup.note.editingFinished.emit()
    assert not popup.problem.isVisible()
    assert store.call(call.id).note == "short now"
    popup.close()
    assert not popup.isVisible()


def test_a_call_deleted_elsewhere_shows_a_message(popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    store.delete_call(call.id)
    popup.tag_buttons["angry"].click()
    assert popup.problem.isVisible()
    assert not popup.tag_buttons["angry"].isChecked()


# -- undo ------------------------------------------------------------------------------
def test_undo_deletes_the_call_and_says_so(qtbot, popup, store):
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    with qtbot.waitSignal(popup.undone, timeout=1000) as undone:
        popup.undo_button.click()
    assert undone.args == [call.id]
    assert store.call(call.id) is None
    assert not popup.isVisible()


# -- closing by itself -------------------------------------------------------------
def test_close_timer_uses_the_setting_and_keeps_the_data(popup, store, settings):
    settings.set("popup_seconds", 5)
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    assert popup.close_timer.isActive() and popup.close_timer.isSingleShot()
    assert popup.close_timer.interval() == 5000
    popup.tag_buttons["angry"].click()
    popup.mood_buttons[3].click()
    popup.note.setText("Hung up on me")
    popup.close_timer.timeout.emit()
    assert not popup.isVisible()
    stored = store.call(call.id)
    assert (stored.tags, stored.mood, stored.note) == (("angry",), 3, "Hung up on me")


def test_hovering_pauses_the_timer_and_leaving_restarts_it(popup, store):
    popup.show_for(store.log_call(Rating.ROUGH))
    assert popup.close_timer.isActive()
    inside = QPointF(10, 10)
    QApplication.sendEvent(popup, QEnterEvent(inside, inside, QPointF(popup.mapToGlobal(inside.toPoint()))))
    assert not popup.close_timer.isActive()
    QApplication.sendEvent(popup, QEvent(QEvent.Type.Leave))
    assert popup.close_timer.isActive()


def test_typing_a_note_pauses_the_timer(qtbot, popup, store):
    popup.show_for(store.log_call(Rating.ROUGH))
    settle()
    popup.activateWindow()  # the agent clicks into the popup
    popup.note.setFocus()
    qtbot.waitUntil(popup.note.hasFocus, timeout=2000)
    assert not popup.close_timer.isActive()
    popup.note.clearFocus()
    assert popup.close_timer.isActive()


def test_hiding_the_popup_keeps_the_note(popup, store):
    call = store.log_call(Rating.OK)
    popup.show_for(call)
    popup.note.setText("kept on hide")
    popup.hide()
    assert store.call(call.id).note == "kept on hide"
    assert not popup.close_timer.isActive()


def test_a_new_call_saves_the_previous_note_first(popup, store):
    first = store.log_call(Rating.ROUGH)
    popup.show_for(first)
    popup.note.setText("first note")
    second = store.log_call(Rating.GREAT)
    popup.show_for(second)
    assert store.call(first.id).note == "first note"
    assert popup.note.text() == ""
    assert tuple(popup.tag_buttons) == GOOD_TAGS
    shown = {b.text() for b in popup.findChildren(QPushButton)
             if b.isCheckable() and b.isVisible() and b not in popup.mood_buttons.values()}
    assert shown == {"Compliment", "Thanked", "Resolved"}, "the rough call's tags must be gone"


# -- placement ---------------------------------------------------------------------------
def inside(rect: QRect, area: QRect) -> bool:
    return area.contains(rect.topLeft()) and area.contains(rect.bottomRight())


def test_placement_without_a_tray_rect_is_bottom_right(popup, store):
    popup.show_for(store.log_call(Rating.ROUGH), QRect())
    area, box = screen_area(), popup.frameGeometry()
    assert inside(box, area)
    assert area.right() - box.right() == MARGIN
    assert area.bottom() - box.bottom() == MARGIN


def test_placement_next_to_a_bottom_tray_icon(popup, store):
    area = screen_area()
    tray = QRect(area.right() - 60, area.bottom() - 23, 24, 24)
    popup.show_for(store.log_call(Rating.ROUGH), tray)
    box = popup.frameGeometry()
    assert inside(box, area)
    assert box.bottom() < tray.top()


def test_placement_next_to_a_top_tray_icon(popup, store):
    area = screen_area()
    tray = QRect(area.center().x(), area.top(), 24, 24)
    place_near_tray(popup, tray)
    box = popup.frameGeometry()
    assert inside(box, area)
    assert box.top() > tray.bottom()
    assert abs(box.center().x() - tray.center().x()) <= 1


def test_placement_with_an_empty_rect_in_the_upper_half_is_top_right(popup):
    area = screen_area()
    place_near_tray(popup, QRect(area.right() - 30, area.top(), 0, 24))
    box = popup.frameGeometry()
    assert inside(box, area)
    assert box.top() - area.top() == MARGIN and area.right() - box.right() == MARGIN


def test_placement_with_a_rect_off_screen_still_fits(popup):
    place_near_tray(popup, QRect(5000, 5000, 24, 24))
    assert inside(popup.frameGeometry(), screen_area())


def test_side_panel_opens_beside_it_and_a_big_popup_stays_on_screen():
    area, screen = QRect(40, 0, 1880, 1080), QRect(0, 0, 1920, 1080)
    at = popup_position(QSize(300, 200), QRect(8, 900, 24, 24), area, screen)
    assert at.x() == area.left() + MARGIN
    assert at.y() + 200 <= area.bottom() - MARGIN + 1
    huge = popup_position(QSize(3000, 2000), QRect(1900, 1060, 20, 20), area, screen)
    assert (huge.x(), huge.y()) == (area.left(), area.top())


# -- how it looks ---------------------------------------------------------------------------
def test_screenshots(popup, store):
    ARTIFACTS.mkdir(exist_ok=True)
    rough = store.log_call(Rating.ROUGH, tags=["angry"], mood=2)
    popup.show_for(rough)
    popup.note.setText("Third call about the new fee today")
    assert popup.grab().save(str(ARTIFACTS / "tag_popup_rough.png"))
    popup.show_for(store.log_call(Rating.GREAT, tags=["compliment"], mood=4))
    assert popup.grab().save(str(ARTIFACTS / "tag_popup_great.png"))
    popup.note.setText("x" * (NOTE_MAX + 1))
    popup.note.editingFinished.emit()
    assert popup.grab().save(str(ARTIFACTS / "tag_popup_problem.png"))


def test_dark_mode_follows_the_system_palette(popup, store):
    light = QApplication.palette()
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#2a2b2e"), (QPalette.ColorRole.Text, "#e8eaed")):
        dark.setColor(role, QColor(colour))
    QApplication.setPalette(dark)
    try:
        popup.show_for(store.log_call(Rating.ROUGH, tags=["abusive"], mood=1))
        assert "#253230" in popup.styleSheet()
        ARTIFACTS.mkdir(exist_ok=True)
        assert popup.grab().save(str(ARTIFACTS / "tag_popup_dark.png"))
    finally:
        QApplication.setPalette(light)
    popup.show_for(store.log_call(Rating.OK))
    assert "#f3f7f5" in popup.styleSheet()


def test_own_tags_are_offered_after_every_kind_of_call_with_one_tap(popup, store):
    service = popup._service
    service.add_tag("billing")
    service.add_tag("delivery")
    service.retire_tag("delivery")
    for rating in Rating:
        popup.show_for(store.log_call(rating))
        assert "billing" in popup.tag_buttons and "delivery" not in popup.tag_buttons
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call)
    assert tuple(popup.tag_buttons)[-1] == "billing"
    assert popup.tag_buttons["billing"].accessibleName() == "Tag: billing"
    popup.tag_buttons["billing"].click()
    assert store.call(call.id).tags == ("billing",)
