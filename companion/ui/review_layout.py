"""How the review window is laid out: the heading and weeks box, the readout,
the chart's place beside the notes and wins, the care note and the export
buttons; and its colours. ReviewLayout is that part of ReviewWindow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QListWidget, QScrollArea, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from companion.core.settings import BY_KEY

from .placement import push_button
from .review_chart import DARK, LIGHT, is_dark
from .style import apply_window_look, calm_colours


class ReviewLayout:
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
        # Two pages: the weeks' signals, and what the rough calls were about and when they came.
        self.chart_tabs = QTabWidget()
        self.chart_tabs.setAccessibleName(self.tr("Charts"))
        weeks_page = QWidget()
        weeks_page.setLayout(self.chart_slot)
        self.chart_tabs.addTab(weeks_page, self.tr("Your weeks"))
        self.patterns_slot = QVBoxLayout()
        self.patterns_slot.setContentsMargins(0, 0, 0, 0)
        patterns_page = QWidget()
        patterns_page.setLayout(self.patterns_slot)
        self.chart_tabs.addTab(patterns_page, self.tr("Rough calls: what and when"))
        middle.addWidget(self.chart_tabs, 3)

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
        self.png_button = push_button(self.tr("Save chart as PNG…"), self.export_png_clicked)
        self.csv_button = push_button(self.tr("Save all weeks as CSV…"), self.export_csv_clicked)
        self.summary_button = push_button(self.tr("Summary for my team lead…"), self.summary_clicked)
        close = push_button(self.tr("Close"), self.close)
        for button in (self.png_button, self.csv_button, self.summary_button, close):
            bottom.addWidget(button)
        outer.addLayout(bottom)
        self._apply_colours()

    # -- colours -----------------------------------------------------------------
    def _apply_colours(self) -> None:
        # The shared look first: the chart takes its background from the window's palette.
        apply_window_look(self, self._review_sheet())
        self.colours = DARK if is_dark(QGuiApplication.palette()) else LIGHT
        self._colour_chart()

    def _apply_style(self) -> None:  # FollowsPalette: light and dark switched
        self._apply_colours()

    def _review_sheet(self) -> str:
        """Headings in proportion to the person's own text size; the week's
        numbers, the notes and the wins as cards of the shared look."""
        c, card = calm_colours(), calm_colours()["button"]
        points = max(QGuiApplication.font().pointSizeF(), 10.0)
        return f"""
            QLabel#heading {{ font-size: {round(points * 1.7, 1)}pt; font-weight: 600; }}
            QLabel#sideHeading {{ font-size: {round(points * 1.2, 1)}pt; font-weight: 600; }}
            QLabel#readout {{ background: {card}; border: 1px solid {c['edge']}; border-radius: 8px;
                              padding: 6px 10px; }}
            QLabel#care, QLabel#quiet {{ color: {c['quiet']}; }}
            QFrame#flag {{ background: {card}; border: 1px solid {c['edge']}; border-radius: 8px; }}
            QListWidget {{ background: {card}; border: 1px solid {c['edge']}; border-radius: 8px; }}
            QListWidget::item {{ padding: 6px 4px; border-bottom: 1px solid {c['line']}; }}
        """
