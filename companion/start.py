"""Starting the tray app: its icon first, the rest just after.

An agent who starts Companion waits for its icon, so this module imports
only what the icon needs - Qt, the single-instance check and the tray's own
module. The data file, the settings, the service and the windows' modules
(companion.app) load on the first turn of the event loop, while the tray host
embeds the icon; a click that comes meanwhile waits in Qt's queue, and a
script's request is answered "still starting" (ipc/server.py)."""

from __future__ import annotations

import linecache
import sys

from .ui.quick_import import without_feature_scan

# PySide in before run_tray steps around its import hook (quick_import.py):
# with no hook yet to step around, the scan would be on for the whole run.
from PySide6.QtCore import QTimer  # noqa: E402 - after our own module, for the same reason

ALREADY_RUNNING = "Companion is already running; look for its icon in the tray."
# Said where the running one has no tray host to show an icon in (an older app does not say).
ALREADY_RUNNING_NO_TRAY = ("Companion is already running, without a tray icon on this desktop; "
                           "its window is in front now.")


def _already_running(answer: dict) -> None:
    print(ALREADY_RUNNING if answer.get("tray", True) else ALREADY_RUNNING_NO_TRAY)


def run_tray() -> int:
    # Everything the tray imports is ours or Qt's, none of it uses PySide's
    # __feature__ switches: no need for PySide to read each module's source first.
    # Not at the start only: the loop too, so settle's OS pieces and a window's
    # first opening skip it as well (at settle it kept some 1.2 MB of source in
    # linecache for the rest of the day, and took its time reading it).
    with without_feature_scan():
        held: dict = {}  # the running Companion, held here for as long as the app runs
        started = _show_icon(held)
        if started is None:
            return 0
        qt, server, tray = started
        # PySide's import read enum.py's 2,000 lines into linecache (some 200 kB)
        # and nothing reads them again: let go of them before the rest loads, so
        # the rest reuses that memory. A traceback reads its lines afresh.
        linecache.clearcache()
        QTimer.singleShot(0, lambda: _start_companion(qt, server, tray, held))
        try:
            return qt.exec()
        finally:
            server.close()


def _handed_over(name: str | None = None) -> bool:
    """Asked the running Companion to show itself: True when one answered."""
    from .ipc.client import send  # only here: the client brings the socket module

    answer = send({"cmd": "show"}, name=name)
    if answer is None:
        return False
    _already_running(answer)
    return True


def _running_elsewhere() -> str | None:
    """The address of a Companion that may be running: where one holds the
    running lock (on Windows, where only asking tells, always); else None."""
    from .ipc.address import held_by_someone, running_lock_path, server_name

    try:
        name = server_name()
    except OSError:
        return None  # no folder for the name: send() would find nobody either
    return name if running_lock_path(name) is None or held_by_someone(name) else None


def _show_icon(held: dict):
    """The Qt app, its instance server and the tray whose icon is now shown;
    or None when another Companion already runs (it was told to show itself).
    SIGTERM and SIGINT quit through `held`'s Companion once it is there."""
    from .core import paths
    from .ipc.server import InstanceServer
    from .ui import qt_app

    # A second start hands over to the first instead of adding a second icon.
    # Asked only where one holds the running lock (held from its claim() on);
    # where none does, claim() below still makes sure under the start lock.
    running = _running_elsewhere()
    if running and _handed_over(running):
        return None
    qt = qt_app.make_qt_app()

    def quit_now() -> None:
        companion = held.get("companion")
        companion.quit() if companion is not None else qt.quit()
    # Before the icon shows: a SIGTERM before the rest has loaded ends the app cleanly too.
    qt_app.quit_on_signals(qt, quit_now)
    server = InstanceServer(parent=qt)
    if not server.claim():
        if _handed_over():  # lost a race with another start
            return None
        _say_unreachable(server)
    from PySide6.QtGui import QIcon

    from .ui.tray import Tray

    tray = Tray(QIcon(str(paths.asset("companion.svg"))), menu_later=True)
    tray.show()
    qt_app.mark_ready("tray-shown")
    return qt, server, tray


def _say_unreachable(server) -> None:
    print(f"companion: scripts cannot reach this Companion ({server.error_text()}); "
          "the tray works as usual.", file=sys.stderr)


def _open_door(qt, server, tray) -> bool:
    """The socket for scripts and later starts, opened once the icon shows.
    False when an older Companion (from before the running lock) turned out
    to answer at this name: this one handed over to it and is ending."""
    if server.open():
        return True
    if server.answered_by_another:
        tray.hide()
        if not _handed_over():
            print(ALREADY_RUNNING)
        qt.exit(0)
        return False
    if server.claimed:  # unclaimed, the start has said so already
        _say_unreachable(server)
    return True


def _start_companion(qt, server, tray, held: dict) -> None:
    if not _open_door(qt, server, tray):
        return
    from .app import CompanionApp, store_problems_told
    from .core.store import StoreError
    from .ipc.requests import handle_request

    tray.build_menu()
    try:
        companion = CompanionApp(tray=tray)
    except StoreError as exc:  # a newer schema, a full disk, a read-only folder: words, not a traceback
        print(f"companion: {exc.message}", file=sys.stderr)
        tray.hide()
        qt.exit(1)  # qt.exec() returns it
        return
    held["companion"] = companion
    server.handler = lambda request: handle_request(companion, request)
    companion.start()
    sys.excepthook = store_problems_told(companion, sys.excepthook)
