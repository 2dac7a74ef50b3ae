"""The breathing shape and its colours: a circle that grows with each breath
in and shrinks with each breath out (or, with reduce motion, a steady circle
and a ring that fills), in a calm palette that follows the system's light or
dark mode."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap, QRadialGradient
from PySide6.QtWidgets import QApplication, QWidget


class Colours:
    """The calm palette, light or dark after the system's window colour."""

    # background, text, soft text, shape, button, button under the pointer, border
    DARK = ("#1c2830", "#dfe9ec", "#9fb3ba", "#4fb0a7", "#26363f", "#2e424c", "#3a4f59")
    LIGHT = ("#edf2f5", "#27363e", "#5c6f78", "#3a9f97", "#ffffff", "#e3ecef", "#c5d3d9")

    # The microphone warning: background, edge, text; amber, at least 9:1 text contrast either way.
    WARN_DARK = ("#4a3208", "#f0a830", "#ffe4ad")
    WARN_LIGHT = ("#fdebc4", "#b35f00", "#4a2a00")

    def __init__(self, dark: bool) -> None:
        self.dark = dark
        (self.background, self.text, self.soft_text, self.shape, self.button, self.button_hover,
         self.border) = (QColor(name) for name in (self.DARK if dark else self.LIGHT))
        self.warn_back, self.warn_edge, self.warn_text = (
            QColor(name) for name in (self.WARN_DARK if dark else self.WARN_LIGHT))

    @classmethod
    def from_system(cls) -> Colours:
        window = QApplication.palette().color(QPalette.ColorRole.Window)
        return cls(window.lightness() < 128)


class Pacer(QWidget):
    """The breathing shape. It only draws what it is told: a size 0..1, or in
    reduce-motion mode a steady circle with progress through the phase."""

    def __init__(self, colours: Colours, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.size_value = 0.0
        self.progress = 0.0
        self.reduce_motion = False
        self._guide: tuple[tuple, QPixmap] | None = None
        self.setMinimumSize(200, 200)
        self.setAccessibleName(self.tr("Breathing pacer"))

    def show_point(self, size: float, progress: float, reduce_motion: bool) -> None:
        self.size_value, self.progress, self.reduce_motion = size, progress, reduce_motion
        self.update()

    def radius(self) -> float:
        """Radius of the filled shape in pixels (tests check it grows and shrinks)."""
        outer = self._outer()
        if self.reduce_motion:
            return outer * 0.62
        return outer * (0.34 + 0.62 * self.size_value)

    def _outer(self) -> float:
        return max(10.0, min(self.width(), self.height()) / 2 - 10)

    def _guide_ring(self, outer: float) -> QPixmap:
        # The faint outer ring never moves; drawing an antialiased ellipse 60
        # times a second cost about a third of the pacer's CPU, so it is drawn
        # once per size and colour and then copied.
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self.colours.shape.rgba())
        if self._guide is None or self._guide[0] != key:
            pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            guide = QColor(self.colours.shape)
            guide.setAlphaF(0.28)
            ring = QPainter(pixmap)
            ring.setRenderHint(QPainter.RenderHint.Antialiasing)
            ring.setPen(QPen(guide, 2))
            ring.setBrush(Qt.BrushStyle.NoBrush)
            ring.drawEllipse(QPointF(self.width() / 2, self.height() / 2), outer, outer)
            ring.end()
            self._guide = (key, pixmap)
        return self._guide[1]

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, self.height() / 2)
        outer = self._outer()
        shape = self.colours.shape

        painter.drawPixmap(0, 0, self._guide_ring(outer))

        radius = self.radius()
        # A faint halo a little wider than the shape softens its edge.
        halo = QColor(shape)
        halo.setAlphaF(0.12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        painter.drawEllipse(centre, radius + 8, radius + 8)

        gradient = QRadialGradient(centre, radius)
        inner = QColor(shape).lighter(135 if not self.colours.dark else 120)
        inner.setAlphaF(0.75)
        edge = QColor(shape)
        edge.setAlphaF(0.92)
        gradient.setColorAt(0.0, inner)
        gradient.setColorAt(1.0, edge)
        painter.setBrush(gradient)
        painter.drawEllipse(centre, radius, radius)

        if self.reduce_motion:
            pen = QPen(shape, 6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box = QRectF(centre.x() - outer, centre.y() - outer, 2 * outer, 2 * outer)
            # Qt angles are 1/16 degree, counter-clockwise from 3 o'clock:
            # start at 12 o'clock and run clockwise, like a clock hand.
            painter.drawArc(box, 90 * 16, -round(self.progress * 360 * 16))
        painter.end()


