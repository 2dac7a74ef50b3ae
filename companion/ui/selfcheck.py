"""The periodic self-check: a few statements, each answered on a scale from
"Never" on the left to "Always" on the right (as every 1-5 scale in the app
runs), then a score with what it may mean, the earlier scores beside it and
where to find real help.

What is asked and how it is scored come from the questionnaire file via
core.selfcheck; this dialog only shows it and stores the result."""

from __future__ import annotations

from shiboken6 import isValid
from PySide6.QtCore import QDate, QLocale, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
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
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from companion.core.selfcheck import (
    Questionnaire,
    load_questionnaire,
)

from .placement import bold, calm_colours, fit_to_screen
from .style import FollowsPalette, apply_window_look


def _two_lines_width(label: QLabel) -> int:
    """The least width that shows the label's words on two lines at most."""
    metrics, words = label.fontMetrics(), label.text().split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))] or [(label.text(), "")]
    return min(max(metrics.horizontalAdvance(a), metrics.horizontalAdvance(b)) for a, b in splits) + 4


def _day(d) -> str:
    return QLocale().toString(QDate(d.year, d.month, d.day), "d MMM yyyy")


# The newest scores listed in words under the line (the line shows them all).
LISTED = 6


class ScoreTrail(QWidget):
    """The scores so far as a small line over time, the questionnaire's line
    dashed across it and the newest score a larger dot. Drawn only; the
    numbers themselves are in the list beside it and in its description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores: list = []  # core.selfcheck.PastScore, oldest first
        self.threshold = 50.0
        self.line_text = ""
        self.setMinimumSize(220, 90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(300, max(90, self.fontMetrics().height() * 5))

    def show_scores(self, scores, threshold: float) -> None:
        self.scores, self.threshold = list(scores), threshold
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.scores:
            return
        c = calm_colours(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pad = 8
        w, h = self.width() - 2 * pad, self.height() - 2 * pad
        count = len(self.scores)

        def at(i: int, score: float) -> QPointF:
            x = pad + (w * i / (count - 1) if count > 1 else w / 2)
            return QPointF(x, pad + h * (1 - score / 100))

        line_y = at(0, self.threshold).y()
        painter.setPen(QPen(QColor(c["quiet"]), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(pad, line_y), QPointF(pad + w, line_y))
        painter.drawText(QPointF(pad, line_y - 4), self.line_text)
        points = [at(i, p.score) for i, p in enumerate(self.scores)]
        painter.setPen(QPen(QColor(c["ring"]), 2))
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        for i, (point, past) in enumerate(zip(points, self.scores)):
            # At or above the line: the warm colour the notes use; below it, hollow.
            painter.setBrush(QColor(c["problem"] if past.high else c["button"]))
            painter.setPen(QPen(QColor(c["problem"] if past.high else c["ring"]), 2))
            radius = 6 if i == count - 1 else 4
            painter.drawEllipse(point, radius, radius)
        painter.end()


def choice_style(palette: QPalette, size: int) -> str:
    """Answer circles that stand out in light and dark mode alike (the plain
    dark ones are dark grey on dark grey), with a clear ring for the focus."""
    c = calm_colours(palette)
    ring, fill, hover, focus = c["ring"], c["button"], c["hover"], c["text"]
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
        fit_to_screen(self, self._questions_width(), 640)

    def _questions_width(self) -> int:
        """Wide enough for every answer column without scrolling sideways (large
        text makes them wide), as far as the screen allows."""
        margins = self.layout().contentsMargins()
        page = self.pages.widget(0).layout().contentsMargins()
        bar = self.grid_box.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        want = (self.grid_box.sizeHint().width() + bar + margins.left() + margins.right()
                + page.left() + page.right() + 8)
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() - 24 if screen is not None else 1256
        return max(860, min(want, room))

    def _apply_style(self) -> None:
        if not isValid(self.grid_box):  # a window on its way out meets a light/dark switch: nothing to style
            return
        # Sized from the text, so the circles grow with a large text setting.
        sheet = choice_style(QGuiApplication.palette(), max(16, self.fontMetrics().height()))
        if self.grid_box.styleSheet() != sheet:
            self.grid_box.setStyleSheet(sheet)
        apply_window_look(self)  # after the circles' sheet, which would take the calm palette back

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
        shown = q.shown_choices()
        self.headers: list[QLabel] = []
        for col, (_index, choice) in enumerate(shown, start=1):
            head = QLabel(choice.label)
            head.setWordWrap(True)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setMinimumWidth(_two_lines_width(head))
            grid.addWidget(head, 0, col, Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom)
            self.headers.append(head)
        # Columns of one width, so the circles sit evenly from Never to Always.
        column = max(h.minimumWidth() for h in self.headers)
        for col in range(1, len(shown) + 1):
            grid.setColumnMinimumWidth(col, column)
        self.groups: dict[str, QButtonGroup] = {}
        for row, item in enumerate(q.items, start=1):
            statement = QLabel(item.text)
            statement.setWordWrap(True)
            statement.setMinimumWidth(300)
            grid.addWidget(statement, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for col, (index, choice) in enumerate(shown, start=1):
                radio = QRadioButton()
                radio.setAccessibleName(
                    self.tr("{answer}: {statement}").format(answer=choice.label, statement=item.text))
                radio.setToolTip(choice.label)
                group.addButton(radio, index)  # the id is the answer's place in the file, not the column
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
        self.done_button.setObjectName("primary")
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
        """Pick an answer (its index in the questionnaire's `choices`) as a
        click would (keyboard users and tests)."""
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
        column = self.result_column = QFrame()
        column.setObjectName("result")
        column.setProperty("card", True)  # a card in the shared look (window_style)
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
        for label in (self.score_label, self.message_label):
            inner.addWidget(label)

        # The earlier scores beside the new one: a small line and the numbers with their dates.
        self.past_box = QWidget()
        past = QVBoxLayout(self.past_box)
        past.setContentsMargins(0, 4, 0, 4)
        self.past_heading = bold(QLabel(self.tr("Your scores so far")))
        self.trail = ScoreTrail()
        self.past_list = QLabel()
        self.past_list.setTextFormat(Qt.TextFormat.PlainText)  # short lines, never wrapped
        self.past_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.past_heading, self.trail, self.past_list):
            past.addWidget(widget)
        inner.addWidget(self.past_box)
        for label in (self.help_label, self.notice_label):
            inner.addWidget(label)
        for label in (self.score_label, self.message_label, self.help_label, self.notice_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setFont(bigger)
        self.help_label.setFont(bigger)
        lay.addWidget(column)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the self-check"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        lay.addLayout(row)
        self.result_page = page
        return page

    def _show_past(self) -> None:
        q = self.questionnaire
        scores = self.service.selfcheck_scores(q.threshold)
        earlier = scores[:-1]
        self.past_box.setVisible(bool(earlier))
        if not earlier:
            return
        self.trail.line_text = self.tr("the line, {line}").format(line=int(q.threshold))
        self.trail.show_scores(scores, q.threshold)
        lines = [self.tr("{day}: {score}").format(day=_day(p.day), score=int(p.score + 0.5))
                 + (self.tr("  (at or above {line})").format(line=int(q.threshold)) if p.high else "")
                 for p in reversed(scores)]
        lines[0] += self.tr("  (today)")
        self.past_list.setText("\n".join(lines[:LISTED]))
        self.trail.setAccessibleName(self.tr("Your scores so far"))
        self.trail.setAccessibleDescription("; ".join(lines))

    def _fit_result(self) -> None:
        """The result window only as large as what it says (the questions page
        no longer holds it at the questions' size)."""
        self.pages.widget(0).setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        width = max(480, self.fontMetrics().averageCharWidth() * 64)
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        while True:
            self.result_column.setFixedWidth(width)
            self.result_column.layout().activate()
            self.pages.currentWidget().layout().activate()
            self.layout().activate()
            # The height its wrapped lines need at this width (a label's own
            # size hint guesses a narrower one, so more lines).
            page, outer = self.result_page.layout().contentsMargins(), self.layout().contentsMargins()
            across = width + page.left() + page.right() + outer.left() + outer.right()
            tall = self.heightForWidth(across) if self.layout().hasHeightForWidth() else self.sizeHint().height()
            # Large text: taller than the screen, so wider, for fewer lines, while there is room.
            if room is None or tall <= room.height() - 48 or width >= room.width() - 96:
                break
            width = min(room.width() - 96, width + 96)
        self.setMinimumSize(0, 0)
        if room is not None:
            across, tall = min(across, room.width() - 24), min(tall, room.height() - 48)
        self.resize(across, tall)

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
        self._show_past()
        self.pages.setCurrentIndex(1)
        # The wrapped labels only now know their text: lay them out and size the window to them.
        self._fit_result()
        self.completed.emit(score)

    def not_now(self) -> None:
        self.service.put_off_selfcheck()
        self.put_off.emit()
        self.reject()
