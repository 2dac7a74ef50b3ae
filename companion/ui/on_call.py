"""Calls in progress: while another program (the softphone) uses the
microphone, nudges wait; when a real call ends, "How was that call?".

Presence only, and only while the setting is on (see platform/oncall_watch.py):
no sound is ever read or kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from companion.service.surfaces import Surface, SurfaceQueue

from .turns import report_hides


class CallAwareness(QObject):
    def __init__(self, service, tray, presence: Callable[[], object], check_nudges: Callable[[], None],
                 log_call: Callable, parent: QObject | None = None, surfaces: SurfaceQueue | None = None,
                 follow_ups=None) -> None:
        super().__init__(parent)
        self.follow_ups = follow_ups  # where set and notified, the question is a notification
        self.service, self.tray = service, tray
        self.surfaces = surfaces if surfaces is not None else SurfaceQueue()
        self._presence, self._check_nudges, self._log_call = presence, check_nudges, log_call
        self.call_watch = self.presence_watch = self.prompt = None

    def apply(self) -> None:
        """Watch or stop watching, as the call_awareness setting says."""
        presence = self._presence()
        if self.service.settings["call_awareness"] and presence.supported:
            if self.call_watch is None:
                from companion.platform.oncall import CallWatch, poller
                from companion.platform.oncall_watch import PresenceWatch

                self.call_watch = CallWatch(self.service.clock)
                self.presence_watch = PresenceWatch(
                    poller(presence, self.call_watch, self.on_call_event), presence.poll_interval,
                    parent=self, platform=getattr(presence, "platform", None))
            self.presence_watch.start()
        else:
            self.stop()
            if self.call_watch is not None:
                self.call_watch.live = False
            if self.service.mic_call_live:
                self.service.mic_call(False, counts=False)

    def stop(self) -> None:
        if self.presence_watch is not None:
            self.presence_watch.stop()
        if self.prompt is not None:  # its own timer must not answer for an app that has stopped
            self.prompt.close()

    def on_call_event(self, event) -> None:
        from companion.platform.oncall import CallEvent

        # The service joins this with the softphone's hook; its CALL_ENDED comes back to call_ended.
        self.service.mic_call(self.call_watch.live, self.call_watch.last_call_seconds,
                              counts=event is CallEvent.ENDED)

    def call_ended(self, ended) -> None:
        """A call ended (by the hook or the microphone): ask how it went, or
        see whether a nudge is due now."""
        if ended.ask and self.follow_ups is not None and self.follow_ups.notified:
            self.follow_ups.ask_after_call(ended.minutes, self._log_call, self._check_nudges)
        elif ended.ask:
            prompt, asked = self.after_call(), []

            def show() -> bool:
                if asked:  # back after Breathe or another turn: if still unanswered
                    return prompt.show_again(self.tray.geometry())
                asked.append(True)
                prompt.ask_after(ended.minutes, self.tray.geometry())
                return True
            self.surfaces.want(Surface.AFTER_CALL, show, prompt.hide)
        elif ended.logged is None:
            self._check_nudges()

    def after_call(self):
        if self.prompt is None:
            from .after_call import AfterCallToast

            self.prompt = AfterCallToast()
            self.prompt.rated.connect(self._log_call)
            self.prompt.skipped.connect(self._check_nudges)
            report_hides(self.surfaces, self.prompt, Surface.AFTER_CALL)
        return self.prompt
