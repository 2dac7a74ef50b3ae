"""The tray app: the icon, its timers and its windows around one application
service. Nothing here decides policy or writes to the store: the tray's
actions call the service's verbs, and the service's events (what changed)
refresh what the tray and the open windows show."""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

# Our own modules before PySide's: once PySide is in, it reads the source of
# every module imported after it, looking for a switch Companion never uses.
from .core import paths
from .core.clock import Clock, SystemClock
from .core.models import NudgeAnswer, Rating
from .core.settings import Settings
from .core.store import Store
from .service import Change, Event
from .service.opening import open_service
from .service.service import SELFCHECK_TOLD_KEY
from .service.tray_status import status_lines
from .ui.quick_import import without_feature_scan

if TYPE_CHECKING:  # the microphone itself loads on first use
    from .platform.mic import Microphone

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

with without_feature_scan():  # ours too, though they come after PySide
    from .platform.timers import named_timer
    from .ui.nudging import NudgeRouter
    from .ui.away_watch import AwayWatch
    from .ui.follow_ups import FollowUps
    from .ui.global_keys import GlobalKeys
    from .ui.on_call import CallAwareness
    from .ui import qt_app
    from .ui.qt_app import READY_FILE, make_qt_app  # noqa: F401 - make_qt_app: the tests take it from here
    from .ui.windows import Windows

# OS pieces (sound server, D-Bus, autostart) load on first use, after the
# tray icon is up: the icon should appear as fast as a bare Qt tray icon.

# Let the tray host embed the icon first, so the welcome lands next to it.
WELCOME_DELAY_MS = 1500
SAVING_RECHECK_MS = 30_000
TRAY_WATCH_AFTER_MS = 3000  # with no tray at the start, listen for one from then on


class CompanionApp(QObject):
    def __init__(self, clock: Clock | None = None, store: Store | None = None, settings: Settings | None = None,
                 microphone: Microphone | None = None, presence=None, tray=None) -> None:
        """`tray`: the Tray whose icon companion/start.py has shown already."""
        super().__init__()
        from .ui.tray import Tray

        self.settled = False
        self.no_tray_window = None  # made only on a desktop with no tray host
        self.tray_watch = None  # listens for a tray host that comes later (only where there was none)
        # The full integrity check waits for `settle`: it grows with the data.
        self.service, self.notices = open_service(repair=True, check=False, clock=clock or SystemClock(),
                                                  store=store, settings=settings)
        self.clock, self.settings = self.service.clock, self.service.settings
        self._microphone, self._presence, self._notifier = microphone, presence, None
        self._welcome_due = False
        self._pending_messages: list[tuple[str, str]] = []
        self._checking = False

        if tray is None:
            tray = Tray(QIcon(str(paths.asset("companion.svg"))))
        tray.setParent(self)
        self.tray = tray
        self.keys = GlobalKeys(self.settings, self.open_breathe, self.log_call, self.tell, parent=self)
        self.follow_ups = FollowUps(self.service, lambda: self.notifier, parent=self)
        self.windows = Windows(self.service, self.tray, lambda: self.microphone, self.tell, parent=self, keys=self.keys,
                               follow_ups=self.follow_ups)
        self.away = AwayWatch(self.service, parent=self)
        # One surface by the tray at a time; when all are gone, a nudge may be due.
        self.surfaces = self.windows.surfaces
        self.surfaces_free_timer = named_timer(self, "surfaces_free", self.check_nudges, 0)
        self.surfaces.on_free = self.surfaces_free_timer.start
        self.nudges = NudgeRouter(self.service, self.tray, lambda: self.notifier, parent=self,
                                  surfaces=self.surfaces)
        self.nudge_expiry = self.nudges.expiry
        self.calls = CallAwareness(self.service, self.tray, lambda: self.presence, self.check_nudges, self.log_call,
                                   parent=self, surfaces=self.surfaces, follow_ups=self.follow_ups)
        self._connect_tray()
        self.service.subscribe(self._changed)
        self.settings.on_change(self._setting_changed)

        # One single-shot timer set to when a nudge could next be due: no polling.
        self.nudge_timer = named_timer(self, "nudge_timer", self.check_nudges)
        self.welcome_timer = named_timer(self, "welcome_timer", self._say_pending, WELCOME_DELAY_MS)
        self.backup_timer = named_timer(self, "backup_timer", self.back_up)
        # With a full disk or a read-only folder, look now and then whether saving works again.
        self.saving_timer = named_timer(self, "saving_timer", self.service.try_saving, SAVING_RECHECK_MS,
                                        single_shot=False)
        # The evening check-in: a plain timer until it is due; the prompt is built then.
        self.checkin_timer = named_timer(self, "checkin_timer", self._checkin_due)
        self.tray_watch_timer = named_timer(self, "tray_watch_timer", self._watch_for_a_tray, TRAY_WATCH_AFTER_MS)

    def _connect_tray(self) -> None:
        tray, service = self.tray, self.service
        tray.breathe_requested.connect(self.open_breathe)
        tray.log_requested.connect(self.log_call)
        tray.undo_requested.connect(service.undo_last)
        tray.break_toggled.connect(service.toggle_break)
        tray.pause_toggled.connect(service.toggle_pause)
        tray.settings_requested.connect(self.windows.open_settings)
        tray.quit_requested.connect(self.quit)
        tray.set_on_break(service.on_break)
        tray.set_paused_until(service.nudger.paused_until)
        tray.menu.aboutToShow.connect(self._refresh_undo)
        tray.menu.aboutToShow.connect(self._show_status)  # also what a script logged, or midnight's new count
        self._show_status()
        tray.add_window_action(self.tr("Your &weeks"), self.open_review)
        self.selfcheck_action = tray.add_window_action(self.tr("Self-&check…"), self.open_selfcheck)
        tray.add_window_action(self.tr("Wor&ds that help…"), self.windows.open_words)
        tray.add_window_action(self.tr("&History…"), self.windows.open_history)
        # The check-in never takes the keyboard by itself; from here it may.
        self.checkin_action = tray.add_window_action(self.tr("&Evening check-in…"), self.windows.open_checkin)
        self._show_checkin_item()

    def _show_status(self) -> None:
        self.tray.show_status(status_lines(self.service))
        self._show_checkin_item()

    def _show_checkin_item(self) -> None:
        """The menu's (and the no-tray window's) "Evening check-in…" only while one waits."""
        action = getattr(self, "checkin_action", None)  # the first status comes before the menu is complete
        if action is not None:
            shown = self.windows.checkin is not None and self.windows.checkin.isVisible()
            action.setVisible((shown or self.follow_ups.checkin_waiting) and self.service.checkin_due())

    # -- what the service and the tray share ------------------------------------
    @property
    def store(self) -> Store:
        return self.service.store

    @property
    def nudger(self):
        return self.service.nudger

    @property
    def microphone(self) -> Microphone:
        if self._microphone is None:
            from .platform.mic_guard import install_exit_guards
            from .platform.microphone import system_microphone
            self._microphone = system_microphone()
            install_exit_guards(self._microphone)
        return self._microphone

    @property
    def notifier(self):
        if self._notifier is None:
            from .platform.notify import Notifier

            self._notifier = Notifier(parent=self)  # each notification brings its answers to its sender
        return self._notifier

    @property
    def presence(self):
        if self._presence is None:
            from .platform.oncall import CallPresence

            self._presence = CallPresence()
        return self._presence

    def _changed(self, event: Event) -> None:
        """What the tray and the open windows show, after the service changed something."""
        change, subject = event.change, event.subject
        self._show_status()
        if change is Change.CALL_LOGGED:
            self.tray.set_undo(True)
            self.windows.refresh_review()
            if subject.rating is not Rating.OK:
                self.windows.show_tags_for(subject)
            self.check_nudges()
        elif change is Change.CALL_UNDONE:
            self.windows.hide_tags()
            self._refresh_undo()
        elif change in (Change.CALL_CHANGED, Change.ENTRY_DELETED):
            self._refresh_undo()
        elif change in (Change.BREAK_STARTED, Change.BREAK_ENDED):
            self.tray.set_on_break(self.service.on_break)
            self.check_nudges()
        elif change is Change.PAUSE_CHANGED:
            self.tray.set_paused_until(subject)
            self.check_nudges()
        elif change is Change.BREATH_ENDED:
            self._schedule_nudge_check()
        elif change is Change.NUDGE_ANSWERED:
            if subject is NudgeAnswer.BREATHE and not self.windows.breathing():
                self.open_breathe()
            self._schedule_nudge_check()
        elif change is Change.CHECKED_IN:
            self.follow_ups.checkin_done()
            self._arm_checkin()
            self.offer_selfcheck()
        elif change is Change.CHECKIN_PUT_OFF:
            self.follow_ups.checkin_done()
            self._arm_checkin()
        elif change is Change.SELFCHECK_TAKEN:
            self.offer_selfcheck()
        elif change is Change.CALL_ENDED:
            self.calls.call_ended(subject)
        elif change is Change.SAVING_AGAIN:
            self.saving_timer.stop()
            self.tell(self.tr("Companion"), self.tr("Companion can save again: new calls are logged as usual."))
            self.back_up()

    # -- start and stop ---------------------------------------------------
    def start(self) -> None:
        """Show the icon now (unless companion/start.py showed it already);
        everything else on the next turn of the event loop."""
        if not self.tray.icon.isVisible():
            self.tray.show()
            self._mark_ready("tray-shown")
        QTimer.singleShot(0, self.settle)

    def _mark_ready(self, stage: str) -> None:
        qt_app.mark_ready(stage)

    def settle(self) -> None:
        if self.settled:
            return
        self.settled = True
        problem = self.service.verify()
        if problem:
            self.notices.append(problem)
        from .platform.mic_guard import recover_system_microphone

        recovered = recover_system_microphone()
        if recovered:
            self.notices.append(recovered)
        self.calls.apply()
        self.keys.apply()
        self.away.apply()
        self._offer_without_tray()
        self._apply_start_at_login()
        self._arm_checkin()
        self.offer_selfcheck()
        self.back_up()
        self._refresh_undo()
        self._pending_messages = [(self.tr("Companion"), notice) for notice in self.notices]
        self._welcome_due = not self.service.welcomed
        if self._pending_messages or self._welcome_due:
            self.welcome_timer.start()
        self.check_nudges()
        # What the start read and built is freed by now; hand it back before
        # the hours of idling (0.7 MB of the RSS after start, measured).
        self.service.rest()
        from .platform.memory import give_back_freed_memory

        give_back_freed_memory()
        self._mark_ready("settled")

    def back_up(self) -> None:
        """Today's backup if there is none yet, then sleep until tomorrow's."""
        if not self.service.saving:  # the notice about the disk says it all; SAVING_AGAIN comes back here
            self.saving_timer.start()
            return
        try:
            self.service.back_up()
        except (OSError, sqlite3.Error) as exc:
            self.tell(self.tr("Companion"), self.tr(
                "Today's backup of your data could not be made: {reason}. "
                "Companion will try again tomorrow.").format(reason=exc))
        self.backup_timer.start(int(self.service.next_backup_s * 1000))

    def _say_pending(self) -> None:
        if self._welcome_due:
            self._welcome_due = False
            self.windows.open_welcome()
        for title, text in self._pending_messages:
            self.tell(title, text)
        self._pending_messages = []

    def quit(self) -> None:
        self.stop()
        QApplication.instance().quit()

    def stop(self) -> None:
        """Everything quitting does short of ending the event loop: the mic back
        as it was, every window closed and no timer left to fire at a store
        that is about to close."""
        self.surfaces.stop()  # the windows closing now take no more turns
        self.windows.close_all()
        if self._microphone is not None:
            self._microphone.restore()
        self.calls.stop()
        self.keys.stop()  # the key grabs go with the app
        for timer in self.findChildren(QTimer):
            timer.stop()
        if self._notifier is not None:
            self._notifier.close_all()
        self.tray.hide()

    # -- telling the user -------------------------------------------------
    def tell(self, title: str, text: str) -> None:
        if self.tray.say(title, text):
            return
        self.windows.show_notice(title, text)

    def show_running(self) -> None:
        """Someone started Companion again: point at the icon that is already there."""
        if not self._offer_without_tray():  # with no icon to point at, its own window comes forward
            self.tell(self.tr("Companion is already running"), self.tr(
                "It is here in the tray: click the icon to breathe, right-click it for more."))

    def _offer_without_tray(self) -> bool:
        if self.no_tray_window is None and self.tray.host_available():
            return False  # as offer_without_tray would say, without loading its window's module (1.6 MB)
        from .ui.no_tray import offer_without_tray
        self.no_tray_window = offer_without_tray(self.tray, self.no_tray_window)
        if self.no_tray_window is not None and self.tray_watch is None:
            self.tray_watch_timer.start()  # the bus and an X connection wait until the start is over
        return self.no_tray_window is not None

    def _watch_for_a_tray(self) -> None:
        from .platform.tray_hosts import TrayHostWatch  # only where there was no tray to begin with

        if self.tray_watch is None:
            self.tray_watch = TrayHostWatch(parent=self)
            self.tray_watch.appeared.connect(self._tray_arrived)
            self._tray_arrived()  # one may have come already

    def _tray_arrived(self) -> None:
        """A tray host came after Companion: the icon goes there, the window away."""
        if not self.tray.host_available() or self.no_tray_window is None or not self.no_tray_window.isVisible():
            return
        self.tray.hide()  # shown again, it is embedded in (or registered with) the new host
        self.tray.show()
        self.no_tray_window.hide()
        self.tell(self.tr("Companion"), self.tr(
            "Companion's icon is in the tray now: click it to breathe, right-click it for more."))

    # -- the tray's actions and the socket's windows -------------------------
    def log_call(self, rating: Rating, mood: int | None = None, tags=(), note: str = ""):
        return self.service.log_call(rating, mood=mood, tags=tags, note=note)

    def _refresh_undo(self) -> None:
        self.tray.set_undo(self.service.undoable() is not None)

    def open_breathe(self, seconds: int | None = None, pattern: str | None = None) -> None:
        # benchmarks/run.py times a shortcut to the window's first paint.
        painted = (lambda: self._mark_ready("breathe-painted")) if os.environ.get(READY_FILE) else None
        self.windows.open_breathe(seconds, pattern, on_first_paint=painted)
        self.nudges.breathe_opened()

    def open_review(self, weeks: int | None = None) -> None:
        hooks = None
        if os.environ.get(READY_FILE):
            # The review figures in benchmarks/run.py are timed from the running tray.
            hooks = (lambda: self._mark_ready("review-shown"), lambda: self._mark_ready("review-chart-drawn"))
        self.windows.open_review(weeks, on_first_paints=hooks)

    def open_settings(self) -> None:
        self.windows.open_settings()

    def open_selfcheck(self) -> None:
        self.windows.open_selfcheck(put_off=self.offer_selfcheck)

    def offer_selfcheck(self) -> None:
        due = self.service.selfcheck_due()
        self.selfcheck_action.setText(self.tr("Self-&check (due)…") if due else self.tr("Self-&check…"))
        if due and self.service.first_time_today(SELFCHECK_TOLD_KEY):
            self.tell(self.tr("A short self-check"), self.tr(
                "It's time for the short self-check on how the calls wear on you. "
                "Open it from the Companion menu whenever suits you."))

    # -- nudges and the check-in ---------------------------------------------
    def check_nudges(self) -> None:
        if self._checking:  # a verb's event while a check runs: that check covers it
            return
        self._checking = True
        try:
            # Not while Breathe is up or another surface by the tray shows or waits:
            # asked again when all are gone, the nudger then weighs it afresh.
            nudge = self.service.due_nudge(busy=self.windows.breathing() or self.surfaces.busy)
        finally:
            self._checking = False
        if nudge is not None:
            self.nudges.show(nudge)
        self._schedule_nudge_check()

    def _schedule_nudge_check(self) -> None:
        self.nudge_timer.start(int(self.service.seconds_to_next_check() * 1000))

    def _arm_checkin(self) -> None:
        wait = self.service.checkin_wait_ms()
        if wait is None:
            self.checkin_timer.stop()
        else:
            self.checkin_timer.start(wait)

    def _checkin_due(self) -> None:
        self.windows.offer_checkin(not_due=self._arm_checkin)
        self._show_checkin_item()

    # -- settings -------------------------------------------------------------
    def _setting_changed(self, key: str, _value) -> None:
        if key in ("checkin", "work_start", "work_end", "work_days") and self.settled:
            self._arm_checkin()
        if key == "call_awareness":
            self.calls.apply()
        elif key == "start_at_login":
            self._apply_start_at_login()
        elif key.startswith("shortcut_"):
            self.keys.bind(key)
        elif key == "away_break_minutes":
            self.away.look()
        self.check_nudges()

    def _apply_start_at_login(self) -> None:
        from .platform import autostart

        try:
            if self.settings["start_at_login"]:
                autostart.enable()
            elif autostart.is_enabled():
                autostart.disable()
        except OSError as exc:
            self.tell(self.tr("Companion"), self.tr(
                "Start at login could not be changed: {reason}").format(reason=exc.strerror or exc))


def store_problems_told(companion: CompanionApp, otherwise):
    """An exception hook for the running tray: a click whose write meets a full
    disk, a read-only folder or a damaged page is told to the person (and the
    damage repaired the one way), not lost in a log; the tray keeps working."""
    from PySide6.QtCore import QCoreApplication

    from .core.store import DamagedData, StoreError

    def hook(kind, error, trace) -> None:
        # Filed under the app's class, where a translation is looked up.
        if isinstance(error, DamagedData):
            companion.tell(QCoreApplication.translate("CompanionApp", "Companion"),
                           companion.service.recover() or error.message)
        elif isinstance(error, StoreError):
            companion.tell(QCoreApplication.translate("CompanionApp", "Companion could not save that"), error.message)
        else:
            otherwise(kind, error, trace)
    return hook
