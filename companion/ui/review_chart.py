"""The review's chart: four stacked panels of the weeks, drawn with pyqtgraph.

pyqtgraph and numpy are imported the first time a chart is built, never when
this module is imported (see review.py). ReviewChart is the part of
ReviewWindow that builds, colours and draws the chart and finds the week under
the pointer; the window keeps the data, the notes and the exports."""

from __future__ import annotations

from datetime import datetime, time
from math import ceil

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPointF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsWidget, QSizePolicy, QToolTip

from companion.core import weeks as weeks_core

from .quick_import import collector_paused, without_feature_scan

WEEK_SECONDS = 7 * 24 * 3600
# Calm colours that still tell the series apart, one set per palette.
LIGHT = {
    "mood": "#3d7a6c", "energy": "#5b7fa8", "rough": "#d59a7b", "breaks": "#74a886", "ignored": "#a392c2",
    "selfcheck": "#8a5a83", "line": "#9aa6a2", "cursor": "#c5d8d0", "panel": "#f3f7f5", "edge": "#c5d8d0",
    "quiet": "#4d625c", "flag": "#9a5a2c",
}
DARK = {
    "mood": "#86c2b2", "energy": "#93b4dc", "rough": "#e0a98c", "breaks": "#8fc4a0", "ignored": "#b9a9d9",
    "selfcheck": "#d2a1c9", "line": "#7d8c88", "cursor": "#3f524d", "panel": "#253230", "edge": "#3f524d",
    "quiet": "#adc2bb", "flag": "#e6b08f",
}

_pg = None


def _pyqtgraph():
    """The chart library, loaded the first time a review window opens."""
    global _pg
    if _pg is None:
        with without_feature_scan(), collector_paused():
            import pyqtgraph

        pyqtgraph.setConfigOptions(antialias=True)
        _pg = pyqtgraph
    return _pg


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _center(week: weeks_core.WeekSignals) -> float:
    # The middle of the week in local time; a DST hour either way does not matter here.
    return datetime.combine(week.start, time(0)).timestamp() + WEEK_SECONDS / 2


def _day(d, pattern: str = "d MMM yyyy") -> str:
    # Month names in the person's language, not always English.
    return QLocale().toString(QDate(d.year, d.month, d.day), pattern)


def _nan(value) -> float:
    return float("nan") if value is None else float(value)


class _Panel:
    """One of the stacked charts: a title above a view, a value axis on its left
    and a date axis below (the dates are ticks _draw sets, so a plain axis does).
    Put together from pyqtgraph's parts rather than as a PlotItem, which also
    builds a settings menu and two more axes that this chart never shows: most
    of the time the four charts took to build."""

    GRID_ALPHA = 45  # of 255: faint lines at the value ticks, behind the data

    def __init__(self, pg, show_dates: bool) -> None:
        self.box = QGraphicsWidget()
        self.box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.vb = pg.ViewBox(enableMenu=False)
        self.vb.setMouseEnabled(x=False, y=False)
        self.title = pg.LabelItem("", size="10pt", justify="left")
        self.left = pg.AxisItem("left")
        self.left.setWidth(44)
        self.left.setGrid(self.GRID_ALPHA)
        self.bottom = pg.AxisItem("bottom", showValues=show_dates)
        # The newest week sits at the right edge; its label may reach past it.
        self.bottom.setStyle(hideOverlappingLabels=False)
        for axis in (self.left, self.bottom):
            # No unit labels, so no SI prefix to work out; left on, the axis
            # re-renders its (hidden) label on every range change.
            axis.enableAutoSIPrefix(False)
            axis.linkToView(self.vb)
        grid = QGraphicsGridLayout(self.box)
        grid.setContentsMargins(1, 1, 1, 1)
        grid.setSpacing(0)
        grid.addItem(self.title, 0, 1)
        grid.addItem(self.left, 1, 0)
        grid.addItem(self.vb, 1, 1)
        grid.addItem(self.bottom, 2, 1)
        grid.setRowFixedHeight(0, 30)
        grid.setRowStretchFactor(1, 100)
        grid.setColumnStretchFactor(1, 100)
        self.items: list = []

    def add(self, item, ignore_bounds: bool = False) -> None:
        self.vb.addItem(item, ignoreBounds=ignore_bounds)
        self.items.append(item)

    def clear(self) -> None:
        # ViewBox.clear() would leave items added with ignoreBounds in the scene.
        for item in self.items:
            self.vb.removeItem(item)
        self.items = []


class _ChartKeys(QObject):
    """Left and right arrows step through the weeks, for keyboard users."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.window.step_week(-1 if event.key() == Qt.Key.Key_Left else 1)
            return True
        return False




class ReviewChart:
    """ReviewWindow's chart, as a part of the window (it uses the window's weeks,
    colours, settings and readout)."""

    def ensure_chart(self) -> None:
        """Build and draw the chart now, if it is not there yet."""
        if self.chart is not None:
            return
        pg = _pyqtgraph()
        self.chart = pg.GraphicsLayoutWidget()
        self.chart.setAccessibleName(self.tr("Chart of your weeks"))
        self.chart.setAccessibleDescription(
            self.tr("Use the left and right arrow keys to read the numbers for each week."))
        self.chart.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.chart.installEventFilter(_ChartKeys(self))
        self.chart.ci.layout.setSpacing(6)
        # Room on the right for the newest week's date label.
        self.chart.ci.setContentsMargins(4, 4, 26, 4)
        self.chart.scene().sigMouseMoved.connect(self._on_mouse_moved)
        # Dates only under the lowest chart; the others share its weeks.
        self.plots = [_Panel(pg, show_dates=row == 3) for row in range(4)]
        self.mood_plot, self.rough_plot, self.care_plot, self.selfcheck_plot = self.plots
        for row, plot in enumerate(self.plots):
            self.chart.ci.addItem(plot.box, row=row, col=0)
            if plot is not self.selfcheck_plot:
                plot.vb.setXLink(self.selfcheck_plot.vb)
        self.chart_slot.replaceWidget(self.chart_waiting, self.chart)
        self.chart_waiting.hide()
        self.chart_waiting.deleteLater()
        self.chart.show()  # a child added to a window already on screen starts hidden
        if self._patterns_when_shown and self.chart_tabs.currentIndex() == 0:
            # Not on screen yet: its 45 ms (build and draw) come when its page is chosen.
            self.chart_tabs.currentChanged.connect(self.ensure_patterns_chart)
        else:
            self._build_patterns_chart()  # the second page (review.py), drawn with this one
        self._colour_chart()
        self._draw()
        if self.selected is not None:
            self.select_week(self.selected)
        # The chart is where the arrow keys read the weeks; it takes the keyboard
        # unless the person already moved on to something else.
        if self.focusWidget() in (None, self.weeks_spin) and self.weeks_spin.value() == self._spin_start:
            self.chart.setFocus()
        self.chart_ready.emit()

    def _colour_chart(self) -> None:
        if self.chart is None:
            return
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self.chart.setBackground(self.palette().color(QPalette.ColorRole.Window))
        for plot in self.plots:
            for axis in (plot.left, plot.bottom):
                axis.setPen(self.colours["line"])
                axis.setTextPen(text.name())
        if self.patterns_chart is not None:
            self.patterns_chart.colour()

    def _draw(self) -> None:
        if self.chart is None:
            return  # drawn when the chart is built
        pg = _pyqtgraph()
        import numpy as np

        c = self.colours
        xs = np.array([_center(w) for w in self.weeks])
        width = WEEK_SECONDS * 0.62
        for plot in self.plots:
            plot.clear()
        self.cursors = []

        def line(plot, values, colour, name, dashed=False):
            if all(v is None for v in values):
                return  # nothing to draw; an all-gap line only trips numpy's NaN warnings
            pen = pg.mkPen(colour, width=2.5, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            plot.add(pg.PlotDataItem(xs, np.array([_nan(v) for v in values]), pen=pen, connect="finite",
                                     symbol="o", symbolSize=7, symbolBrush=colour, symbolPen=None, name=name))

        mood = self.mood_plot
        line(mood, [w.avg_mood for w in self.weeks], c["mood"], self.tr("Average mood"))
        line(mood, [w.energy_avg for w in self.weeks], c["energy"], self.tr("Evening energy"), dashed=True)
        mood.vb.setYRange(1, 5, padding=0.08)
        mood.left.setTicks([[(v, str(v)) for v in range(1, 6)]])

        # The week now running is drawn lighter, with a dashed edge: its bars are "so far".
        def brushes(colour):
            return [self._so_far_brush(colour) if w.so_far else pg.mkBrush(colour) for w in self.weeks]

        pens = [pg.mkPen(c["line"], width=1, style=Qt.PenStyle.DashLine) if w.so_far else pg.mkPen(None)
                for w in self.weeks]
        rough = self.rough_plot
        shares = [w.rough_share * 100 if w.rough_share is not None else 0 for w in self.weeks]
        rough.add(pg.BarGraphItem(x=xs, height=shares, width=width, brushes=brushes(c["rough"]), pens=pens))
        self._threshold(rough, self.settings["flag_rough_share"])
        rough.vb.setYRange(0, 100, padding=0.08)
        rough.left.setTicks([[(v, f"{v}%") for v in (0, 25, 50, 75, 100)]])

        care = self.care_plot
        care.add(pg.BarGraphItem(x=xs - width / 4, height=[w.breaks or 0 for w in self.weeks],
                                 width=width / 2, brushes=brushes(c["breaks"]), pens=pens, name=self.tr("Breaks")))
        care.add(pg.BarGraphItem(x=xs + width / 4, height=[w.nudges_ignored or 0 for w in self.weeks],
                                 width=width / 2, brushes=brushes(c["ignored"]), pens=pens,
                                 name=self.tr("Nudges left unanswered")))
        top = max([w.breaks or 0 for w in self.weeks] + [w.nudges_ignored or 0 for w in self.weeks] + [4])
        care.vb.setYRange(0, top * 1.2, padding=0.06)

        check = self.selfcheck_plot
        points = [(x, w.self_check) for x, w in zip(xs, self.weeks) if w.self_check is not None]
        if points:
            px, py = zip(*points)
            check.add(pg.PlotDataItem(list(px), list(py), pen=pg.mkPen(c["selfcheck"], width=2), symbol="o",
                                      symbolSize=9, symbolBrush=c["selfcheck"], symbolPen=None))
        line_at = self.questionnaire.threshold if self.questionnaire else self.settings["flag_selfcheck"]
        self._threshold(check, line_at)
        self._titles(line_at)
        check.vb.setYRange(0, 100, padding=0.08)
        check.left.setTicks([[(v, str(v)) for v in (0, 50, 100)]])

        # Every week's label while they fit, about nine beyond that; counting from the newest
        # week means this week always has its label.
        step = 1 if len(self.weeks) <= 12 else ceil(len(self.weeks) / 9)
        ticks, year = [], None
        for index, (x, w) in enumerate(zip(xs, self.weeks)):
            if (len(self.weeks) - 1 - index) % step:
                continue
            label = _day(w.start, "d MMM" if year is None or w.start.year == year else "d MMM yyyy")
            if w.so_far:
                # Short, so it never runs into last week's date; the readout names the day.
                label = self.tr("so far")
            year = w.start.year
            ticks.append((x, label))
        for plot in self.plots:
            plot.bottom.setTicks([ticks])
        if len(xs):
            self.selfcheck_plot.vb.setXRange(xs[0] - WEEK_SECONDS * 0.6, xs[-1] + WEEK_SECONDS * 0.6, padding=0)
        for plot in self.plots:
            shade = pg.mkColor(c["cursor"])
            shade.setAlpha(110)
            band = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(shade), pen=pg.mkPen(None))
            band.setZValue(-10)
            band.setVisible(False)
            plot.add(band, ignore_bounds=True)
            self.cursors.append(band)
        if self.patterns is not None and self.patterns_chart is not None:
            self.patterns_chart.draw(self.patterns, self.weeks)

    def _so_far_brush(self, colour: str):
        shade = _pyqtgraph().mkColor(colour)
        shade.setAlpha(90)
        return _pyqtgraph().mkBrush(shade)

    def _threshold(self, plot, value: float) -> None:
        pg = _pyqtgraph()
        pen = pg.mkPen(self.colours["line"], width=1.5, style=Qt.PenStyle.DashLine)
        plot.add(pg.InfiniteLine(pos=value, angle=0, movable=False, pen=pen), ignore_bounds=True)

    def _titles(self, selfcheck_line: float) -> None:
        c = self.colours
        text = self.palette().color(QPalette.ColorRole.WindowText).name()
        titles = {
            self.mood_plot: self.tr(
                '<span style="color:{mood}">●</span> Average mood and <span style="color:{energy}">●</span> '
                'evening energy (dashed), from 1 (low) to 5 (good)'
            ).format(mood=c["mood"], energy=c["energy"]),
            self.rough_plot: self.tr(
                '<span style="color:{rough}">■</span> Share of calls that were rough; the dashed line is {line} %'
            ).format(rough=c["rough"], line=self.settings["flag_rough_share"]),
            self.care_plot: self.tr(
                '<span style="color:{breaks}">■</span> Breaks taken and '
                '<span style="color:{ignored}">■</span> nudges left unanswered'
            ).format(breaks=c["breaks"], ignored=c["ignored"]),
            self.selfcheck_plot: self.tr(
                '<span style="color:{check}">●</span> Self-check score, 0 to 100; at the dashed line '
                '({line}) or above, it is worth talking to someone'
            ).format(check=c["selfcheck"], line=round(selfcheck_line)),
        }
        for plot, title in titles.items():
            plot.title.setText(title, color=text)

    # -- hover and keyboard -----------------------------------------------------
    def _on_mouse_moved(self, pos: QPointF) -> None:
        for plot in self.plots:
            if plot.box.sceneBoundingRect().contains(pos):
                x = plot.vb.mapSceneToView(pos).x()
                index = self.week_at(x)
                if index is not None:
                    self.select_week(index)
                    where = self.chart.mapToGlobal(self.chart.mapFromScene(pos))
                    QToolTip.showText(where, self.readout.text(), self.chart)
                return

    def week_at(self, x: float) -> int | None:
        """The week whose bar is nearest to chart position x, if x is within the chart."""
        if not self.weeks:
            return None
        distances = [abs(x - _center(w)) for w in self.weeks]
        nearest = min(range(len(distances)), key=distances.__getitem__)
        return nearest if distances[nearest] <= WEEK_SECONDS * 0.6 else None
