"""The baseline for the shortcut rows of benchmarks/run.py: the least a
PySide6 app can do on a global key. The same key grab as Companion's
(companion.platform.shortcuts_x11), and a plain window shown on each press.

Marks in COMPANION_READY_FILE: "grabbed" once the keys are held,
"window-painted" at the window's first paint after each press, and
"window-hidden" when it has put itself away again for the next press."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from companion.core.keys import parse_keys  # noqa: E402
from companion.platform.shortcuts_x11 import X11Shortcuts  # noqa: E402


def mark(stage: str) -> None:
    with open(os.environ["COMPANION_READY_FILE"], "a", encoding="utf-8") as out:
        out.write(f"{time.time():.6f} {stage}\n")


class Plain(QLabel):
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.property("fresh"):
            self.setProperty("fresh", False)
            mark("window-painted")
            QTimer.singleShot(200, self.put_away)

    def put_away(self) -> None:
        self.hide()
        mark("window-hidden")


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    window = Plain("Breathe")
    window.resize(696, 520)
    keys = X11Shortcuts(os.environ["DISPLAY"])
    problem = keys.bind("breathe", parse_keys("Ctrl+Alt+B"))
    if problem:
        print(problem, file=sys.stderr)
        return 1

    def pressed(_action: str) -> None:
        window.setProperty("fresh", True)
        window.show()

    keys.activated.connect(pressed)
    mark("grabbed")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
