"""The baseline for benchmarks/run.py: the least a PySide6 tray app can be.

A tray icon (the same picture Companion uses, so both load the same image
plugin) with a small menu, and nothing else. When COMPANION_READY_FILE is
set it appends "<unix time> tray-shown" right after the icon is shown,
exactly as companion/app.py does, so both are timed the same way."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

ICON = Path(__file__).resolve().parents[1] / "assets" / "companion.svg"


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    icon = QSystemTrayIcon(QIcon(str(ICON)), app)
    menu = QMenu()
    menu.addAction("Open")
    menu.addSeparator()
    menu.addAction("Quit", app.quit)
    icon.setContextMenu(menu)
    icon.setToolTip("Baseline")
    icon.show()
    ready = os.environ.get("COMPANION_READY_FILE")
    if ready:
        with open(ready, "a", encoding="utf-8") as out:
            out.write(f"{time.time():.6f} tray-shown\n")
    # SIGTERM keeps its default action (end at once): the baseline has
    # nothing to save, so it needs no handler and no wakeup socket.
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
