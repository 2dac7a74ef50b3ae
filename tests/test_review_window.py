"""The weekly review window, built offscreen on twelve weeks of made-up data,
grabbed to PNG, hovered, exported; and the promise that the tray never
loads the chart library until this window opens."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QFrame

from companion.core.clock import FakeClock
from companion.core.flags import find_flags
from companion.core.models import NudgeAnswer, NudgeReason
from companion.core.store import Store
from companion.ui.review_chart import _center

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
SECRET = "caller gave me his card number, do not share"
KIND_WORDS = "She said I made her week."


def fill(store: Store, end: datetime, weeks: int = 12, seed: int = 7) -> None:
    """Weeks that slowly get harder, with a holiday week and a few wins."""
    rnd = random.Random(seed)
    monday = datetime.combine((end - timedelta(days=end.weekday())).date(), datetime.min.time())
    for back in range(weeks - 1, -1, -1):
        if back == 5:
            continue  # a week off
        start = monday - timedelta(weeks=back)
        strain = 0.2 + 0.35 * (weeks - back) / weeks
        for d in range(5):
            day = start + timedelta(days=d)
            if day + timedelta(hours=9) >= end:
                break
            for n in range(rnd.randint(8, 14)):
                at = day + timedelta(hours=9, minutes=30 * n)
                r = rnd.random()
                rating = "rough" if r < strain else ("great" if r > 0.82 else "ok")
                mood = max(1, min(5, round(4.2 - 2.5 * strain + rnd.gauss(0, 0.7))))
                tags = ["angry"] if rating == "rough" else (["compliment"] if rnd.random() < 0.12 else [])
                note = SECRET if rating == "rough" and n == 0 else ""
                store.log_call(rating, mood=mood, tags=tags, note=note, at=at)
            if rnd.random() < 0.7:
                b = store.start_break(at=day + timedelta(hours=12))
                store.end_break(b, at=day + timedelta(hours=12, minutes=20))
            if rnd.random() < 0.6:
                s = store.start_breath("cyclic_sigh", 60, mood_before=2, at=day + timedelta(hours=14))
                store.rate_breath(s.id, 3 + (rnd.random() < 0.4))
            if rnd.random() < 0.5:
                nudge = store.record_nudge(NudgeReason.ROUGH_STREAK, at=day + timedelta(hours=15))
                answer = rnd.choice([NudgeAnswer.IGNORED, NudgeAnswer.BREATHE, NudgeAnswer.IGNORED])
                store.answer_nudge(nudge.id, answer, at=day + timedelta(hours=15, minutes=3))
            energy = max(1, min(5, round(3.8 - 3 * strain + rnd.gauss(0, 0.6))))
            store.record_checkin(energy, at=day + timedelta(hours=17, minutes=40))
        if back % 4 == 0:
            store.record_selfcheck(30 + 40 * (weeks - back) / weeks, "{}", "test",
                                   at=start + timedelta(days=2, hours=16))
    # The most recent win, with words worth keeping.
    store.log_call("great", mood=5, tags=["compliment", "thanked"], note=KIND_WORDS,
                   at=end - timedelta(minutes=30))


@pytest.fixture
def data(tmp_path):
    clock = FakeClock(datetime(2026, 11, 26, 17, 0))  # a Thursday evening
    store = Store(tmp_path / "weeks.db", clock)
    fill(store, clock.now().replace(tzinfo=None))
    yield store, clock
    store.close()


def open_review(qtbot, store, settings, clock, page: int = 0):
    """A review window on screen, showing chart page `page` (0: your weeks, 1: what and when)."""
    from companion.ui.review import ReviewWindow

    w = ReviewWindow(store, settings, clock)
    qtbot.addWidget(w)
    w.chart_tabs.setCurrentIndex(page)
    w.show()
    QApplication.processEvents()
    return w


def dark_palette() -> QPalette:
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#1f2624"), (QPalette.ColorRole.WindowText, "#e3eeea"),
                         (QPalette.ColorRole.Base, "#263230"), (QPalette.ColorRole.Text, "#e3eeea"),
                         (QPalette.ColorRole.Button, "#2e3d3a"), (QPalette.ColorRole.ButtonText, "#e3eeea")):
        dark.setColor(role, QColor(colour))
    return dark


@pytest.fixture
def window(qtbot, data, settings):
    store, clock = data
    return open_review(qtbot, store, settings, clock)


def save(widget, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert widget.grab().save(str(path))
    return path


def test_the_window_shows_twelve_weeks_flags_and_wins(window, settings):
    save(window, "review-window.png")
    assert window.windowTitle() == "Your weeks"
    assert len(window.weeks) == 12 == window.weeks_spin.value()
    assert window.weeks[-1].week == "2026-W48"
    assert not window.weeks[-6].has_data  # the week off is an empty row, a gap in the chart
    # The flags beside the chart are the core's flags, in the same order.
    shown = [frame.accessibleName() for frame in window.flags_box.findChildren(QFrame)
             if frame.objectName() == "flag"]
    expected = [f.title for f in find_flags(window.weeks, settings)]
    assert expected and shown == expected
    wins = [window.wins.item(i).text() for i in range(window.wins.count())]
    assert KIND_WORDS in wins[0] and "compliment" in wins[0]
    assert not any(SECRET in text for text in wins)  # a rough call's note is no win
    assert "not a medical device" in window.care_note.text() and "GP" in window.care_note.text()


def test_the_newest_week_with_data_is_read_out_at_first(window):
    week = window.weeks[-1]
    text = window.readout.text()
    assert text.startswith("Week of 23 Nov 2026 (2026-W48)")
    assert f"{week.calls} calls, {week.rough} rough" in text
    assert f"Compliments {week.compliments}." in text


def test_hovering_a_week_shows_its_numbers(window, qtbot):
    target = window.weeks[2]
    plot = window.rough_plot
    scene_pos = plot.vb.mapViewToScene(QPointF(_center(target), 30))
    # A real mouse-move event over the chart, as the agent's pointer would make.
    # Sent to the chart itself: QTest's mouseMove sends nothing when the shared
    # test cursor already rests on that spot, left there by an earlier test.
    view_pos = QPointF(window.chart.mapFromScene(scene_pos))
    viewport = window.chart.viewport()
    move = QMouseEvent(QEvent.Type.MouseMove, view_pos, viewport.mapToGlobal(view_pos),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    # The scene reports mouse moves through its own queued signal: wait for it, briefly.
    qtbot.waitUntil(lambda: window.selected == 2, timeout=2000)
    assert target.week in window.readout.text()
    assert f"{target.calls} calls" in window.readout.text()
    save(window, "review-window-hover.png")


def test_a_hover_over_an_empty_week_says_so(window):
    window.select_week(len(window.weeks) - 6)
    assert "nothing was logged" in window.readout.text()


def test_arrow_keys_step_through_the_weeks(window, qtbot):
    last = len(window.weeks) - 1
    assert window.selected == last
    qtbot.keyClick(window.chart, Qt.Key.Key_Left)
    qtbot.keyClick(window.chart, Qt.Key.Key_Left)
    assert window.selected == last - 2
    qtbot.keyClick(window.chart, Qt.Key.Key_Right)
    assert window.selected == last - 1
    assert window.weeks[last - 1].week in window.readout.text()


@pytest.mark.parametrize("where", ["chart", "weeks box"])
def test_esc_or_ctrl_w_closes_the_window_as_the_others_do(window, qtbot, where):
    target = window.chart if where == "chart" else window.weeks_spin
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    assert not window.isVisible()
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(target, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_choosing_how_many_weeks_redraws_and_is_remembered(window, settings):
    window.weeks_spin.setValue(4)
    assert [w.week for w in window.weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert settings["review_weeks"] == 4
    window.weeks_spin.setValue(52)
    assert len(window.weeks) == 52 and window.weeks[0].week == "2025-W49"
    assert window.weeks_spin.minimum() == 4 and window.weeks_spin.maximum() == 52
    save(window, "review-window-52-weeks.png")


def test_showing_the_window_again_reads_the_latest_numbers(window, data):
    store, clock = data
    before = window.weeks[-1].calls
    window.hide()
    store.log_call("great", at=clock.now())
    window.show()
    assert window.weeks[-1].calls == before + 1
    assert f"{before + 1} calls" in window.readout.text()


def test_export_png_and_csv(window, tmp_path):
    answers = iter([str(tmp_path / "chart.png"), str(tmp_path / "weeks.csv")])
    window.ask_save_path = lambda title, name, kinds: next(answers)
    window.png_button.click()
    png = tmp_path / "chart.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_mode & 0o777 == 0o600
    assert "Saved to" in window.status.text()
    window.csv_button.click()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "weeks.csv").read_text(encoding="utf-8"))))
    assert rows[0]["week"] == "2026-W37" and rows[-1]["week"] == "2026-W48"
    assert rows[-1]["calls"] == str(window.weeks[-1].calls)
    assert rows[-6]["calls"] == ""  # the week off
    assert SECRET not in (tmp_path / "weeks.csv").read_text(encoding="utf-8")


def test_a_cancelled_save_writes_nothing(window, tmp_path):
    window.ask_save_path = lambda title, name, kinds: ""
    window.png_button.click()
    window.csv_button.click()
    assert window.status.text() == ""
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob("*.csv"))


def test_summary_is_previewed_then_saved_with_counts_only(window, tmp_path):
    target = tmp_path / "for-my-lead.txt"
    window.ask_save_path = lambda title, name, kinds: str(target)
    window.summary_button.click()
    dialog = window.summary_dialog
    assert dialog.isVisible() and not target.exists()  # nothing is saved before the preview
    text = dialog.preview.toPlainText()
    assert text == window.summary_text()
    assert SECRET not in text and KIND_WORDS not in text and "angry" not in text
    assert "no notes" in text and "2026-W48" in text
    save(dialog, "review-summary-preview.png")
    dialog.save_button.click()
    assert target.read_text(encoding="utf-8") == text
    assert not dialog.isVisible()
    assert str(target) in window.status.text()


def test_dark_mode_follows_the_palette(qtbot, data, settings):
    from companion.ui.review_chart import DARK

    app = QApplication.instance()
    old = app.palette()
    app.setPalette(dark_palette())
    try:
        store, clock = data
        w = open_review(qtbot, store, settings, clock)
        assert w.colours is DARK
        image = save(w, "review-window-dark.png")
        assert image.stat().st_size > 10_000
        assert w.chart.backgroundBrush().color().lightness() < 80
    finally:
        app.setPalette(old)


def test_an_empty_store_opens_calmly(qtbot, store, settings, clock):
    from companion.ui.review import ReviewWindow

    w = ReviewWindow(store, settings, clock)
    qtbot.addWidget(w)
    w.show()
    save(w, "review-window-empty.png")
    assert all(not week.has_data for week in w.weeks)
    assert "nothing was logged" in w.readout.text()
    assert w.flags == []
    assert "Compliments and great calls will gather here" in w.wins.item(0).text()


def test_the_tray_does_not_load_the_chart_library_until_the_window_opens(tmp_path):
    code = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import companion.__main__
import companion.app as app_module
import companion.ui.tray, companion.ui.review, companion.ui.checkin, companion.ui.selfcheck
import companion.commands.stats, companion.commands.export, companion.commands.review
from companion.platform.mic import UnsupportedMicrophone
from PySide6.QtCore import QEventLoop, QTimer
qt = app_module.make_qt_app()
companion = app_module.CompanionApp(microphone=UnsupportedMicrophone())
companion.start()
qt.processEvents()
heavy = lambda: sorted({n.split(".")[0] for n in sys.modules} & {"pyqtgraph", "numpy"})
result = {"tray": "PySide6.QtWidgets" in sys.modules, "before": heavy()}
companion.open_review()  # as "Your weeks" in the menu does
window = companion.windows.review
result["opened"] = [window.isVisible(), window.chart is None, bool(window.readout.text()), heavy()]
wait = QEventLoop()
window.chart_ready.connect(wait.quit)
QTimer.singleShot(30000, wait.quit)
wait.exec()
result["drawn"] = [len(window.plots), heavy()]
print(json.dumps(result))
"""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # The window is up with its numbers before the chart library is loaded; the chart follows.
    assert result == {"tray": True, "before": [], "opened": [True, True, True, []],
                      "drawn": [4, ["numpy", "pyqtgraph"]]}


def test_a_chart_drawn_later_appears_after_the_first_paint(qtbot, data, settings, tmp_path):
    from companion.ui.review import ReviewWindow

    store, clock = data
    later = ReviewWindow(store, settings, clock, chart_later=True)
    qtbot.addWidget(later)
    assert later.chart is None and later.chart_waiting.text() == "Drawing your chart…"
    readout = later.readout.text()
    assert readout.startswith("Week of 23 Nov 2026") and later.wins.count() > 0
    with qtbot.waitSignal(later.chart_ready, timeout=10000):
        later.show()
    assert len(later.plots) == 4 and later.chart.isVisible() and not later.chart_waiting.isVisible()
    assert later.readout.text() == readout and later.cursors[0].isVisible()
    assert later.focusWidget() is later.chart  # arrow keys read the weeks straight away
    save(later, "review-window-later.png")


def test_a_chart_not_yet_drawn_is_drawn_for_an_export(qtbot, data, settings, tmp_path):
    from companion.ui.review import ReviewWindow

    store, clock = data
    hidden = ReviewWindow(store, settings, clock, chart_later=True)
    qtbot.addWidget(hidden)
    written = hidden.export_png(tmp_path / "chart.png")
    assert written.read_bytes().startswith(b"\x89PNG") and len(hidden.plots) == 4


# -- the week now running, earlier weeks in the notes, where the window opens -------
@pytest.fixture
def monday_evening(tmp_path):
    """Three calm weeks with a break every day, then Monday of this week: 3 of 6 calls rough."""
    clock = FakeClock(datetime(2026, 11, 23, 17, 0))
    store = Store(tmp_path / "monday.db", clock)
    for back in (3, 2, 1):
        monday = datetime(2026, 11, 23) - timedelta(weeks=back)
        for d in range(5):
            day = monday + timedelta(days=d, hours=9)
            for n in range(8):
                store.log_call("rough" if n % 4 == 0 else "ok", mood=4, at=day + timedelta(minutes=30 * n))
            b = store.start_break(at=day + timedelta(hours=3))
            store.end_break(b, at=day + timedelta(hours=3, minutes=15))
    for n in range(6):
        store.log_call("rough" if n % 2 else "ok", mood=3, at=datetime(2026, 11, 23, 9) + timedelta(minutes=40 * n))
    # A year ago the self-check came out high twice; the latest is below the line.
    for weeks_back, score in ((40, 70.0), (36, 75.0), (2, 42.0)):
        store.record_selfcheck(score, "{}", "test", at=datetime(2026, 11, 18, 12) - timedelta(weeks=weeks_back))
    yield store, clock
    store.close()


def shown_notes(window) -> list[str]:
    return [frame.accessibleName() for frame in window.flags_box.findChildren(QFrame) if frame.objectName() == "flag"]


def test_one_day_of_the_week_now_running_is_marked_so_far_and_raises_no_note(qtbot, monday_evening, settings):
    store, clock = monday_evening
    window = open_review(qtbot, store, settings, clock)
    assert "A week with a lot of rough calls" not in shown_notes(window)
    now = window.weeks[-1]
    assert now.so_far and now.days == 1 and now.calls == 6 and now.rough == 3
    assert window.readout.text().startswith("Week of 23 Nov 2026 (2026-W48), so far (1 of its days with calls)")
    labels = [label for _, label in window.selfcheck_plot.bottom._tickLevels[0]]
    assert labels[-1] == "so far" and not any("so far" in label for label in labels[:-1])
    save(window, "review-so-far.png")


def test_earlier_weeks_that_crossed_a_line_are_in_the_notes_at_52_weeks(qtbot, monday_evening, settings):
    store, clock = monday_evening
    window = open_review(qtbot, store, settings, clock)
    window.show_weeks(52)
    assert "Earlier self-check scores at or above the line" in shown_notes(window)
    notes = [f for f in window.flags if f.key == "self_check_earlier"]
    assert notes[0].detail.startswith("75 in the week of ") and "; 70 in the week of " in notes[0].detail


def test_the_window_opens_in_the_middle_of_the_screen_not_its_corner(qtbot, monday_evening, settings, monkeypatch):
    from companion.ui.centred import TITLE_ROOM
    from companion.ui.review import ReviewWindow

    # The offscreen screen is smaller than the window's usual size; a smaller window shows the centring.
    monkeypatch.setattr("companion.ui.review.fit_to_screen", lambda window, w, h: window.resize(600, 400))
    store, clock = monday_evening
    w = ReviewWindow(store, settings, clock)
    qtbot.addWidget(w)
    area = w.screen().availableGeometry()
    assert (w.x(), w.y()) == (area.x() + (area.width() - 600) // 2, area.y() + (area.height() - 400 - TITLE_ROOM) // 2)


def test_the_second_page_chart_is_built_when_its_page_is_first_shown(qtbot, data, settings):
    # From the tray the first page shows first: the other page's chart waits for its tab.
    from companion.ui.review import ReviewWindow

    store, clock = data
    later = ReviewWindow(store, settings, clock, chart_later=True)
    qtbot.addWidget(later)
    with qtbot.waitSignal(later.chart_ready, timeout=10000):
        later.show()
    assert later.chart is not None and later.patterns_chart is None
    later.chart_tabs.setCurrentIndex(1)
    assert later.patterns_chart is not None and later.patterns_chart.widget.isVisible()
    assert later.patterns_chart.patterns is later.patterns  # drawn with the window's patterns
