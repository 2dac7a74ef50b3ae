"""Wires core, platform and windows together. Nothing here decides policy;
it passes events from the windows to core and core's answers back."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import sys
import time
from datetime import timedelta
from typing import TYPE_CHECKING

# Our own modules before PySide's: once PySide is in, it reads the source of
# every module imported after it, looking for a switch Companion never uses.
from . import APP_NAME
from .core import paths
from .core.clock import Clock, SystemClock, from_text, to_text
from .core.models import Call, NudgeAnswer, NudgeReason, Rating
from .core.nudges import LAST_NUDGE_KEY, Nudger
from .core.recovery import open_store, verify, with_recovery
from .core.settings import Settings
from .core.store import Store
from .ui.quick_import import without_feature_scan

if TYPE_CHECKING:  # the microphone itself loads on first use
    from .platform.mic import Microphone

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

# OS pieces (sound server, D-Bus, autostart) load on first use, after the
# tray icon is up: the icon should appear as fast as a bare Qt tray icon.

DESKTOP_ID = "io.github.companion.Companion"
PAUSED_KEY = "nudges_paused_until"
WELCOMED_KEY = "welcomed"
READY_FILE = "COMPANION_READY_FILE"  # where the tests and benchmarks read when each stage happened
SELFCHECK_TOLD_KEY = "selfcheck_told_day"
# A call logged this recently, from the tray or a script, can be undone from the menu.
UNDO_WINDOW = timedelta(minutes=15)
# Let the tray host embed the icon first, so the welcome lands next to it.
WELCOME_DELAY_MS = 1500


def make_qt_app(argv: list[str] | None = None, quit_on_last_window: bool = False) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(paths.asset("companion.svg"))))
    app.setQuitOnLastWindowClosed(quit_on_last_window)
    if not hasattr(app, "_companion_translators"):
        # Before any widget exists, so every tr() sees the user's language.
        from .translations import install_translators

        app._companion_translators = install_translators(app)
    return app


class CompanionApp(QObject):
    def __init__(
        self,
        clock: Clock | None = None,
        store: Store | None = None,
        settings: Settings | None = None,
        microphone: Microphone | None = None,
        presence=None,
    ) -> None:
        super().__init__()
        from .ui.tray import Tray

        self.clock = clock or SystemClock()
        self.notices: list[str] = []
        self.settled = False
        if store is None:
            # The full integrity check waits for `settle`: it grows with the data.
            store, problem = open_store(paths.database_path(), self.clock, check=False)
            if problem:
                self.notices.append(problem)
        self.store = store
        self.settings = settings or Settings(paths.settings_path())
        self.notices.extend(self.settings.problems)
        self._microphone = microphone
        self._presence = presence
        self._notifier = self._checkin = None
        self.nudger = Nudger(self.clock, self.settings)
        # The first reads may meet a damaged page before the full check runs.
        self.store, (paused, self._break_id, last_nudge), problem = with_recovery(
            self.store, lambda s: (s.get_meta(PAUSED_KEY), s.open_break(), s.get_meta(LAST_NUDGE_KEY)))
        if problem:
            self.notices.append(problem)
        self.nudger.recall(last_nudge)
        self.nudger.paused_until = from_text(paused) if paused else None
        self._open_nudges: dict[int, NudgeReason] = {}
        self._breathe = self._settings_dialog = self._tag_popup = self._toast = self._after_call = None
        self._notified_nudge: int | None = None
        self._welcome_due = False
        self._welcome = None
        self._pending_messages: list[tuple[str, str]] = []
        self._kept: list = []
        self._review = self._selfcheck = self._card = self._words = self._history = None

        self.tray = Tray(QIcon(str(paths.asset("companion.svg"))), self)
        self.tray.breathe_requested.connect(self.open_breathe)
        self.tray.log_requested.connect(lambda rating: self.log_call(Rating(rating)))
        self.tray.undo_requested.connect(self.undo_last)
        self.tray.break_toggled.connect(self.toggle_break)
        self.tray.pause_toggled.connect(self.toggle_pause)
        self.tray.settings_requested.connect(self.open_settings)
        self.tray.quit_requested.connect(self.quit)
        self.tray.set_on_break(self._break_id is not None)
        self.tray.set_paused_until(self.nudger.paused_until)
        self.tray.menu.aboutToShow.connect(self._refresh_undo)
        self.tray.add_window_action(self.tr("Your weeks"), self.open_review)
        self.selfcheck_action = self.tray.add_window_action(self.tr("Self-check…"), self.open_selfcheck)
        self.tray.add_window_action(self.tr("Words that help…"), self.open_words)
        self.tray.add_window_action(self.tr("History…"), self.open_history)

        # One single-shot timer set to when a nudge could next be due: no polling.
        self.nudge_timer = QTimer(self)
        self.nudge_timer.setObjectName("nudge_timer")
        self.nudge_timer.setSingleShot(True)
        self.nudge_timer.timeout.connect(self.check_nudges)
        self.settings.on_change(self._setting_changed)
        self.welcome_timer = QTimer(self, singleShot=True, interval=WELCOME_DELAY_MS)
        self.welcome_timer.setObjectName("welcome_timer")
        self.welcome_timer.timeout.connect(self._say_pending)
        self.backup_timer = QTimer(self, singleShot=True)
        self.backup_timer.setObjectName("backup_timer")
        self.backup_timer.timeout.connect(self.back_up)

        # The answer timer covers desktop notifications and the fallback toast alike.
        self.nudge_expiry = QTimer(self, singleShot=True)
        self.nudge_expiry.setObjectName("nudge_expiry")
        self.nudge_expiry.timeout.connect(lambda: self._notified_answer(NudgeAnswer.IGNORED.value))
        # Presence only: is another program using the microphone? Watched only
        # while the setting is on (see platform/oncall_watch.py).
        self.call_watch = None
        self.presence_watch = None
        # The evening check-in: a plain timer until it is due; the prompt is built then.
        self.checkin_timer = QTimer(self, singleShot=True)
        self.checkin_timer.setObjectName("checkin_timer")
        self.checkin_timer.timeout.connect(self._checkin_due)

    # -- parts made on first use ---------------------------------------------
    @property
    def microphone(self) -> Microphone:
        if self._microphone is None:
            from .platform.mic import system_microphone
            from .platform.mic_guard import install_exit_guards

            self._microphone = system_microphone()
            install_exit_guards(self._microphone)
        return self._microphone

    @property
    def notifier(self):
        if self._notifier is None:
            from .platform.notify import Notifier

            self._notifier = Notifier(parent=self)
            self._notifier.action_invoked.connect(lambda key: self._notified_answer(key))
            self._notifier.closed.connect(self._notification_closed)
        return self._notifier

    def _arm_checkin(self) -> None:
        from .core.selfcheck import checkin_wait_ms

        wait = checkin_wait_ms(self.store, self.settings, self.clock.now())
        if wait is None:
            self.checkin_timer.stop()
        else:
            self.checkin_timer.start(wait)

    def _checkin_due(self) -> None:
        if not self.checkin.offer():
            self._arm_checkin()

    @property
    def checkin(self):
        if self._checkin is None:
            from .ui.checkin import CheckinPrompt

            self._checkin = CheckinPrompt(self.store, self.settings, self.clock, tray_rect=self.tray.geometry)
            for done in (self._checkin.answered, self._checkin.skipped):
                done.connect(self._arm_checkin)
                done.connect(self._offer_selfcheck)
        return self._checkin

    @property
    def presence(self):
        if self._presence is None:
            from .platform.oncall import CallPresence

            self._presence = CallPresence()
        return self._presence

    # -- start and stop ---------------------------------------------------
    def start(self) -> None:
        """Show the icon now; everything else on the next turn of the event loop."""
        self.tray.show()
        self._mark_ready("tray-shown")
        QTimer.singleShot(0, self.settle)

    def _mark_ready(self, stage: str) -> None:
        # For the end-to-end test and the benchmark: when did each stage happen?
        ready = os.environ.get(READY_FILE)
        if ready:
            with open(ready, "a", encoding="utf-8") as out:
                out.write(f"{time.time():.6f} {stage}\n")

    def settle(self) -> None:
        if self.settled:
            return
        self.settled = True
        self.store, problem = verify(self.store)
        if problem:
            self.notices.append(problem)
        from .platform.mic_guard import recover_system_microphone

        recovered = recover_system_microphone()
        if recovered:
            self.notices.append(recovered)
        self._apply_call_awareness()
        self._apply_start_at_login()
        self._arm_checkin()
        self._offer_selfcheck()
        self.back_up()
        self._refresh_undo()
        self._pending_messages = [(self.tr("Companion"), notice) for notice in self.notices]
        self._welcome_due = self.store.get_meta(WELCOMED_KEY) is None
        if self._pending_messages or self._welcome_due:
            self.welcome_timer.start()
        self.check_nudges()
        self._mark_ready("settled")

    def back_up(self) -> None:
        """Today's backup if there is none yet, then sleep until tomorrow's."""
        from .core.backups import backup_if_due, seconds_until_next

        try:
            backup_if_due(self.store, self.clock, keep=self.settings["backups_kept"])
        except (OSError, sqlite3.Error) as exc:
            self.tell(self.tr("Companion"), self.tr(
                "Today's backup of your data could not be made: {reason}. "
                "Companion will try again tomorrow.").format(reason=exc))
        self.backup_timer.start(int(seconds_until_next(self.clock) * 1000))

    def _say_pending(self) -> None:
        if self._welcome_due:
            self._welcome_due = False
            self.open_welcome()
        for title, text in self._pending_messages:
            self.tell(title, text)
        self._pending_messages = []

    def open_welcome(self) -> None:
        """First run: work hours, the rough-call threshold and start at login on one screen."""
        from .ui.welcome import WelcomeWindow

        self._welcome = WelcomeWindow(self.settings)
        self._welcome.finished.connect(
            lambda: self.store.set_meta(WELCOMED_KEY, to_text(self.clock.now())))
        self._welcome.show_window()

    def quit(self) -> None:
        self.stop()
        QApplication.instance().quit()

    def stop(self) -> None:
        """Everything quitting does short of ending the event loop: the mic back
        as it was, every window closed and no timer left to fire at a store
        that is about to close."""
        for window in (self._breathe, self._checkin):
            if window is not None:
                window.close()
        if self._microphone is not None:
            self._microphone.restore()
        if self.presence_watch is not None:
            self.presence_watch.stop()
        for timer in self.findChildren(QTimer):
            timer.stop()
        if self._notifier is not None:
            self._notifier.close_all()
        self.tray.hide()

    # -- telling the user -------------------------------------------------
    def tell(self, title: str, text: str) -> None:
        if self.tray.say(title, text):
            return
        from .ui.notice import Notice

        notice = Notice(title, text)
        notice.show_near(self.tray.geometry())
        self._keep(notice)

    def _keep(self, widget) -> None:
        # Top-level widgets without a parent need a Python owner while shown.
        self._kept = [w for w in self._kept if w.isVisible()] + [widget]

    # -- calls --------------------------------------------------------------
    def log_call(self, rating: Rating, mood: int | None = None, tags=(), note: str = "") -> Call:
        call = self.store.log_call(rating, mood=mood, tags=tags, note=note)
        self.tray.set_undo(True)
        if self._review is not None and self._review.isVisible():
            self._review.refresh()
        if rating is not Rating.OK:
            self.tag_popup().show_for(call, self.tray.geometry())
        self.check_nudges()
        return call

    def _undoable(self) -> Call | None:
        last = self.store.last_call()
        if last is not None and self.clock.now() - last.at <= UNDO_WINDOW:
            return last
        return None

    def _refresh_undo(self) -> None:
        self.tray.set_undo(self._undoable() is not None)

    def undo_last(self) -> None:
        last = self._undoable()
        if last is not None:
            self.store.delete_call(last.id)
            self._after_undo()

    def _after_undo(self, _call_id: int | None = None) -> None:
        if self._tag_popup is not None:
            self._tag_popup.hide()
        self._refresh_undo()
        self._refresh_rough_run()

    def _refresh_rough_run(self) -> None:
        run = self.store.rough_run()
        self.nudger.set_rough_run(run)
        self.tray.set_rough_run(run)

    def tag_popup(self):
        if self._tag_popup is None:
            from .ui.log import TagPopup

            self._tag_popup = TagPopup(self.store, self.settings)
            self._tag_popup.undone.connect(self._after_undo)
            self._tag_popup.changed.connect(lambda _id: self._refresh_rough_run())
        return self._tag_popup

    # -- breathing and breaks -------------------------------------------
    def open_breathe(self, seconds: int | None = None, pattern: str | None = None) -> None:
        if self._breathe is None:
            from .ui.breathe import BreatheWindow

            self._breathe = BreatheWindow(self.store, self.settings, self.clock, self.microphone,
                                          card=self.word_card())
            self._breathe.session_ended.connect(self._breather_done)
            self._breathe.words_requested.connect(self.open_words)
        self._breathe.start(seconds, pattern)

    def _breather_done(self, _session_id: int) -> None:
        self.nudger.break_taken()
        self._refresh_rough_run()
        self._schedule_nudge_check()

    def toggle_break(self) -> None:
        if self._break_id is None:
            self._break_id = self.store.start_break()
        else:
            self.store.end_break(self._break_id)
            self._break_id = None
            self.nudger.break_taken()
        self.tray.set_on_break(self._break_id is not None)
        self.check_nudges()

    # -- nudges -------------------------------------------------------------
    def toggle_pause(self) -> None:
        if self.nudger.paused_until and self.nudger.paused_until > self.clock.now():
            self.resume_nudges()
        else:
            self.pause_nudges(self.settings["pause_minutes"])

    def pause_nudges(self, minutes: int):
        until = self.nudger.pause(minutes)
        self.store.set_meta(PAUSED_KEY, to_text(until))
        self.tray.set_paused_until(until)
        self.check_nudges()
        return until

    def resume_nudges(self) -> None:
        self.nudger.resume()
        self.store.set_meta(PAUSED_KEY, None)
        self.tray.set_paused_until(None)
        self.check_nudges()

    def show_running(self) -> None:
        """Someone started Companion again: point at the icon that is already there."""
        self.tell(self.tr("Companion is already running"), self.tr(
            "It is here in the tray: click the icon to breathe, right-click it for more."))

    def check_nudges(self) -> None:
        if self.nudger.paused_until and self.nudger.paused_until <= self.clock.now():
            self.nudger.resume()
            self.store.set_meta(PAUSED_KEY, None)
            self.tray.set_paused_until(None)
        self._refresh_rough_run()  # also after midnight, when a new day's count starts
        reason = None if (self._break_id or self._breathing()) else self.nudger.due()
        if reason is not None:
            self._nudge(reason)
        self._schedule_nudge_check()

    def _breathing(self) -> bool:
        return self._breathe is not None and self._breathe.isVisible()

    def _schedule_nudge_check(self) -> None:
        self.nudge_timer.start(int(self.nudger.seconds_to_next_check() * 1000))

    def _nudge(self, reason: NudgeReason) -> None:
        nudge = self.store.record_nudge(reason)
        self.nudger.nudged(reason)
        self.store.set_meta(LAST_NUDGE_KEY, self.nudger.last_nudge_note())
        self._open_nudges[nudge.id] = reason
        from .ui.nudge import nudge_text

        text = nudge_text(reason, self.nudger.rough_run, int(self.nudger.stretch_seconds() // 60))
        if self._notified_nudge is not None:
            self._notified_answer(NudgeAnswer.IGNORED.value)
        actions = [("breathe", self.tr("Breathe now")), ("snooze", self.tr("Snooze")),
                   ("not_now", self.tr("Not now"))]
        if self.notifier.notify(self.tr("A moment for you"), text, actions, expire_ms=0):
            self._notified_nudge = nudge.id
            self.nudge_expiry.start(self.settings["nudge_answer_minutes"] * 60_000)
        else:
            self.toast().show_nudge(nudge.id, text, self.tray.geometry())

    def _notified_answer(self, answer: str) -> None:
        nudge_id, self._notified_nudge = self._notified_nudge, None
        self.nudge_expiry.stop()
        if nudge_id is not None:
            if self._notifier is not None:
                self._notifier.close_all()
            self.answer_nudge(nudge_id, answer)

    def _notification_closed(self, reason: str) -> None:
        # Dismissed by the person is a "not now"; anything else went unanswered.
        if reason == "dismissed":
            self._notified_answer(NudgeAnswer.NOT_NOW.value)
        elif reason == "expired":
            self._notified_answer(NudgeAnswer.IGNORED.value)

    def toast(self):
        if self._toast is None:
            from .ui.nudge import NudgeToast

            self._toast = NudgeToast(self.settings)
            self._toast.answered.connect(self.answer_nudge)
        return self._toast

    def answer_nudge(self, nudge_id: int, answer: str) -> None:
        reason = self._open_nudges.pop(nudge_id, None)
        self.store.answer_nudge(nudge_id, NudgeAnswer(answer))
        if reason is not None:
            self.nudger.answered(reason, NudgeAnswer(answer))
        if answer == NudgeAnswer.BREATHE.value:
            self.open_breathe()
        self._schedule_nudge_check()

    # -- calls in progress -------------------------------------------------
    def _apply_call_awareness(self) -> None:
        if self.settings["call_awareness"] and self.presence.supported:
            if self.call_watch is None:
                from .platform.oncall import CallWatch, poller
                from .platform.oncall_watch import PresenceWatch

                self.call_watch = CallWatch(self.clock)
                self.presence_watch = PresenceWatch(
                    poller(self.presence, self.call_watch, self.on_call_event), self.presence.poll_interval,
                    parent=self, platform=getattr(self.presence, "platform", None))
            self.presence_watch.start()
        else:
            if self.presence_watch is not None:
                self.presence_watch.stop()
            if self.call_watch is not None:
                self.call_watch.live = False
            self.nudger.call_live = False

    def on_call_event(self, event) -> None:
        from .platform.oncall import CallEvent

        self.nudger.call_live = self.call_watch.live
        if event is CallEvent.ENDED and self.settings["ask_after_call"]:
            minutes = round(self.call_watch.last_call_seconds / 60)
            self.after_call().ask_after(minutes, self.tray.geometry())
        elif event is not CallEvent.STARTED:
            self.check_nudges()

    def after_call(self):
        if self._after_call is None:
            from .ui.after_call import AfterCallToast

            self._after_call = AfterCallToast()
            self._after_call.chosen.connect(self._after_call_answered)
        return self._after_call

    def _after_call_answered(self, answer: str) -> None:
        if answer in {r.value for r in Rating}:
            self.log_call(Rating(answer))
        else:
            self.check_nudges()

    # -- looking back -----------------------------------------------------
    def _show(self, window) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    def open_review(self, weeks: int | None = None) -> None:
        if self._review is None:
            from .ui.review import ReviewWindow  # pyqtgraph and numpy load only now

            self._review = ReviewWindow(self.store, self.settings, self.clock, weeks=weeks, chart_later=True)
            if os.environ.get(READY_FILE):
                # The review figures in benchmarks/run.py are timed from the running tray.
                self._review.on_first_paints(lambda: self._mark_ready("review-shown"),
                                             lambda: self._mark_ready("review-chart-drawn"))
        elif weeks is not None:
            self._review.show_weeks(weeks)
        self._show(self._review)

    def _offer_selfcheck(self) -> None:
        from .core.selfcheck import selfcheck_due

        due = selfcheck_due(self.store, self.settings, self.clock.now())
        self.selfcheck_action.setText(self.tr("Self-check (due)…") if due else self.tr("Self-check…"))
        today = self.clock.now().date().isoformat()
        if due and self.store.get_meta(SELFCHECK_TOLD_KEY) != today:
            self.store.set_meta(SELFCHECK_TOLD_KEY, today)
            self.tell(self.tr("A short self-check"), self.tr(
                "It's time for the short self-check on how the calls wear on you. "
                "Open it from the Companion menu whenever suits you."))

    def open_selfcheck(self) -> None:
        from .ui.selfcheck import SelfCheckDialog

        self._selfcheck = SelfCheckDialog(self.store, self.clock)
        self._selfcheck.completed.connect(lambda _score: self._offer_selfcheck())
        self._selfcheck.put_off.connect(self._offer_selfcheck)
        self._show(self._selfcheck)

    def word_card(self):
        if self._card is None:
            from .core.words import WordCard

            self._card = WordCard()
            for problem in self._card.problems:
                self.tell(self.tr("Companion"), problem)
        return self._card

    def open_words(self, group: str | None = None) -> None:
        if self._words is None:
            from .ui.words import WordsWindow

            self._words = WordsWindow(self.word_card())
        self._words.show_card(group)

    def open_history(self) -> None:
        if self._history is None:
            from .ui.history import HistoryWindow

            self._history = HistoryWindow(self.store, self.clock)
            self._history.changed.connect(self._after_history_change)
        self._history.show_window()

    def _after_history_change(self) -> None:
        self._refresh_rough_run()
        self._refresh_undo()

    # -- settings -------------------------------------------------------------
    def _setting_changed(self, key: str, _value) -> None:
        if key in ("checkin", "work_start", "work_end", "work_days") and self.settled:
            self._arm_checkin()
        if key == "call_awareness":
            self._apply_call_awareness()
        elif key == "start_at_login":
            self._apply_start_at_login()
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

    def open_settings(self) -> None:
        if self._settings_dialog is None:
            from .ui.settings import SettingsDialog

            self._settings_dialog = SettingsDialog(self.settings)
        self._settings_dialog.show()
        self._settings_dialog.raise_()
        self._settings_dialog.activateWindow()


def quit_on_signals(app: QApplication, on_quit) -> None:
    """SIGTERM and SIGINT end the app through Qt's loop, so the microphone is
    restored and the session recorded. A wakeup socket lets Python's handler
    run without a polling timer."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    app._signal_sockets = (reader, writer, notifier)  # keep them alive with the app

    def handler(_signum, _frame) -> None:
        QTimer.singleShot(0, on_quit)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


ALREADY_RUNNING = "Companion is already running; look for its icon in the tray."


def run_tray() -> int:
    # Everything the start imports is ours or Qt's, none of it uses PySide's
    # __feature__ switches: no need for PySide to read each module's source first.
    with without_feature_scan():
        from .core.store import StoreError

        try:
            started = _start_tray()
        except StoreError as exc:  # a newer schema, a full disk, a read-only folder: words, not a traceback
            print(f"companion: {exc.message}", file=sys.stderr)
            return 1
    if started is None:
        return 0
    qt, server, _companion = started  # held here for as long as the app runs
    try:
        return qt.exec()
    finally:
        server.close()


def _start_tray():
    """The Qt app, its instance server and the Companion whose tray icon is
    now shown; or None when another Companion already runs (it was told to
    show itself)."""
    from .commands import remote
    from .platform.instance import InstanceServer

    # A second start hands over to the first instead of adding a second icon.
    if remote.send({"cmd": "show"}) is not None:
        print(ALREADY_RUNNING)
        return None
    qt = make_qt_app()
    server = InstanceServer(parent=qt)
    if not server.listen():
        if remote.send({"cmd": "show"}) is not None:  # lost a race with another start
            print(ALREADY_RUNNING)
            return None
        print(f"companion: scripts cannot reach this Companion ({server.error_text()}); "
              "the tray works as usual.", file=sys.stderr)
    companion = CompanionApp()
    server.handler = lambda request: remote.handle_request(companion, request)
    quit_on_signals(qt, companion.quit)
    companion.start()
    return qt, server, companion


def run_breathe(seconds: int | None = None, pattern: str | None = None) -> int:
    """`companion breathe` with no tray running: just the window."""
    from .ui.breathe import BreatheWindow

    qt = make_qt_app(quit_on_last_window=True)
    clock = SystemClock()
    store, problem = open_store(paths.database_path(), clock)
    if problem:
        print(problem, file=sys.stderr)
    settings = Settings(paths.settings_path())
    for message in settings.problems:
        print(message, file=sys.stderr)
    from .platform.mic import system_microphone
    from .platform.mic_guard import install_exit_guards, recover_system_microphone

    recovered = recover_system_microphone()
    if recovered:
        print(recovered, file=sys.stderr)
    microphone = system_microphone()
    install_exit_guards(microphone)
    window = BreatheWindow(store, settings, clock, microphone)

    def stop() -> None:
        window.close()
        microphone.restore()
        qt.quit()

    quit_on_signals(qt, stop)
    window.start(seconds, pattern)
    try:
        return qt.exec()
    finally:
        microphone.restore()
        store.close()
