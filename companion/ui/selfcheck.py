"""The periodic self-check: a few statements, each answered from "Always" to
"Never", then a score with what it may mean and where to find real help.

What is asked and how it is scored come from the questionnaire file via
core.selfcheck; this dialog only shows it and stores the result."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core.selfcheck import (
    Questionnaire,
    load_questionnaire,
)

from .placement import bold, fit_to_screen
from .style import FollowsPalette


def choice_style(palette: QPalette, size: int) -> str:
    """Answer circles that stand out in light and dark mode alike (the plain
    dark ones are dark grey on dark grey), with a clear ring for the focus."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    ring, fill, hover, focus = (("#86c2b2", "#1f2a28", "#2e3d3a", "#e3eeea") if dark
                                else ("#4f8f80", "#ffffff", "#e4efea", "#1f5f9f"))
    return f"""
    QRadioButton::indicator {{ width: {size}px; height: {size}px; border-radius: {size // 2 + 2}px;
        border: 2px solid {ring}; background: {fill}; }}
    QRadioButton::indicator:hover {{ background: {hover}; }}
    QRadioButton::indicator:checked {{ background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 {ring}, stop:0.55 {ring}, stop:0.65 {fill}, stop:1 {fill}); }}
    QRadioButton::indicator:focus {{ border: 2px solid {focus}; background: {hover}; }}
    """


class SelfCheckDialog(FollowsPalette, QDialog):
    completed = Signal(float)  # the score, already stored
    put_off = Signal()

    def __init__(self, service, questionnaire: Questionnaire | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service  # companion.service.Service: the score is recorded through it
        self.store, self.clock = service.store, service.clock
        self.questionnaire = questionnaire or load_questionnaire()
        self.score: float | None = None
        self.setWindowTitle(self.tr("Self-check"))
        self.setAccessibleName(self.tr("Self-check"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._questions_page())
        self.pages.addWidget(self._result_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._apply_style()
        self._update_ready()
        fit_to_screen(self, 860, 640)

    def _apply_style(self) -> None:
        # Sized from the text, so the circles grow with a large text setting.
        sheet = choice_style(QGuiApplication.palette(), max(16, self.fontMetrics().height()))
        if self.grid_box.styleSheet() != sheet:
            self.grid_box.setStyleSheet(sheet)

    # -- the questions ----------------------------------------------------------
    def _questions_page(self) -> QWidget:
        q = self.questionnaire
        page = QWidget()
        lay = QVBoxLayout(page)
        title = bold(QLabel(q.title), 1.3)
        title.setWordWrap(True)
        lay.addWidget(title)
        for text in (q.intro, q.notice):
            label = QLabel(text)
            label.setWordWrap(True)
            lay.addWidget(label)

        grid_box = self.grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        for col, choice in enumerate(q.choices, start=1):
            head = QLabel(choice.label)
            head.setWordWrap(True)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setMaximumWidth(96)
            grid.addWidget(head, 0, col, Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom)
        self.groups: dict[str, QButtonGroup] = {}
        for row, item in enumerate(q.items, start=1):
            statement = QLabel(item.text)
            statement.setWordWrap(True)
            statement.setMinimumWidth(300)
            grid.addWidget(statement, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for col, choice in enumerate(q.choices, start=1):
                radio = QRadioButton()
                radio.setAccessibleName(
                    self.tr("{answer}: {statement}").format(answer=choice.label, statement=item.text))
                radio.setToolTip(choice.label)
                group.addButton(radio, col - 1)
                grid.addWidget(radio, row, col, Qt.AlignmentFlag.AlignCenter)
            group.idClicked.connect(self._update_ready)
            self.groups[item.id] = group
        grid.setColumnStretch(0, 1)
        scroll = QScrollArea()
        # Not a Tab stop of its own: it scrolls to whichever answer has the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(grid_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        lay.addWidget(scroll, 1)

        row = QHBoxLayout()
        self.progress = QLabel()
        row.addWidget(self.progress, 1)
        self.not_now_button = QPushButton(self.tr("Not now"))
        self.not_now_button.setAccessibleName(self.tr("Not now: ask me again in a few days"))
        self.not_now_button.clicked.connect(self.not_now)
        self.done_button = QPushButton(self.tr("See my score"))
        self.done_button.setAccessibleName(self.tr("See my score"))
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.finish)
        row.addWidget(self.not_now_button)
        row.addWidget(self.done_button)
        lay.addLayout(row)
        return page

    def answers(self) -> dict[str, float | None]:
        choices = self.questionnaire.choices
        return {item_id: (choices[g.checkedId()].value if g.checkedId() >= 0 else None)
                for item_id, g in self.groups.items()}

    def answer(self, item_id: str, choice_index: int) -> None:
        """Pick an answer as a click would (keyboard users and tests)."""
        self.groups[item_id].button(choice_index).click()

    def _update_ready(self, *_) -> None:
        answered = sum(v is not None for v in self.answers().values())
        total, needed = len(self.questionnaire.items), self.questionnaire.min_answered
        self.done_button.setEnabled(answered >= needed)
        self.progress.setText(self.tr("{answered} of {total} answered.").format(answered=answered, total=total))

    # -- the result --------------------------------------------------------------
    def _result_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        column = self.result_column = QFrame()
        column.setObjectName("result")
        column.setFixedWidth(600)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(14)
        self.score_label = bold(QLabel(), 1.6)
        self.message_label = QLabel()
        self.help_label = QLabel()
        self.notice_label = QLabel(self.questionnaire.notice)
        self.notice_label.setObjectName("quiet")
        bigger = self.message_label.font()
        bigger.setPointSizeF(bigger.pointSizeF() * 1.1)
        for label in (self.score_label, self.message_label, self.help_label, self.notice_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            inner.addWidget(label)
        self.message_label.setFont(bigger)
        self.help_label.setFont(bigger)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(column)
        centred.addStretch(1)
        lay.addLayout(centred)
        lay.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the self-check"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        lay.addLayout(row)
        page.setStyleSheet(
            "QFrame#result { border: 1px solid palette(mid); border-radius: 12px; background: palette(base); }"
            "QLabel#quiet { color: palette(placeholder-text); }")
        return page

    def finish(self) -> None:
        q = self.questionnaire
        answers = self.answers()
        score = q.score(answers)
        if score is None:
            return
        self.service.take_selfcheck(score, q.answers_json(answers), q.id)
        self.score = score
        shown = int(score + 0.5)
        self.score_label.setText(self.tr("Your score: {score} out of 100").format(score=shown))
        self.message_label.setText(q.message(score))
        # Real help is always named; when the score is high it leads.
        self.help_label.setText(q.help)
        weight = self.help_label.font()
        weight.setBold(q.is_high(score))
        self.help_label.setFont(weight)
        self.pages.setCurrentIndex(1)
        # The wrapped labels only now know their text: lay them out before anyone looks.
        self.result_column.layout().activate()
        self.pages.currentWidget().layout().activate()
        self.completed.emit(score)

    def not_now(self) -> None:
        self.service.put_off_selfcheck()
        self.put_off.emit()
        self.reject()
