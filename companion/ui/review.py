"""The weekly review: the agent's weeks side by side, what stands out, and
the wins worth keeping.

pyqtgraph and numpy are imported when a window is built, never when this
module is imported, so the tray can import ReviewWindow and still start light.
Importing them takes about half a second, so a window made with
chart_later=True (as the tray and `companion review` make it) shows its
numbers, flags and wins at once and draws the chart right after its first
paint. Every number on screen comes from core.weeks and core.flags."""

from __future__ import annotations

from datetime import datetime, time
from math import ceil
from pathlib import Path

from PySide6.QtCore import (
    QBuffer, QByteArray, QDate, QDateTime, QEvent, QIODevice, QLocale, QObject, QPointF, Qt, QTime, QTimer,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QFrame, QGraphicsGridLayout, QGraphicsWidget, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy, QSpinBox, QToolTip, QVBoxLayout,
    QWidget,
)

from companion.core import exports
from companion.core import weeks as weeks_core
from companion.core.flags import Flag, find_flags
from companion.core.selfcheck import Questionnaire, QuestionnaireError, load_questionnaire
from companion.core.settings import BY_KEY

from .keys import ClosesOnEscape
from .placement import fit_to_screen
from .quick_import import collector_paused, without_feature_scan

WEEK_SECONDS = 7 * 24 * 3600
WINS_SHOWN = 15

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

    def __init__(self, window: ReviewWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.window.step_week(-1 if event.key() == Qt.Key.Key_Left else 1)
            return True
        return False


class _FirstPaint(QObject):
    """Calls `then` once, on the next turn of the event loop after the watched
    widget first painted: the window is on screen before the slow import."""

    def __init__(self, watched: QWidget, then) -> None:
        super().__init__(watched)
        self.then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.then is not None:
            then, self.then = self.then, None
            QTimer.singleShot(0, then)
        return False


class ReviewWindow(ClosesOnEscape, QWidget):
    chart_ready = Signal()

    def __init__(self, store, settings, clock, questionnaire: Questionnaire | None = None,
                 weeks: int | None = None, parent: QWidget | None = None, chart_later: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.settings, self.clock = store, settings, clock
        if questionnaire is None:
            try:
                questionnaire = load_questionnaire()
            except QuestionnaireError:
                questionnaire = None
        self.questionnaire = questionnaire
        self.weeks: list[weeks_core.WeekSignals] = []
        self.flags: list[Flag] = []
        self.selected: int | None = None
        self.chart = None
        self.plots: list = []
        self.cursors: list = []
        self.summary_dialog: SummaryPreview | None = None
        # Replaced in tests, so no native file dialog ever blocks them.
        self.ask_save_path = self._ask_save_path
        self._first_count = weeks
        self.setWindowTitle(self.tr("Your weeks"))
        self.setAccessibleName(self.tr("Your weeks"))
        self._build()
        self.refresh()
        if chart_later:
            _FirstPaint(self.chart_waiting, self.ensure_chart)
        else:
            self.ensure_chart()
        fit_to_screen(self, 1180, 780)

    # -- building -------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 12)
        outer.setSpacing(10)

        top = QHBoxLayout()
        heading = QLabel(self.tr("Your weeks"))
        heading.setObjectName("heading")
        top.addWidget(heading)
        top.addStretch(1)
        shown = QLabel(self.tr("Show the last"))
        self.weeks_spin = QSpinBox()
        setting = BY_KEY["review_weeks"]
        self.weeks_spin.setRange(int(setting.minimum), int(setting.maximum))
        self.weeks_spin.setSuffix(self.tr(" weeks"))
        self.weeks_spin.setValue(int(self._first_count or self.settings["review_weeks"]))
        self._spin_start = self.weeks_spin.value()
        self.weeks_spin.setAccessibleName(self.tr("Number of weeks shown"))
        self.weeks_spin.setKeyboardTracking(False)
        self.weeks_spin.valueChanged.connect(self._weeks_changed)
        shown.setBuddy(self.weeks_spin)
        top.addWidget(shown)
        top.addWidget(self.weeks_spin)
        outer.addLayout(top)

        self.readout = QLabel()
        self.readout.setObjectName("readout")
        self.readout.setWordWrap(True)
        self.readout.setMinimumHeight(44)
        self.readout.setAccessibleName(self.tr("Numbers for the chosen week"))
        outer.addWidget(self.readout)

        middle = QHBoxLayout()
        middle.setSpacing(14)
        self.chart_slot = QVBoxLayout()
        self.chart_slot.setContentsMargins(0, 0, 0, 0)
        self.chart_waiting = QLabel(self.tr("Drawing your chart…"))
        self.chart_waiting.setObjectName("quiet")
        self.chart_waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_slot.addWidget(self.chart_waiting)
        middle.addLayout(self.chart_slot, 3)

        side = QVBoxLayout()
        side.setSpacing(10)
        flags_title = QLabel(self.tr("Worth noticing"))
        flags_title.setObjectName("sideHeading")
        side.addWidget(flags_title)
        self.flags_box = QWidget()
        self.flags_box.setObjectName("flagsBox")
        self.flags_layout = QVBoxLayout(self.flags_box)
        self.flags_layout.setContentsMargins(0, 0, 0, 0)
        self.flags_layout.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidget(self.flags_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Things worth noticing"))
        side.addWidget(scroll, 3)
        wins_title = QLabel(self.tr("Wins to keep"))
        wins_title.setObjectName("sideHeading")
        side.addWidget(wins_title)
        self.wins_total = QLabel()
        self.wins_total.setWordWrap(True)
        side.addWidget(self.wins_total)
        self.wins = QListWidget()
        self.wins.setWordWrap(True)
        self.wins.setAccessibleName(self.tr("Recent compliments and great calls"))
        self.wins.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        side.addWidget(self.wins, 2)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMinimumWidth(330)
        side_widget.setMaximumWidth(400)
        middle.addWidget(side_widget, 1)
        outer.addLayout(middle, 1)

        self.care_note = QLabel()
        self.care_note.setObjectName("care")
        self.care_note.setWordWrap(True)
        self.care_note.setText(self.tr(
            "The self-check is a prompt to notice how you are doing, not a diagnosis, and Companion is not "
            "a medical device. If things feel heavy, talk to your GP, your employee assistance programme, "
            "or a helpline."))
        outer.addWidget(self.care_note)

        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("quiet")
        self.status.setAccessibleName(self.tr("Export result"))
        bottom.addWidget(self.status, 1)
        self.png_button = self._button(self.tr("Save chart as PNG…"), self.export_png_clicked)
        self.csv_button = self._button(self.tr("Save all weeks as CSV…"), self.export_csv_clicked)
        self.summary_button = self._button(self.tr("Summary for my team lead…"), self.summary_clicked)
        close = self._button(self.tr("Close"), self.close)
        for button in (self.png_button, self.csv_button, self.summary_button, close):
            bottom.addWidget(button)
        outer.addLayout(bottom)
        self._apply_colours()

    def on_first_paints(self, shown, drawn) -> None:
        """For a window made with chart_later: calls `shown` once the window has
        first painted and `drawn` once its chart has (the moments the agent
        first sees each; the benchmark times them)."""
        _FirstPaint(self, shown)
        self.chart_ready.connect(lambda: _FirstPaint(self.chart.viewport(), drawn))

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
        self._colour_chart()
        self._draw()
        if self.selected is not None:
            self.select_week(self.selected)
        # The chart is where the arrow keys read the weeks; it takes the keyboard
        # unless the person already moved on to something else.
        if self.focusWidget() in (None, self.weeks_spin) and self.weeks_spin.value() == self._spin_start:
            self.chart.setFocus()
        self.chart_ready.emit()

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    # -- colours -----------------------------------------------------------------
    def _apply_colours(self) -> None:
        dark = is_dark(self.palette())
        self.colours = DARK if dark else LIGHT
        c = self.colours
        self._colour_chart()
        # Headings in proportion to the person's own text size.
        points = max(QGuiApplication.font().pointSizeF(), 10.0)
        self.setStyleSheet(f"""
            QLabel#heading {{ font-size: {round(points * 1.7, 1)}pt; font-weight: 600; }}
            QLabel#sideHeading {{ font-size: {round(points * 1.2, 1)}pt; font-weight: 600; }}
            QLabel#readout {{ background: {c['panel']}; border: 1px solid {c['edge']}; border-radius: 8px;
                              padding: 6px 10px; }}
            QLabel#care, QLabel#quiet {{ color: {c['quiet']}; }}
            QFrame#flag {{ background: {c['panel']}; border: 1px solid {c['edge']}; border-radius: 8px; }}
            QListWidget {{ background: {c['panel']}; border: 1px solid {c['edge']}; border-radius: 8px; }}
            QListWidget::item {{ padding: 6px 4px; border-bottom: 1px solid {c['edge']}; }}
        """)

    def _colour_chart(self) -> None:
        if self.chart is None:
            return
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self.chart.setBackground(self.palette().color(QPalette.ColorRole.Window))
        for plot in self.plots:
            for axis in (plot.left, plot.bottom):
                axis.setPen(self.colours["line"])
                axis.setTextPen(text.name())

    def showEvent(self, event) -> None:
        # A window kept and shown again (from the tray) shows today's numbers.
        if getattr(self, "_shown_before", False):
            self.refresh()
        self._shown_before = True
        super().showEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "colours"):
            self._apply_colours()
            self._draw()
            if self.selected is not None:
                self.select_week(self.selected)

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the weeks, flags and wins again (e.g. after a call was logged)."""
        self.weeks = weeks_core.recent(self.store, self.clock.now(), self.weeks_spin.value())
        self.flags = find_flags(self.weeks, self.settings)
        self._draw()
        self._show_flags()
        self._show_wins()
        latest = max((i for i, w in enumerate(self.weeks) if w.has_data), default=len(self.weeks) - 1)
        self.select_week(latest)

    def show_weeks(self, count: int) -> None:
        """Show this many weeks now (`companion review --weeks N`), leaving the
        remembered choice as it is, as a new window given `weeks` does."""
        self.weeks_spin.blockSignals(True)
        self.weeks_spin.setValue(count)
        self.weeks_spin.blockSignals(False)
        self.refresh()

    def _weeks_changed(self, count: int) -> None:
        self.settings.set("review_weeks", count)
        self.refresh()

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

        rough = self.rough_plot
        shares = [w.rough_share * 100 if w.rough_share is not None else 0 for w in self.weeks]
        rough.add(pg.BarGraphItem(x=xs, height=shares, width=width, brush=c["rough"], pen=None))
        self._threshold(rough, self.settings["flag_rough_share"])
        rough.vb.setYRange(0, 100, padding=0.08)
        rough.left.setTicks([[(v, f"{v}%") for v in (0, 25, 50, 75, 100)]])

        care = self.care_plot
        care.add(pg.BarGraphItem(x=xs - width / 4, height=[w.breaks or 0 for w in self.weeks],
                                 width=width / 2, brush=c["breaks"], pen=None, name=self.tr("Breaks")))
        care.add(pg.BarGraphItem(x=xs + width / 4, height=[w.nudges_ignored or 0 for w in self.weeks],
                                 width=width / 2, brush=c["ignored"], pen=None,
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

    def _show_flags(self) -> None:
        while self.flags_layout.count():
            item = self.flags_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not self.flags:
            calm = QLabel(self.tr("Nothing stands out in these weeks. Keep looking after yourself."))
            calm.setWordWrap(True)
            self.flags_layout.addWidget(calm)
        for flag in self.flags:
            frame = QFrame()
            frame.setObjectName("flag")
            box = QVBoxLayout(frame)
            box.setContentsMargins(10, 8, 10, 8)
            # Core's words, shown as plain text: no markup can slip in from a note or a number.
            title = QLabel(flag.title)
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            detail = QLabel(flag.detail)
            for label in (title, detail):
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box.addWidget(label)
            if flag.help:
                helper = QLabel(flag.help)
                helper.setTextFormat(Qt.TextFormat.PlainText)
                helper.setWordWrap(True)
                helper.setStyleSheet(f"color: {self.colours['flag']};")
                box.addWidget(helper)
            frame.setAccessibleName(flag.title)
            frame.setAccessibleDescription(f"{flag.detail} {flag.help}".strip())
            self.flags_layout.addWidget(frame)
        self.flags_layout.addStretch(1)

    def _show_wins(self) -> None:
        active = [w for w in self.weeks if w.has_data]
        self.wins_total.setVisible(bool(active))
        self.wins_total.setText(self.tr(
            # Counts after a colon read right for one or many, in English and in translation.
            "These {weeks} weeks: great calls {great}, compliments {compliments}."
        ).format(weeks=len(self.weeks), great=sum(w.great for w in active),
                 compliments=sum(w.compliments for w in active)))
        self.wins.clear()
        found = self.store.calls(
            where="c.rating = 'great' OR EXISTS (SELECT 1 FROM call_tags t WHERE t.call_id = c.id "
                  "AND t.tag IN ('compliment', 'thanked'))",
            limit=WINS_SHOWN,
        )
        if not found:
            item = QListWidgetItem(self.tr("Compliments and great calls will gather here. They are yours to keep."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.wins.addItem(item)
            return
        for call in found:
            local = call.at.astimezone()
            when = QLocale().toString(QDateTime(QDate(local.year, local.month, local.day),
                                                QTime(local.hour, local.minute)), "ddd dd MMM, HH:mm")
            tags = ", ".join(call.tags)
            if call.rating.value == "great":
                text = self.tr("{when}: a great call").format(when=when)
            else:
                text = self.tr("{when}: a caller's kind words").format(when=when)
            if tags:
                text += "\n" + self.tr("Tags: {tags}").format(tags=tags)
            if call.note.strip():
                text += "\n“" + call.note.strip() + "”"
            item = QListWidgetItem(text)
            item.setToolTip(text)
            self.wins.addItem(item)

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

    def step_week(self, step: int) -> None:
        current = self.selected if self.selected is not None else len(self.weeks) - 1
        self.select_week(max(0, min(len(self.weeks) - 1, current + step)))

    def select_week(self, index: int) -> None:
        if not self.weeks:
            return
        self.selected = index
        week = self.weeks[index]
        middle = _center(week)
        for band in self.cursors:
            band.setRegion((middle - WEEK_SECONDS / 2, middle + WEEK_SECONDS / 2))
            band.setVisible(True)
        self.readout.setText(self.week_text(week))

    def week_text(self, w: weeks_core.WeekSignals) -> str:
        name = self.tr("Week of {date} ({week})").format(date=_day(w.start), week=w.week)
        if not w.has_data:
            return self.tr("{name}: nothing was logged.").format(name=name)

        def n(value, digits=1):
            return exports.number(value, digits)

        return self.tr(
            "{name}: {calls} calls, {rough} rough ({share}), {great} great. Average mood {mood}, "
            "evening energy {energy}. Longest rough run {run}.\n"
            "Breaks {breaks}, breathing minutes {breaths} (mood change {change}). Nudges {nudges}: "
            "{accepted} taken up, {ignored} left unanswered. Compliments {compliments}. Self-check {check}."
        ).format(
            name=name, calls=w.calls, rough=w.rough, share=exports.percent(w.rough_share), great=w.great,
            mood=n(w.avg_mood), energy=n(w.energy_avg), run=w.longest_rough_run, breaks=w.breaks,
            breaths=w.breathing_sessions,
            change=exports.DASH if w.breath_mood_change is None else f"{w.breath_mood_change:+.1f}",
            nudges=w.nudges, accepted=w.nudges_accepted, ignored=w.nudges_ignored, compliments=w.compliments,
            check=n(w.self_check, 0),
        )

    # -- exports -----------------------------------------------------------------
    def _ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested), file_filter)
        return path

    def _stamp(self) -> str:
        return self.clock.now().strftime("%Y-%m-%d")

    def export_png(self, path: str | Path) -> Path:
        self.ensure_chart()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.chart.grab().save(buffer, "PNG"):
            raise OSError(self.tr("The picture could not be made."))
        buffer.close()
        return exports.write_private(path, bytes(data))

    def export_csv(self, path: str | Path) -> Path:
        return exports.write_private(path, exports.weeks_csv(weeks_core.all_weeks(self.store, self.clock.now())))

    def summary_text(self) -> str:
        return exports.summary_text(self.weeks, self.clock.now())

    def _saved(self, action, path: str) -> None:
        if not path:
            return
        try:
            written = action(path)
        except OSError as exc:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=str(exc)))
            return
        self.status.setText(self.tr("Saved to {path}").format(path=str(written)))

    def export_png_clicked(self) -> None:
        path = self.ask_save_path(self.tr("Save the chart"), f"companion-weeks-{self._stamp()}.png",
                                  self.tr("PNG pictures (*.png)"))
        self._saved(self.export_png, path)

    def export_csv_clicked(self) -> None:
        path = self.ask_save_path(self.tr("Save all weeks"), f"companion-weeks-{self._stamp()}.csv",
                                  self.tr("CSV spreadsheets (*.csv)"))
        self._saved(self.export_csv, path)

    def summary_clicked(self) -> None:
        self.summary_dialog = SummaryPreview(self.summary_text(), self)
        self.summary_dialog.ask_save_path = self.ask_save_path
        self.summary_dialog.suggested = f"companion-summary-{self._stamp()}.txt"
        self.summary_dialog.saved.connect(lambda p: self.status.setText(self.tr("Saved to {path}").format(path=p)))
        self.summary_dialog.open()



class SummaryPreview(QDialog):
    """Shows exactly what the team-lead summary holds before it is saved."""

    saved = Signal(str)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.suggested = "companion-summary.txt"
        self.ask_save_path = None
        self.setWindowTitle(self.tr("Summary for my team lead"))
        self.setAccessibleName(self.tr("Summary for my team lead"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This is everything the summary holds: counts and rates, with no notes and no self-check "
            "answers. Read it through, then save it and pass it on however you like."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.preview = QPlainTextEdit(text)
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setAccessibleName(self.tr("Summary text"))
        layout.addWidget(self.preview, 1)
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        copy = QPushButton(self.tr("Copy"))
        copy.setAccessibleName(self.tr("Copy the summary"))
        copy.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setAccessibleName(self.tr("Save the summary to a file"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_clicked)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the summary"))
        close.clicked.connect(self.reject)
        for button in (copy, self.save_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.status.setText(self.tr("Copied."))

    def save_clicked(self) -> None:
        ask = self.ask_save_path or (lambda title, name, kinds: QFileDialog.getSaveFileName(
            self, title, str(Path.home() / name), kinds)[0])
        path = ask(self.tr("Save the summary"), self.suggested, self.tr("Text files (*.txt)"))
        if not path:
            return
        try:
            exports.write_private(path, self.text)
        except OSError as exc:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=str(exc)))
            return
        self.saved.emit(str(path))
        self.accept()

