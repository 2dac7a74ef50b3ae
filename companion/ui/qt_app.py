"""The Qt application object and what it needs before any window: name, icon,
translations; and quitting cleanly on SIGTERM or SIGINT."""

from __future__ import annotations

import os
import signal
import sys
import time

# Our own modules before PySide's (see quick_import.py for why).
from companion import APP_NAME
from companion.core import paths

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

DESKTOP_ID = "io.github.companion.Companion"
READY_FILE = "COMPANION_READY_FILE"  # where the tests and benchmarks read when each stage happened


def mark_ready(stage: str) -> None:
    """For the end-to-end tests and the benchmark: when did each stage happen?"""
    ready = os.environ.get(READY_FILE)
    if ready:
        with open(ready, "a", encoding="utf-8") as out:
            out.write(f"{time.time():.6f} {stage}\n")


def make_qt_app(argv: list[str] | None = None, quit_on_last_window: bool = False) -> QApplication:
    if QApplication.instance() is None:
        # Without a display Qt aborts with advice about the wrong library.
        from companion.platform.display import require_desktop_session

        require_desktop_session()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(paths.asset("companion.svg"))))
    app.setQuitOnLastWindowClosed(quit_on_last_window)
    if not hasattr(app, "_companion_translators"):
        # Before any widget exists, so every tr() sees the user's language.
        from companion.translations import install_translators

        app._companion_translators = install_translators(app)
    return app


def quit_on_signals(app: QApplication, on_quit) -> None:
    """SIGTERM and SIGINT end the app through Qt's loop, so the microphone is
    restored and the session recorded. A wakeup pipe lets Python's handler
    run without a polling timer."""
    wakeup = _Wakeup()
    signal.set_wakeup_fd(wakeup.writer)
    notifier = QSocketNotifier(wakeup.reader, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(wakeup.drain)
    app._signal_wakeup = (wakeup, notifier)  # keep them alive with the app

    def handler(_signum, _frame) -> None:
        QTimer.singleShot(0, on_quit)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


class _Wakeup:
    """Where Python's C signal handler writes a byte, for Qt to notice. A pipe
    on POSIX, which spares the start the socket module (some 3 ms before the
    icon); Windows takes only a socket there."""

    def __init__(self) -> None:
        self._sockets = None
        if os.name == "posix":
            self.reader, self.writer = os.pipe()
            os.set_blocking(self.reader, False)
            os.set_blocking(self.writer, False)
            return
        import socket

        self._sockets = socket.socketpair()
        for end in self._sockets:
            end.setblocking(False)
        self.reader, self.writer = (end.fileno() for end in self._sockets)

    def drain(self) -> None:
        try:
            os.read(self.reader, 64) if self._sockets is None else self._sockets[0].recv(64)
        except OSError:
            pass
