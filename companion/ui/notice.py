"""A short message near the tray for desktops whose tray cannot show one
(QSystemTrayIcon.showMessage does nothing without a tray host). It never
takes focus and goes away by itself."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .placement import (
    POPUP_FLAGS, apply_popup_style, bold, calm_panel, make_popup, place_near_tray, show_without_focus,
)

SHOWN_MS = 20_000


class Notice(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, POPUP_FLAGS)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        make_popup(self)
        self.setAccessibleName(title)
        # The same calm panel as the other popups, so it follows dark mode too.
        panel, layout = calm_panel(self, (18, 14, 18, 14), 8)
        self.heading = bold(QLabel(title, panel))
        self.body = QLabel(text, panel)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setMinimumWidth(300)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ok = QPushButton(self.tr("OK"), panel)
        ok.setAccessibleName(self.tr("Close this message"))
        ok.clicked.connect(self.close)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(ok)
        layout.addLayout(row)
        apply_popup_style(self)
        self.close_timer = QTimer(self, singleShot=True, interval=SHOWN_MS)
        self.close_timer.timeout.connect(self.close)

    def show_near(self, tray_rect: QRect | None) -> None:
        self.adjustSize()
        place_near_tray(self, tray_rect)
        show_without_focus(self)
        self.close_timer.start()

    def step_aside(self) -> None:
        """Hidden for another surface's turn; shown again (for its full time) after."""
        self.close_timer.stop()
        self.hide()
