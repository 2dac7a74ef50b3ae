"""A stand-in for the agent's CRM in the desktop tests: one text field that
has the keyboard, writing what was typed into a file as it changes, so a
test can tell whether keys went to it or to a window of Companion's."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit

app = QApplication(sys.argv[:1])
typed = Path(sys.argv[1])
field = QLineEdit()
field.setWindowTitle("CRM")
field.resize(500, 60)
field.move(80, 80)
field.textChanged.connect(lambda text: typed.write_text(text))
field.show()
field.activateWindow()
typed.with_suffix(".ready").write_text("ready")
sys.exit(app.exec())
