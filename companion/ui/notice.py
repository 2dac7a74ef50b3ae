"""A short message near the tray for desktops whose tray cannot show one
(QSystemTrayIcon.showMessage does nothing without a tray host). It never
takes focus and goes away by itself."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from .placement import place_near_tray, show_without_focus

SHOWN_MS = 20_000


class Notice(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("notice")
        self.setAccessibleName(title)
        self.setStyleSheet(
            "#notice { background: palette(window); border: 1px solid #7cc3b9; border-radius: 10px; }"
            "#noticeTitle { font-weight: 600; color: #2f6f6b; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(title, objectName="noticeTitle")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setMinimumWidth(300)
        ok = QPushButton(self.tr("OK"))
        ok.setAccessibleName(self.tr("Close this message"))
        ok.clicked.connect(self.close)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(ok, alignment=Qt.AlignmentFlag.AlignRight)
        self.close_timer = QTimer(self, singleShot=True, interval=SHOWN_MS)
        self.close_timer.timeout.connect(self.close)

    def show_near(self, tray_rect: QRect | None) -> None:
        self.adjustSize()
        place_near_tray(self, tray_rect)
        show_without_focus(self)
        self.close_timer.start()
