"""What the tray says about now, in a line or two at the top of its menu and
in its tooltip: the microphone during a breathing session, a break running,
a call on, nothing being saved (a full disk), nudges paused, and today's calls
with the rough run.

Plain Python: the lines are chosen and filled in here, from the service; the
tray only shows them. Each line's English is a template below, listed for
translators (translations/catalogue.py) and shown through core_text()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MIC_MUTED = "Microphone muted for breathing"
MIC_NOT_MUTED = "Microphone NOT muted"
ON_BREAK = "On a break"
ON_CALL = "On a call"
NOT_SAVING = "Nothing new can be saved right now"
PAUSED = "Nudges paused until {time}"
CALLS = "Calls today: {calls}"
CALLS_AND_RUN = "Calls today: {calls}, {run} rough in a row"
TEMPLATES = (MIC_MUTED, MIC_NOT_MUTED, NOT_SAVING, ON_CALL, ON_BREAK, PAUSED, CALLS, CALLS_AND_RUN)
MOST_LINES = 6  # mic, saving, call, break, pause and calls: never more at once

# How BreatheWindow records a mic it muted, or found muted already.
MUTED_RECORDS = ("muted", "already muted")


@dataclass(frozen=True)
class StatusLine:
    template: str  # one of TEMPLATES
    values: tuple[tuple[str, object], ...] = ()
    warning: bool = False  # said so the person notices (the mic is not muted)

    def text(self, translate: Callable[[str], str] = str) -> str:
        """The line in words; `translate` is the window's door to a translation."""
        return translate(self.template).format(**dict(self.values))


def status_lines(service) -> list[StatusLine]:
    """The lines for now, the most pressing first; today's calls always last."""
    lines = []
    if service.breathing is not None:
        muted = service.breathing.mic in MUTED_RECORDS
        lines.append(StatusLine(MIC_MUTED) if muted else StatusLine(MIC_NOT_MUTED, warning=True))
    if not service.saving:  # a full disk or a read-only folder: the notice said why
        lines.append(StatusLine(NOT_SAVING, warning=True))
    if service.on_call:
        lines.append(StatusLine(ON_CALL))
    if service.on_break:
        lines.append(StatusLine(ON_BREAK))
    if service.paused_until is not None:
        lines.append(StatusLine(PAUSED, (("time", service.paused_until.strftime("%H:%M")),)))
    now = service.status(running=True)
    calls, run = now["calls_today"], now["rough_run"]
    lines.append(StatusLine(CALLS_AND_RUN, (("calls", calls), ("run", run))) if run
                 else StatusLine(CALLS, (("calls", calls),)))
    return lines
