"""The review's second page, "What and when": which tags the rough calls
carried, week by week (stacked bars), and an hour-by-weekday grid of the share
of calls that were rough over the weeks shown, with its colour scale.

Drawn with pyqtgraph, which review_chart.py imports when a chart is first
built. The colours are Okabe and Ito's set and the cividis scale, both told
apart with the common kinds of colour blindness; a cell where no call was
logged is left blank, so it never reads as 0 %. Every number comes from
core.patterns."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QToolTip

from companion.core.patterns import Patterns

from .review_chart import WEEK_SECONDS, _center, _day, _Panel, _pyqtgraph

# Okabe-Ito, without its black; the last colour is for the tags beyond these.
TAG_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
OTHER_COLOUR = "#999999"
TAGS_DRAWN = len(TAG_COLOURS)


class PatternsChart(QObject):
    """Builds and draws the page; `window` is the ReviewWindow (weeks, colours)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        pg = _pyqtgraph()
        self.window = window
        self.short_days = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                           self.tr("Sat"), self.tr("Sun"))
        self.every_day = (self.tr("Mondays"), self.tr("Tuesdays"), self.tr("Wednesdays"), self.tr("Thursdays"),
                          self.tr("Fridays"), self.tr("Saturdays"), self.tr("Sundays"))
        self.widget = pg.GraphicsLayoutWidget()
        self.widget.setAccessibleName(self.tr("Chart of what the rough calls were about and when they came"))
        self.widget.setAccessibleDescription(self.tr(
            "Stacked bars: rough calls by tag, week by week. Below: the share of calls that were rough, "
            "by weekday and hour; blank cells had no calls. The notes beside the chart say the same in words."))
        self.widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.widget.ci.layout.setSpacing(8)
        self.widget.ci.setContentsMargins(4, 4, 26, 4)
        self.tags_plot = _Panel(pg, show_dates=True)
        self.grid_plot = _Panel(pg, show_dates=True)
        self.legend = _Panel(pg, show_dates=True)
        self.widget.ci.addItem(self.tags_plot.box, row=0, col=0)
        self.widget.ci.addItem(self.grid_plot.box, row=1, col=0)
        self.widget.ci.addItem(self.legend.box, row=2, col=0)
        self.widget.ci.layout.setRowStretchFactor(0, 5)
        self.widget.ci.layout.setRowStretchFactor(1, 6)
        self.widget.ci.layout.setRowFixedHeight(2, 66)
        for plot in (self.tags_plot, self.grid_plot):
            plot.box.layout().setRowFixedHeight(0, 46)  # a title of two lines
        self.grid_plot.vb.invertY(True)  # Monday on top, as a calendar reads
        self.widget.scene().sigMouseMoved.connect(self._hover)
        self.patterns: Patterns | None = None
        self.tags: list[str] = []
        self.hover_text = ""

    def colour(self) -> None:
        palette = self.window.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        self.widget.setBackground(palette.color(QPalette.ColorRole.Window))
        for plot in (self.tags_plot, self.grid_plot, self.legend):
            for axis in (plot.left, plot.bottom):
                axis.setPen(self.window.colours["line"])
                axis.setTextPen(text.name())

    def draw(self, found: Patterns, weeks) -> None:
        pg = _pyqtgraph()
        import numpy as np

        self.patterns, self.weeks = found, list(weeks)
        text = self.window.palette().color(QPalette.ColorRole.WindowText).name()
        for plot in (self.tags_plot, self.grid_plot, self.legend):
            plot.clear()

        # -- rough calls by tag, stacked ------------------------------------
        ordered = found.tags
        self.tags = ordered[:TAGS_DRAWN] if len(ordered) <= TAGS_DRAWN else ordered[:TAGS_DRAWN - 1]
        rest = [t for t in ordered if t not in self.tags]
        xs = np.array([_center(w) for w in self.weeks])
        base = np.zeros(len(xs))
        series = [(t, TAG_COLOURS[i]) for i, t in enumerate(self.tags)] + ([(None, OTHER_COLOUR)] if rest else [])
        for tag, colour in series:
            heights = np.array([self._count(w.week, tag, rest) for w in self.weeks], dtype=float)
            if heights.any():
                self.tags_plot.add(pg.BarGraphItem(x=xs, y0=base.copy(), height=heights, width=WEEK_SECONDS * 0.62,
                                                   brush=colour, pen=pg.mkPen(self.window.palette().color(
                                                       QPalette.ColorRole.Window), width=1)))
            base += heights
        top = max(float(base.max()) if len(base) else 0.0, 4.0)
        self.tags_plot.vb.setYRange(0, top * 1.1, padding=0.04)
        if len(xs):
            self.tags_plot.vb.setXRange(xs[0] - WEEK_SECONDS * 0.6, xs[-1] + WEEK_SECONDS * 0.6, padding=0)
        step = max(1, -(-len(self.weeks) // 9))
        self.tags_plot.bottom.setTicks([[(x, _day(w.start, "d MMM")) for i, (x, w) in
                                         enumerate(zip(xs, self.weeks)) if (len(self.weeks) - 1 - i) % step == 0]])
        keys = [f'<span style="color:{c}">■</span>&nbsp;{t if t is not None else self.tr("other tags")}'
                for t, c in series]
        # Two short lines: a long title would widen the chart past its page.
        title = self.tr("Rough calls by tag, week by week")
        title += "<br>" + ("&nbsp;&nbsp;".join(keys) if keys else self.tr("No rough call carried a tag in these weeks."))
        self.tags_plot.title.setText(title, color=text)

        # -- the hour-by-weekday grid ---------------------------------------------
        grid = found.grid
        self.hours = grid.hours_used()
        scale = pg.colormap.get("cividis")  # shipped with pyqtgraph; dark blue (0 %) to yellow (100 %)
        rgba = np.zeros((7, len(self.hours), 4), dtype=np.ubyte)
        for day, row in enumerate(grid.cells):
            for column, hour in enumerate(self.hours):
                cell = row[hour]
                if cell is not None:
                    rgba[day, column] = scale.map(cell.share, mode="byte")
                # No calls: alpha stays 0, so the cell is blank, not the colour of 0 %.
        image = pg.ImageItem(rgba, axisOrder="row-major")
        image.setRect(self.hours.start, 0, len(self.hours), 7)
        self.grid_plot.add(image)
        self.grid_plot.vb.setRange(xRange=(self.hours.start, self.hours.stop), yRange=(0, 7), padding=0.02)
        self.grid_plot.left.setTicks([[(d + 0.5, self.short_days[d]) for d in range(7)]])
        self.grid_plot.bottom.setTicks([[(h + 0.5, f"{h:02d}") for h in self.hours]])
        share = "–" if grid.share is None else f"{round(100 * grid.share)} %"
        self.grid_plot.title.setText(self.tr(
            "When the rough calls came: the share of each hour's calls that were rough<br>"
            "Over these {n} weeks; all hours together: {share}. Blank: no calls.").format(
                n=len(self.weeks), share=share), color=text)

        # -- the colour scale ---------------------------------------------------------------
        ramp = np.array([[scale.map(v / 100, mode="byte") for v in range(101)]], dtype=np.ubyte)
        bar = pg.ImageItem(ramp, axisOrder="row-major")
        bar.setRect(0, 0, 100, 1)
        self.legend.add(bar)
        self.legend.vb.setRange(xRange=(0, 100), yRange=(0, 1), padding=0.01)
        self.legend.left.setTicks([[]])
        self.legend.bottom.setTicks([[(v, f"{v} %") for v in (0, 25, 50, 75, 100)]])
        self.legend.title.setText(self.tr("Colour scale: share of calls that were rough"), color=text)

    def _count(self, week: str, tag: str | None, rest: list[str]) -> int:
        counts = self.patterns.rough_tags.get(week, {})
        if tag is None:
            return sum(counts.get(t, 0) for t in rest)
        return counts.get(tag, 0)

    # -- hover ------------------------------------------------------------------
    def text_at(self, pos: QPointF) -> str:
        """What hovering at scene position `pos` shows (the numbers), or ''."""
        if self.patterns is None:
            return ""
        if self.tags_plot.box.sceneBoundingRect().contains(pos):
            index = self.window.week_at(self.tags_plot.vb.mapSceneToView(pos).x())
            if index is None:
                return ""
            week = self.weeks[index]
            counts = self.patterns.rough_tags.get(week.week, {})
            name = self.tr("Week of {date}").format(date=_day(week.start))
            if not counts:
                return self.tr("{name}: no rough call carried a tag.").format(name=name)
            listed = ", ".join(f"{t} {n}" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            return self.tr("{name}, rough calls by tag: {listed}. Rough calls in all: {rough}.").format(
                name=name, listed=listed, rough=week.rough or 0)
        if self.grid_plot.box.sceneBoundingRect().contains(pos):
            point = self.grid_plot.vb.mapSceneToView(pos)
            day, hour = int(point.y()), int(point.x())
            if not (0 <= day < 7 and hour in self.hours) or point.x() < 0 or point.y() < 0:
                return ""
            cell = self.patterns.grid.cells[day][hour]
            when = self.tr("{days} {start}:00–{end}:00").format(days=self.every_day[day], start=f"{hour:02d}",
                                                                end=f"{(hour + 1) % 24:02d}")
            if cell is None:
                return self.tr("{when}: no calls logged.").format(when=when)
            return self.tr("{when}: {rough} of {calls} calls were rough ({share} %).").format(
                when=when, rough=cell.rough, calls=cell.calls, share=round(100 * cell.share))
        return ""

    def _hover(self, pos: QPointF) -> None:
        self.hover_text = self.text_at(pos)
        if self.hover_text:
            where = self.widget.mapToGlobal(self.widget.mapFromScene(pos))
            QToolTip.showText(where, self.hover_text, self.widget)
