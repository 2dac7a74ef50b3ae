"""How the breathing page is laid out (pattern box, pacer, phase words,
countdown, +30 s and End now), the words card beside "How do you feel now?",
and the window's colours. BreatheLayout is that part of BreatheWindow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.core.breathing import PATTERNS
from companion.translations import core_text

from .pacer import Pacer
from .placement import push_button

# The sizes below are for a 10 pt desktop font; they grow and shrink with the
# person's own text size, so large text makes the words large here too.
DESIGN_POINTS = 10.0


def _font(base: QFont, points: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont(base)
    scale = base.pointSizeF() / DESIGN_POINTS if base.pointSizeF() > 0 else 1.0  # -1: set in pixels
    font.setPointSizeF(points * scale)
    font.setWeight(weight)
    return font


class BreatheLayout:
    # -- building ------------------------------------------------------------
    def _build_breathing_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(8)
        # The microphone comes first: an agent who is not muted must see it before anything else.
        layout.addWidget(self._build_mic_banner(page))
        layout.addSpacing(4)

        top = QHBoxLayout()
        self.pattern_box = QComboBox(page)
        for name, pattern in PATTERNS.items():
            self.pattern_box.addItem(core_text(pattern.title), name)
        self.pattern_box.addItem(self.tr("Custom"), "custom")
        self.pattern_box.setAccessibleName(self.tr("Breathing pattern"))
        self.pattern_box.setToolTip(self.tr("Change the breathing pattern; the time left stays the same."))
        self.pattern_box.currentIndexChanged.connect(self._pattern_chosen)
        top.addWidget(self.pattern_box)
        top.addStretch(1)
        self.countdown_label = QLabel(page)
        self.countdown_label.setProperty("role", "soft")
        self.countdown_label.setAccessibleName(self.tr("Time left in this session"))
        self.countdown_label.setFont(_font(self.font(), 12))
        top.addWidget(self.countdown_label)
        layout.addLayout(top)

        self.pacer = Pacer(self.colours, page)
        layout.addWidget(self.pacer, 1)

        self.phase_label = QLabel(page)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setAccessibleName(self.tr("What to do now"))
        self.phase_label.setFont(_font(self.font(), 24, QFont.Weight.DemiBold))
        layout.addWidget(self.phase_label)

        self.phase_seconds_label = QLabel(page)
        self.phase_seconds_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_seconds_label.setProperty("role", "soft")
        self.phase_seconds_label.setAccessibleName(self.tr("Seconds left in this part of the breath"))
        self.phase_seconds_label.setFont(_font(self.font(), 15))
        layout.addWidget(self.phase_seconds_label)

        buttons = QHBoxLayout()
        self.extend_button = push_button(self.tr("+30 s"), self.extend, page, self.tr("Add 30 seconds"),
                                         self.tr("Breathe for 30 seconds longer."))
        self.end_button = push_button(self.tr("End now"), self.end_now, page, self.tr("End the breathing now"),
                                      self.tr("End now (Esc)"))
        buttons.addWidget(self.extend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)
        layout.addLayout(buttons)
        return page

    def _build_mic_banner(self, page: QWidget) -> QFrame:
        """The microphone's state: one quiet line when it is muted; a warning
        band with an icon and a heading when it is not (BreatheWindow._show_mic)."""
        banner = self.mic_banner = QFrame(page)
        banner.setObjectName("mic_banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(12)
        self.mic_icon = QLabel(banner)
        self.mic_icon.setAccessibleName(self.tr("Warning"))
        row.addWidget(self.mic_icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.mic_heading = QLabel(self.tr("Microphone NOT muted"), banner)
        self.mic_heading.setFont(_font(self.font(), 14, QFont.Weight.Bold))
        words.addWidget(self.mic_heading)
        self.mic_label = QLabel(banner)
        self.mic_label.setWordWrap(True)
        self.mic_label.setFont(_font(self.font(), 11))
        words.addWidget(self.mic_label)
        row.addLayout(words, 1)
        return banner

    def _with_words(self, page: QWidget) -> QWidget:
        """After breathing, the agent's own phrases sit beside the question:
        the next caller may need one of them."""
        if self.card is None:
            return page
        from .words import WordsPanel

        beside = QWidget(self)
        row = QHBoxLayout(beside)
        row.setContentsMargins(0, 18, 18, 18)
        page.setParent(beside)
        row.addWidget(page, 1)
        self.words_panel = WordsPanel(self.card, editable=False, group="acknowledge", parent=beside)
        # Room for a phrase beside its Copy button, at any text size.
        self.words_panel.setMinimumWidth(max(300, self.fontMetrics().averageCharWidth() * 42))
        self.words_panel.edit_requested.connect(self.words_requested)
        row.addWidget(self.words_panel, 1)
        QWidget.setTabOrder(self.skip_button, self.words_panel.group_box)
        self.rating_page = beside
        return beside

    # -- look ------------------------------------------------------------------
    def _apply_colours(self) -> None:
        c = self.colours
        self.pacer.colours = c
        self.setStyleSheet(
            f"""
            QWidget#breathe {{ background: {c.background.name()}; }}
            QLabel {{ color: {c.text.name()}; background: transparent; }}
            QLabel[role="soft"] {{ color: {c.soft_text.name()}; }}
            QPushButton {{
                color: {c.text.name()}; background: {c.button.name()};
                border: 1px solid {c.border.name()}; border-radius: 10px; padding: 7px 16px;
            }}
            QPushButton:hover {{ background: {c.button_hover.name()}; }}
            QPushButton:focus {{ border: 2px solid {c.shape.name()}; }}
            QPushButton#rate {{ border-radius: {self._rate_side // 2}px; padding: 0; }}
            QFrame#mic_banner QLabel {{ color: {c.soft_text.name()}; }}
            QFrame#mic_banner[warning="true"] {{
                background: {c.warn_back.name()}; border: 2px solid {c.warn_edge.name()}; border-radius: 10px;
            }}
            QFrame#mic_banner[warning="true"] QLabel {{ color: {c.warn_text.name()}; }}
            """
        )
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The combo box keeps the native look (a styled one loses its arrow);
        # a palette alone gives it the calm colours.
        palette = self.pattern_box.palette()
        for role, colour in ((QPalette.ColorRole.Button, c.button), (QPalette.ColorRole.Base, c.button),
                             (QPalette.ColorRole.ButtonText, c.text), (QPalette.ColorRole.Text, c.text),
                             (QPalette.ColorRole.WindowText, c.text), (QPalette.ColorRole.Highlight, c.shape),
                             (QPalette.ColorRole.Window, c.background)):
            palette.setColor(role, colour)
        self.pattern_box.setPalette(palette)
        self.pacer.update()
