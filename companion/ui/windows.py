"""The tray app's windows, each made on first use and kept for the session.

Every window records through the application service it is given; none
writes to the store. The app reaches each one here: `windows.breathe`,
`windows.review`, ... are None until first opened. The popups Companion shows
by itself take turns through `surfaces` (service/surfaces.py), and none
shows while Breathe is on screen."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject
from shiboken6 import isValid

from companion.service.surfaces import Surface, SurfaceQueue

from .turns import hold_while_shown, once_hidden, report_hides


class Windows(QObject):
    def __init__(self, service, tray, microphone: Callable[[], object], tell: Callable[[str, str], None],
                 parent: QObject | None = None, keys=None, follow_ups=None) -> None:
        super().__init__(parent)
        self.service, self.tray, self.keys = service, tray, keys
        self.follow_ups = follow_ups  # where set and notified: what shows by itself is a notification
        self._microphone, self._tell = microphone, tell
        self.breathe = self.tag_popup = self.review = self.selfcheck = self.words = None
        self.history = self.settings_dialog = self.welcome = self.checkin = self.card = None
        self.surfaces = SurfaceQueue()  # the app sets its on_free
        self._notices: list = []  # (key, Notice)
        self._notice_keys = count(1)

    def breathing(self) -> bool:
        return self.breathe is not None and self.breathe.isVisible()

    def open_breathe(self, seconds: int | None = None, pattern: str | None = None, on_first_paint=None) -> None:
        """`on_first_paint`: called when the window first paints (benchmarks/run.py's mark)."""
        if self.breathe is None:
            from .breathe import BreatheWindow

            self.breathe = BreatheWindow(self.service, self._microphone(), card=self.word_card())
            self.breathe.words_requested.connect(self.open_words)
            hold_while_shown(self.surfaces, self.breathe)
        if on_first_paint is not None and not self.breathe.running:
            from .first_paint import FirstPaint

            FirstPaint(self.breathe, on_first_paint)
        self.breathe.start(seconds, pattern)

    def _notified(self) -> bool:
        return self.follow_ups is not None and self.follow_ups.notified

    def show_tags_for(self, call) -> None:
        """The tag popup for a call just logged, now or when its turn comes
        (on a desktop where it cannot stay quiet, a notification offering it)."""
        if self._notified():
            self.follow_ups.call_logged(call, self.open_tags)
            return
        popup = self._tag_popup()

        def show() -> bool:
            # Back after being set aside, it shows the call as last edited.
            shown = popup.call if popup.call is not None and popup.call.id == call.id else call
            popup.show_for(shown, self.tray.geometry())
            return True
        self.surfaces.want(Surface.TAGS, show, popup.hide)

    def open_tags(self, call) -> None:
        """The tag popup, asked for (a notification's "Add tags…"): it may take the keyboard."""
        popup = self._tag_popup()
        popup.show_for(call, self.tray.geometry())
        _bring_up(popup)

    def _tag_popup(self):
        if self.tag_popup is None:
            from .log import TagPopup

            self.tag_popup = TagPopup(self.service)
            report_hides(self.surfaces, self.tag_popup, Surface.TAGS)
        return self.tag_popup

    def hide_tags(self) -> None:
        if self.follow_ups is not None:
            self.follow_ups.withdraw("tags")
        if self.tag_popup is not None:
            self.tag_popup.hide()
        self.surfaces.closed(Surface.TAGS)  # an undone call's popup no longer waits either

    def open_review(self, weeks: int | None = None, on_first_paints=None):
        if self.review is None:
            from .review import ReviewWindow  # pyqtgraph and numpy load only now

            self.review = ReviewWindow(self.service.store, self.service.settings, self.service.clock, weeks=weeks,
                                       chart_later=True)
            if on_first_paints is not None:
                self.review.on_first_paints(*on_first_paints)
        elif weeks is not None:
            self.review.show_weeks(weeks)
        _bring_up(self.review)

    def refresh_review(self) -> None:
        if self.review is not None and self.review.isVisible():
            self.review.refresh()

    def open_selfcheck(self, put_off: Callable[[], None]) -> None:
        from .selfcheck import SelfCheckDialog

        self.selfcheck = SelfCheckDialog(self.service)
        self.selfcheck.put_off.connect(put_off)
        _bring_up(self.selfcheck)

    def word_card(self):
        if self.card is None:
            from companion.core.words import WordCard

            self.card = WordCard()
            for problem in self.card.problems:
                self._tell(self.tr("Companion"), problem)
        return self.card

    def open_words(self, group: str | None = None) -> None:
        if self.words is None:
            from .words import WordsWindow

            self.words = WordsWindow(self.word_card())
        self.words.show_card(group)

    def open_history(self) -> None:
        if self.history is None:
            from .history import HistoryWindow

            self.history = HistoryWindow(self.service)
        self.history.show_window()

    def open_settings(self) -> None:
        if self.settings_dialog is None:
            from .settings import SettingsDialog

            self.settings_dialog = SettingsDialog(self.service.settings, service=self.service, keys=self.keys)
        _bring_up(self.settings_dialog)

    def open_welcome(self) -> None:
        """First run: work hours, the rough-call threshold and start at login on
        one screen - after the breath, if the agent clicked the icon first (it
        would take the keyboard and cover the pacer mid-breath)."""
        if self.breathing():
            once_hidden(self.breathe, self._welcome_after_breath)
            return
        from .welcome import WelcomeWindow

        works = self.keys is not None and self.keys.states.get("shortcut_breathe", (False, ""))[0]
        self.welcome = WelcomeWindow(self.service.settings,
                                     shortcut=self.service.settings["shortcut_breathe"] if works else "")
        self.welcome.finished.connect(self.service.mark_welcomed)
        self.welcome.show_window()

    def _welcome_after_breath(self) -> None:
        if not self.surfaces.stopped:  # not when Breathe closes because Companion quits
            self.open_welcome()

    def checkin_prompt(self):
        if self.checkin is None:
            from .checkin import CheckinPrompt

            self.checkin = CheckinPrompt(self.service, tray_rect=self.tray.geometry)
            # Its answers end its turn (its own hides for the keyboard do not).
            for said in (self.checkin.answered, self.checkin.skipped, self.checkin.snoozed):
                said.connect(lambda *_: self.surfaces.closed(Surface.CHECKIN))
        return self.checkin

    def open_checkin(self) -> None:
        """The check-in, asked for (the tray menu, a notification's button): the keys may answer it."""
        prompt = self.checkin_prompt()
        if prompt.isVisible() or prompt.offer():
            prompt.take_keyboard()

    def offer_checkin(self, not_due: Callable[[], None]) -> None:
        """The evening check-in in its turn; `not_due` when, by then, it is not."""
        if self._notified():
            if self.service.checkin_due():
                self.follow_ups.offer_checkin(self.open_checkin)
            else:
                not_due()
            return
        prompt = self.checkin_prompt()

        def show() -> bool:
            if prompt.offer():
                return True
            not_due()
            return False
        self.surfaces.want(Surface.CHECKIN, show, prompt.step_aside)

    def show_notice(self, title: str, text: str) -> None:
        """A message by the tray in its own window (where the tray shows no balloon), in its turn."""
        if self._notified() and self.follow_ups.notice(title, text):
            return
        from .notice import Notice

        notice = Notice(title, text)
        key = (Surface.NOTICE, next(self._notice_keys))
        report_hides(self.surfaces, notice, key)
        # Top-level widgets without a parent need a Python owner while shown or
        # waiting; a closed one deletes itself.
        waiting = self.surfaces.waiting
        self._notices = [(k, kept) for k, kept in self._notices
                         if isValid(kept) and (kept.isVisible() or k in waiting)] + [(key, notice)]

        def show() -> bool:
            notice.show_near(self.tray.geometry())
            return True
        self.surfaces.want(Surface.NOTICE, show, notice.step_aside, key=key)

    @property
    def notices(self) -> list:
        """The notices shown or waiting (or closed since the last one came)."""
        return [kept for _key, kept in self._notices if isValid(kept)]

    def close_all(self) -> None:
        for window in (self.breathe, self.checkin):
            if window is not None:
                window.close()


def _bring_up(window) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
