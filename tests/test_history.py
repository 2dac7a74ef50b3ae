"""History: the store's history queries and the window that edits them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton

from companion.service import Service
from companion.core.history import HistoryFilter
from companion.core.models import Rating
from companion.ui.history import HistoryWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def at(clock, minutes: float) -> datetime:
    """A moment `minutes` after the test clock's Monday 09:00."""
    return clock.now() + timedelta(minutes=minutes)


@pytest.fixture
def day(store, clock):
    """A small working morning, plus one call the Friday before."""
    ids = {}
    ids["friday"] = store.log_call(Rating.GREAT, tags=["compliment"], note="Old news",
                                   at=at(clock, -3 * 24 * 60)).id
    ids["ok"] = store.log_call(Rating.OK, tags=["resolved"], at=at(clock, 0)).id
    ids["rough"] = store.log_call(Rating.ROUGH, mood=2, tags=["abusive", "angry"],
                                  note="Shouted about the 50% fee_rise", at=at(clock, 20)).id
    breath = store.start_breath("box", 60, mood_before=2, at=at(clock, 22))
    store.finish_breath(breath.id, True, at=at(clock, 23))
    store.rate_breath(breath.id, 4)
    ids["breath"] = breath.id
    ids["great"] = store.log_call(Rating.GREAT, mood=5, tags=["thanked"], note="She said I made her week",
                                  at=at(clock, 50)).id
    ids["break"] = store.start_break(at=at(clock, 60))
    store.end_break(ids["break"], at=at(clock, 75))
    return ids


def keys(entries) -> list[tuple[str, int]]:
    return [(e.kind, e.id) for e in entries]


# -- the store ------------------------------------------------------------------------
def test_everything_comes_back_newest_first(store, day):
    assert keys(store.history()) == [("break", day["break"]), ("call", day["great"]), ("breath", day["breath"]),
                                     ("call", day["rough"]), ("call", day["ok"]), ("call", day["friday"])]
    breath = store.history(HistoryFilter(kinds=("breath",)))[0]
    assert (breath.pattern, breath.planned_seconds, breath.completed, breath.mood_before, breath.mood) == (
        "box", 60, True, 2, 4)
    assert (breath.ended_at - breath.at) == timedelta(minutes=1)


def test_filters_by_rating_tag_date_and_kind(store, day, clock):
    assert keys(store.history(HistoryFilter(rating=Rating.GREAT))) == [("call", day["great"]),
                                                                       ("call", day["friday"])]
    assert keys(store.history(HistoryFilter(tag="abusive"))) == [("call", day["rough"])]
    monday = clock.now().date()
    assert ("call", day["friday"]) not in keys(store.history(HistoryFilter(since=monday)))
    assert keys(store.history(HistoryFilter(until=monday - timedelta(days=1)))) == [("call", day["friday"])]
    assert keys(store.history(HistoryFilter(kinds=("break", "breath")))) == [("break", day["break"]),
                                                                            ("breath", day["breath"])]
    assert store.history(HistoryFilter(kinds=())) == []
    assert len(store.history(HistoryFilter(limit=2))) == 2


def test_search_finds_notes_and_tags_and_takes_wildcards_literally(store, day):
    assert keys(store.history(HistoryFilter(search="made her"))) == [("call", day["great"])]
    assert keys(store.history(HistoryFilter(search="ANGR"))) == [("call", day["rough"])]
    assert keys(store.history(HistoryFilter(search="50%"))) == [("call", day["rough"])]
    assert keys(store.history(HistoryFilter(search="fee_rise"))) == [("call", day["rough"])]
    assert store.history(HistoryFilter(search="%")) == store.history(HistoryFilter(search="50%"))
    assert store.history(HistoryFilter(search="fee rise")) == []


def test_tags_in_use_and_deleting_breaths_and_breaks(store, day):
    assert store.tags_in_use() == ["abusive", "angry", "compliment", "resolved", "thanked"]
    assert store.delete_breath(day["breath"]) and store.breath(day["breath"]) is None
    assert store.delete_break(day["break"])
    assert not store.delete_break(day["break"])
    assert {e.kind for e in store.history()} == {"call"}


# -- the window ---------------------------------------------------------------------
@pytest.fixture
def window(qtbot, store, clock, day):
    w = HistoryWindow(Service(store, {}, clock))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def column(window, number: int) -> list[str]:
    return [window.table.item(row, number).text() for row in range(window.table.rowCount())]


def choose(box: QComboBox, data) -> None:
    box.setCurrentIndex(box.findData(data))


def test_the_window_lists_every_entry_newest_first(window):
    assert column(window, 1) == ["Break, 15 min", "Great call", "Breathing, Box 4-4-4-4, 60 s", "Rough call",
                                 "OK call", "Great call"]
    assert column(window, 0)[0] == "Mon 23 Nov 2026, 10:00"
    assert column(window, 2)[2] == "2 → 4"
    assert column(window, 3)[3] == "abusive, angry"
    assert column(window, 4)[1] == "She said I made her week"


def test_filters_in_the_window_ask_the_store_again(window, day):
    choose(window.rating_box, "rough")
    assert [(e.kind, e.id) for e in window.entries] == [("call", day["rough"])]
    choose(window.rating_box, None)
    choose(window.kind_box, "breath")
    assert not window.rating_box.isEnabled() and [e.kind for e in window.entries] == ["breath"]
    choose(window.kind_box, None)
    choose(window.tag_box, "thanked")
    assert [e.id for e in window.entries] == [day["great"]]
    choose(window.tag_box, None)
    choose(window.when_box, 0)  # today
    assert day["friday"] not in [e.id for e in window.entries if e.kind == "call"]
    choose(window.when_box, "range")
    assert window.range_row.isVisibleTo(window)
    window.from_edit.setDate(QDate(2026, 11, 20))
    window.to_edit.setDate(QDate(2026, 11, 20))
    assert [e.id for e in window.entries] == [day["friday"]]
    choose(window.when_box, None)
    window.search_edit.setText("week")
    assert window.search_timer.isActive()
    window.search_timer.timeout.emit()
    assert [e.id for e in window.entries] == [day["great"]]
    window.search_edit.setText("nothing like this")
    window.refresh()
    assert window.table.rowCount() == 0 and window.empty_label.text() == "Nothing matches these filters."


def test_editing_a_call_is_stored_at_once(window, store, day, qtbot):
    assert window.select("call", day["rough"])
    assert window.editor_pages.currentWidget() is window.call_page
    assert window.call_note.toPlainText() == "Shouted about the 50% fee_rise"
    with qtbot.waitSignal(window.changed):
        choose(window.call_rating, "ok")
    assert store.call(day["rough"]).rating is Rating.OK
    choose(window.call_mood, 3)
    assert store.call(day["rough"]).mood == 3
    choose(window.call_mood, None)
    assert store.call(day["rough"]).mood is None
    window.call_tags.setText("escalated,  Abusive ,")
    window.call_tags.editingFinished.emit()
    assert store.call(day["rough"]).tags == ("abusive", "escalated")
    assert window.call_tags.text() == "abusive, escalated"
    window.call_note.setPlainText("Shouted; I gave one warning and he calmed down.")
    assert window.note_timer.isActive()
    window.note_timer.timeout.emit()
    assert store.call(day["rough"]).note == "Shouted; I gave one warning and he calmed down."
    assert window.current_entry().id == day["rough"] and window.status_label.text() == "Saved."


def test_a_bad_tag_is_explained_and_not_stored(window, store, day):
    window.select("call", day["ok"])
    window.call_tags.setText("x" * 41)
    window.call_tags.editingFinished.emit()
    assert window.problem_label.isVisibleTo(window) and "40 characters" in window.problem_label.text()
    assert store.call(day["ok"]).tags == ("resolved",)


def test_a_half_typed_note_is_saved_when_another_entry_is_chosen(window, store, day):
    window.select("call", day["great"])
    window.call_note.setPlainText("Best call of the month")
    window.select("call", day["ok"])
    assert store.call(day["great"]).note == "Best call of the month"
    assert window.call_note.toPlainText() == ""


def test_delete_asks_first_then_removes(window, store, day, qtbot):
    asked = []
    window.ask_yes_no = lambda title, text, *words: asked.append(text) or False
    window.select("call", day["ok"])
    window.delete_button.click()
    assert store.call(day["ok"]) is not None and "cannot be undone" in asked[0]
    window.ask_yes_no = lambda title, text, *words: True
    with qtbot.waitSignal(window.changed):
        window.delete_button.click()
    assert store.call(day["ok"]) is None and window.status_label.text() == "Deleted."
    assert window.current_entry() is not None, "the next entry is chosen, ready for the keyboard"


def test_delete_key_removes_breaths_and_breaks_too(window, store, day, qtbot):
    window.ask_yes_no = lambda title, text, *words: True
    window.select("breath", day["breath"])
    assert window.editor_pages.currentWidget() is window.detail_page
    assert "2 before and 4 after" in window.detail_page.text()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert store.breath(day["breath"]) is None
    window.select("break", day["break"])
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert [e.kind for e in store.history()] == ["call"] * 4


def test_controls_have_names_and_the_keyboard_gets_around(window, qtbot):
    for kind in (QPushButton, QComboBox, QLineEdit):
        for widget in window.findChildren(kind):
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own parts of a date box, named through the box
            assert widget.accessibleName() or (kind is QPushButton and widget.text()), widget
    window.show_window()
    qtbot.waitUntil(lambda: window.table.hasFocus(), timeout=2000)
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.current_entry() is not None
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_call_logged_elsewhere_shows_when_the_window_is_refreshed(window, store, clock):
    new = store.log_call(Rating.ROUGH, tags=["escalated"], at=at(clock, 90))
    window.refresh()
    assert (window.entries[0].kind, window.entries[0].id) == ("call", new.id)
    assert window.tag_box.findData("escalated") >= 0


def test_an_empty_history_says_so_kindly(qtbot, store, clock):
    w = HistoryWindow(Service(store, {}, clock))
    qtbot.addWidget(w)
    assert w.table.rowCount() == 0 and w.empty_label.text().startswith("Nothing logged yet.")
    assert not w.delete_button.isEnabled()


def test_screenshots_light_and_dark(window, day):
    ARTIFACTS.mkdir(exist_ok=True)
    window.select("call", day["rough"])
    assert window.grab().save(str(ARTIFACTS / "history_window.png"))
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(QPalette(QColor("#2b2b2b")))
    try:
        QApplication.processEvents()
        assert "#253230" in window.styleSheet()
        window.select("breath", day["breath"])
        assert window.grab().save(str(ARTIFACTS / "history_window_dark.png"))
    finally:
        app.setPalette(before)
    QApplication.processEvents()
    assert "#f3f7f5" in window.styleSheet()


def test_dates_in_the_filter_start_from_the_injected_clock(window):
    assert window.to_edit.date().toPython() == date(2026, 11, 23)
    assert window.from_edit.date().toPython() == date(2026, 11, 17)


def test_own_tags_are_offered_in_the_filter_and_picked_for_a_call(window, store, day):
    window.service.add_tag("billing")
    window.refresh()
    assert window.tag_box.findData("billing") > 0  # no call carries it yet, and it can be chosen
    window.select("call", day["ok"])
    offered = [window.pick_tag.itemData(i) for i in range(window.pick_tag.count())]
    assert offered[0] is None and offered[-1] == "billing" and "abusive" in offered
    window.pick_tag.activated.emit(window.pick_tag.findData("billing"))
    assert "billing" in store.call(day["ok"]).tags
    assert window.pick_tag.currentIndex() == 0  # ready for the next pick
    choose(window.tag_box, "billing")
    assert [e.id for e in window.entries] == [day["ok"]]


def test_the_window_opens_in_the_middle_of_the_screen_not_its_corner(qtbot, store, clock):
    from companion.ui.centred import TITLE_ROOM

    w = HistoryWindow(Service(store, {}, clock))
    qtbot.addWidget(w)
    area = w.screen().availableGeometry()
    assert w.x() == area.x() + max(0, (area.width() - w.width()) // 2)
    assert w.y() == area.y() + (area.height() - w.height() - TITLE_ROOM) // 2 > area.y()
    w.show_window()
    w.move(w.x() + 40, w.y() + 20)  # the agent moves it; closed and opened again, it stays there
    moved = w.pos()
    w.close()
    w.show_window()
    assert w.pos() == moved
