"""Showing a nudge the service has recorded, and bringing its answer back.

Where the desktop runs a notification server the nudge is a notification with
three actions (placed by the server); otherwise the quiet toast by the tray,
taking its turn among the other surfaces there (service/surfaces.py). Either
way an unanswered nudge is answered as ignored after the Settings' few minutes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from companion.core.models import Nudge, NudgeAnswer

from companion.platform.timers import named_timer
from companion.service.surfaces import Surface, SurfaceQueue

from .turns import report_hides


class NudgeRouter(QObject):
    def __init__(self, service, tray, notifier: Callable[[], object], parent: QObject | None = None,
                 surfaces: SurfaceQueue | None = None) -> None:
        super().__init__(parent)
        self.service, self.tray, self._notifier = service, tray, notifier
        self.surfaces = surfaces if surfaces is not None else SurfaceQueue()
        self.toast = None
        self._notified: int | None = None  # the nudge now shown as a notification
        self._note = 0  # ...and that notification's id
        # The answer timer covers desktop notifications and the fallback toast alike.
        self.expiry = named_timer(self, "nudge_expiry", lambda: self.notified_answer(NudgeAnswer.IGNORED))

    def show(self, nudge: Nudge) -> None:
        from .nudge import nudge_text

        nudger = self.service.nudger
        text = nudge_text(nudge.reason, nudger.rough_run, int(nudger.stretch_seconds() // 60))
        if self._notified is not None:
            self.notified_answer(NudgeAnswer.IGNORED)
        actions = [(NudgeAnswer.BREATHE.value, self.tr("Breathe now")), (NudgeAnswer.SNOOZE.value, self.tr("Snooze")),
                   (NudgeAnswer.NOT_NOW.value, self.tr("Not now"))]
        self._note = self._notifier().notify(
            self.tr("A moment for you"), text, actions, expire_ms=0,
            on_action=lambda key: self.notified_answer(NudgeAnswer(key)), on_close=self.notification_closed,
            click=NudgeAnswer.BREATHE.value)  # a click on it says yes
        if self._note:
            self._notified = nudge.id
            self.expiry.start(self.service.settings["nudge_answer_minutes"] * 60_000)
        else:
            toast, asked = self._toast(), []

            def show() -> bool:
                if asked:  # back after a call's popups: only if still unanswered
                    return toast.nudge_id == nudge.id and toast.show_again(self.tray.geometry())
                asked.append(True)
                toast.show_nudge(nudge.id, text, self.tray.geometry())
                return True
            self.surfaces.want(Surface.NUDGE, show, toast.hide)

    def breathe_opened(self) -> None:
        """Breathe opened another way (the tray, a shortcut) while a nudge waits:
        that is the nudge's yes, and its notification or toast goes, rather
        than sit over the breathing or come back after it."""
        if self._notified is not None:
            self.notified_answer(NudgeAnswer.BREATHE)
        elif self.toast is not None and self.toast.waiting:
            self.toast.answer(NudgeAnswer.BREATHE.value)

    def notified_answer(self, answer: NudgeAnswer) -> None:
        nudge_id, self._notified = self._notified, None
        self.expiry.stop()
        if nudge_id is not None:
            self._notifier().close(self._note)
            self.service.answer_nudge(nudge_id, NudgeAnswer(answer))

    def notification_closed(self, reason: str) -> None:
        # Dismissed by the person is a "not now"; anything else went unanswered.
        if reason == "dismissed":
            self.notified_answer(NudgeAnswer.NOT_NOW)
        elif reason == "expired":
            self.notified_answer(NudgeAnswer.IGNORED)

    def _toast(self):
        if self.toast is None:
            from .nudge import NudgeToast

            self.toast = NudgeToast(self.service.settings)
            self.toast.answered.connect(self.service.answer_nudge)
            report_hides(self.surfaces, self.toast, Surface.NUDGE)
        return self.toast
