"""The review's "Rough calls: what and when" page on twelve weeks of a queue
where billing calls flare up this week and Monday mornings are hard: the
stacked bars, the hour grid and its scale, hover, the notes beside the chart,
and the pictures a team lead would see (test-artifacts/review-patterns*.png)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame

from companion.core.clock import FakeClock
from companion.core.store import Store
from companion.ui.style import calm_colours

from test_review_window import dark_palette, open_review, save

TOPICS = ("billing", "delivery", "login")


def fill_queue(store: Store, end: datetime, weeks: int = 12, seed: int = 11) -> None:
    """Five days a week, 9:00 to 17:00, 12 calls a day. Monday 9-10 is rough;
    half the rough calls carry a topic; billing comes up on many more rough
    calls in the last week. Nothing on weekends, so those cells stay blank."""
    rnd = random.Random(seed)
    for tag in TOPICS:
        store.put_own_tag(tag)
    monday = datetime.combine((end - timedelta(days=end.weekday())).date(), datetime.min.time())
    for back in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        for d in range(5):
            day = start + timedelta(days=d)
            for n in range(12):
                at = day + timedelta(hours=9, minutes=40 * n)
                if at >= end:
                    break
                hard = d == 0 and at.hour == 9
                rough = rnd.random() < (0.8 if hard else 0.2)
                tags = []
                if rough and rnd.random() < 0.5:
                    tags = [rnd.choice(TOPICS)]
                if back == 0 and rough and not tags:
                    tags = ["billing"]  # this week: billing, again and again
                store.log_call("rough" if rough else "ok", tags=tags, note="planted note words", at=at)


@pytest.fixture
def queue(tmp_path):
    clock = FakeClock(datetime(2026, 11, 27, 17, 0))  # a Friday evening
    store = Store(tmp_path / "queue.db", clock)
    fill_queue(store, clock.now().replace(tzinfo=None))
    yield store, clock
    store.close()


@pytest.fixture
def review(qtbot, queue, settings):
    store, clock = queue
    return open_review(qtbot, store, settings, clock, page=1)


def _scene(plot, x: float, y: float) -> QPointF:
    return plot.vb.mapViewToScene(QPointF(x, y))


def test_the_page_shows_tags_week_by_week_and_the_hour_grid(review):
    chart = review.patterns_chart
    save(review, "review-patterns.png")
    assert chart.tags[0] == "billing" and set(chart.tags) == set(TOPICS)
    # Monday 09:00 is the roughest hour and reads so on hover.
    cell = review.patterns.grid.cells[0][9]
    text = chart.text_at(_scene(chart.grid_plot, 9.5, 0.5))
    assert text == f"Mondays 09:00–10:00: {cell.rough} of {cell.calls} calls were rough ({round(100 * cell.share)} %)."
    assert cell.share > 0.6
    # Saturday had no calls: it says so, and is not drawn as 0 %.
    assert chart.text_at(_scene(chart.grid_plot, 10.5, 5.5)) == "Saturdays 10:00–11:00: no calls logged."
    last = review.weeks[-1]
    bars = chart.text_at(_scene(chart.tags_plot, _center_of(last), 1))
    counts = review.patterns.rough_tags[last.week]
    assert bars.startswith("Week of 23 Nov 2026, rough calls by tag: billing ")
    assert f"billing {counts['billing']}" in bars and f"Rough calls in all: {last.rough}." in bars


def _center_of(week):
    from companion.ui.review_chart import _center

    return _center(week)


def _pixel(review, plot, x: float, y: float) -> QColor:
    chart = review.patterns_chart.widget
    image = chart.grab().toImage()
    point = chart.mapFromScene(_scene(plot, x, y))
    return image.pixelColor(round(point.x() * image.devicePixelRatio()), round(point.y() * image.devicePixelRatio()))


def test_an_empty_cell_is_blank_and_a_calm_cell_is_coloured(review):
    grid = review.patterns_chart.grid_plot
    background = review.palette().color(QPalette.ColorRole.Window)
    # Saturday, no calls (a little above the grid line through the middle of the row).
    assert _pixel(review, grid, 10.5, 5.25) == background
    calm = _pixel(review, grid, 14.5, 2.5)  # Wednesday afternoon: calls, few rough
    assert calm != background
    rough = _pixel(review, grid, 9.5, 0.5)
    assert rough.lightness() > calm.lightness()  # cividis runs from dark blue (0 %) to light yellow


def test_the_spike_and_the_hour_are_noted_beside_the_chart(review):
    notes = [frame.accessibleDescription() for frame in review.flags_box.findChildren(QFrame)
             if frame.objectName() == "flag" and frame.accessibleName() == "Worth passing on"]
    assert any(n.startswith("'billing' came up on") and "your team lead may want to know" in n for n in notes)
    assert any(n.startswith("Mondays 09:00–10:00:") for n in notes)
    assert not any("delivery" in n or "login" in n for n in notes)


def test_the_page_follows_dark_mode_and_exports_as_png(qtbot, queue, settings, tmp_path):
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(dark_palette())
    try:
        store, clock = queue
        w = open_review(qtbot, store, settings, clock, page=1)
        save(w, "review-patterns-dark.png")
        assert w.patterns_chart.widget.backgroundBrush().color().lightness() < 80
        # A blank cell shows the window's own dark background: the shared look's panel.
        assert _pixel(w, w.patterns_chart.grid_plot, 10.5, 5.25) == QColor(calm_colours()["panel"])
        written = w.export_png(tmp_path / "what-and-when.png")
        assert written.stat().st_size > 10_000
    finally:
        app.setPalette(old)


def test_the_summary_preview_adds_only_what_is_ticked(review, tmp_path):
    review.ask_save_path = lambda title, name, kinds: str(tmp_path / "lead.csv")
    review.summary_button.click()
    dialog = review.summary_dialog
    assert list(dialog.tag_boxes) == review.patterns.tags
    assert not any(box.isChecked() for box in dialog.tag_boxes.values()) and not dialog.hours_box.isChecked()
    untouched = dialog.preview.toPlainText()
    assert not any(tag in untouched for tag in TOPICS) and "Hours that stood out" not in untouched
    dialog.tag_boxes["billing"].setChecked(True)
    dialog.hours_box.setChecked(True)
    text = dialog.preview.toPlainText()
    assert "Rough: billing" in text and "delivery" not in text and "login" not in text
    assert "Mondays 09:00–10:00" in text and "planted" not in text
    save(dialog, "review-summary-ticked.png")
    dialog.save_button.click()
    saved = (tmp_path / "lead.csv").read_text(encoding="utf-8")
    assert saved.splitlines()[0].endswith(",rough_billing") and "delivery" not in saved and "planted" not in saved
