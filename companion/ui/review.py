"""The weekly review: the agent's weeks side by side, what stands out, and
the wins worth keeping.

pyqtgraph and numpy are imported when a window is built, never when this
module is imported, so the tray can import ReviewWindow and still start light.
Importing them takes about half a second, so a window made with
chart_later=True (as the tray and `companion review` make it) shows its
numbers, flags and wins at once and draws the chart right after its first
paint. Every number on screen comes from core.weeks and core.flags.

The window is put together from parts: its layout (review_layout.py), its
chart (review_chart.py) and the team-lead summary preview (summary_preview.py);
this module holds the data, the notes beside the chart and the exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer, QByteArray, QDate, QDateTime, QEvent, QIODevice, QLocale, Qt, QTime, Signal,
)
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QListWidgetItem, QVBoxLayout, QWidget

from companion.core import exports
from companion.core import patterns as patterns_core
from companion.core import weeks as weeks_core
from companion.core.flags import Flag, find_flags
from companion.core.selfcheck import Questionnaire, QuestionnaireError, load_questionnaire

from .first_paint import FirstPaint
from .keys import ClosesOnEscape
from .centred import centre_on_screen
from .placement import fit_to_screen
from .review_chart import WEEK_SECONDS, ReviewChart, _center, _day
from .review_layout import ReviewLayout
from .review_patterns import PatternsChart
from .style import FollowsPalette
from .summary_preview import SummaryPreview

WINS_SHOWN = 15


class ReviewWindow(ClosesOnEscape, FollowsPalette, ReviewLayout, ReviewChart, QWidget):
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
        self.patterns = None  # core.patterns.Patterns for the weeks shown
        self.patterns_chart = None
        self.plots: list = []
        self.cursors: list = []
        self.summary_dialog: SummaryPreview | None = None
        # Replaced in tests, so no native file dialog ever blocks them.
        self.ask_save_path = self._ask_save_path
        self._first_count = weeks
        # Opened from the tray (or `companion review`): the second page's chart,
        # not on screen at first, is built when that page is first shown.
        self._patterns_when_shown = chart_later
        self.setWindowTitle(self.tr("Your weeks"))
        self.setAccessibleName(self.tr("Your weeks"))
        self._build()
        self.refresh()
        if chart_later:
            FirstPaint(self.chart_waiting, self.ensure_chart, next_turn=True)
        else:
            self.ensure_chart()
        fit_to_screen(self, 1180, 780)
        centre_on_screen(self)  # the first time; kept with the window after

    def _build_patterns_chart(self) -> None:
        self.patterns_chart = PatternsChart(self)
        self.patterns_slot.addWidget(self.patterns_chart.widget)

    def ensure_patterns_chart(self, *_page) -> None:
        """The second page's chart, built, coloured and drawn the first time it is needed."""
        if self.patterns_chart is not None or self.chart is None:
            return
        self._build_patterns_chart()
        self.patterns_chart.widget.show()  # a child added to a page already on screen starts hidden
        self.patterns_chart.colour()
        if self.patterns is not None:
            self.patterns_chart.draw(self.patterns, self.weeks)

    def on_first_paints(self, shown, drawn) -> None:
        """For a window made with chart_later: calls `shown` once the window has
        first painted and `drawn` once its chart has (the moments the agent
        first sees each; the benchmark times them)."""
        FirstPaint(self, shown, next_turn=True)
        self.chart_ready.connect(lambda: FirstPaint(self.chart.viewport(), drawn, next_turn=True))

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
        self.patterns = patterns_core.patterns(self.store, [w.week for w in self.weeks], self.settings)
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

    def _show_flags(self) -> None:
        while self.flags_layout.count():
            item = self.flags_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        notes = self.patterns.notes if self.patterns is not None else ()
        if not self.flags and not notes:
            calm = QLabel(self.tr("Nothing stands out in these weeks. Keep looking after yourself."))
            calm.setWordWrap(True)
            self.flags_layout.addWidget(calm)
        shown = [(flag.title, flag.detail, flag.help) for flag in self.flags]
        shown += [(self.tr("Worth passing on"), note.text, "") for note in notes]
        for title_text, detail_text, help_text in shown:
            frame = QFrame()
            frame.setObjectName("flag")
            box = QVBoxLayout(frame)
            box.setContentsMargins(10, 8, 10, 8)
            # Core's words, shown as plain text: no markup can slip in from a note or a number.
            title = QLabel(title_text)
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            detail = QLabel(detail_text)
            for label in (title, detail):
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box.addWidget(label)
            if help_text:
                helper = QLabel(help_text)
                helper.setTextFormat(Qt.TextFormat.PlainText)
                helper.setWordWrap(True)
                helper.setStyleSheet(f"color: {self.colours['flag']};")
                box.addWidget(helper)
            frame.setAccessibleName(title_text)
            frame.setAccessibleDescription(f"{detail_text} {help_text}".strip())
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
        if w.so_far:
            # Not over yet: its counts are for the days so far, not a whole week.
            name = self.tr("{name}, so far ({days} of its days with calls)").format(name=name, days=w.days or 0)
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
        # The page on show: the weeks, or what and when.
        if self.chart_tabs.currentIndex() == 1:
            self.ensure_patterns_chart()
            shown = self.patterns_chart.widget
        else:
            shown = self.chart
        if not shown.grab().save(buffer, "PNG"):
            raise OSError(self.tr("The picture could not be made."))
        buffer.close()
        return exports.write_private(path, bytes(data))

    def export_csv(self, path: str | Path) -> Path:
        return exports.write_private(path, exports.weeks_csv(weeks_core.all_weeks(self.store, self.clock.now())))

    def summary_text(self, tags=(), hours: bool = False, kind: str = "text") -> str:
        """The team-lead summary of the weeks shown, with the ticked tags and hours only."""
        extras = patterns_core.summary_extras(self.store, [w.week for w in self.weeks], self.settings, tags, hours)
        if kind == "csv":
            return exports.summary_csv(self.weeks, extras)
        return exports.summary_text(self.weeks, self.clock.now(), extras)

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
        tags = self.patterns.tags if self.patterns is not None else []
        self.summary_dialog = SummaryPreview(self.summary_text, tags, self)
        self.summary_dialog.ask_save_path = self.ask_save_path
        self.summary_dialog.suggested = f"companion-summary-{self._stamp()}.txt"
        self.summary_dialog.saved.connect(lambda p: self.status.setText(self.tr("Saved to {path}").format(path=p)))
        self.summary_dialog.open()



