"""One surface by the tray at a time: which of the small popups Companion
shows on its own (the after-call question, the tag popup, a notice, a
nudge, the evening check-in) may be on screen now, and which wait their turn.

The rules, plain Python so they can be tested without a window:

- At most one surface is shown. A new one waits until the shown one is
  closed, answered or gone by itself; then the waiting one that ranks first
  (`Surface` order, then the oldest) has its turn.
- The after-call question and the tag popup belong to the moment a call
  ends: one of them arriving while a lower-ranked surface (a notice, a
  nudge, the check-in) is up sets that one aside (hidden, not answered) and
  takes its place; the one set aside comes back after. A surface never sets
  aside one that ranks above it or beside it.
- The same surface asked for again (the tag popup for a newer call) is
  refreshed where it is.
- While a breathing session is on screen (`hold`) nothing is shown: what was
  up is set aside, and everything waits until Breathe is gone (`release`).
- Each surface's own show callable says, when its turn comes, whether it is
  still worth showing (an answered nudge, a check-in no longer due): False
  passes the turn on, so what expired while waiting is never shown late.

Nudges do not queue here at all: while anything is up or waiting the app
does not ask the service for one (`busy`), and asks again when all is free
(`on_free`), so a nudge due before a breathing session is weighed afresh
after it, when the breath just taken has already reset the nudger."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import IntEnum
from itertools import count


class Surface(IntEnum):
    """The surfaces by the tray, first in line first."""
    AFTER_CALL = 0
    TAGS = 1
    NOTICE = 2
    NUDGE = 3
    CHECKIN = 4


# Of the moment: these set aside a lower-ranked surface instead of waiting behind it.
OF_THE_MOMENT = frozenset({Surface.AFTER_CALL, Surface.TAGS})


@dataclass
class _Turn:
    kind: Surface
    key: Hashable
    show: Callable[[], bool]  # shows it; False when it is no longer worth showing
    set_aside: Callable[[], None]  # hides it without answering, to be shown again later
    order: int


class SurfaceQueue:
    def __init__(self, on_free: Callable[[], None] | None = None) -> None:
        self.on_free = on_free  # called when nothing is shown, waiting or held any more
        self._showing: _Turn | None = None
        self._waiting: list[_Turn] = []
        self._held = self._stopped = False
        self._order = count()
        self._in_show: Hashable | None = None  # a surface being shown: its own hides are no close

    # -- what is up -----------------------------------------------------------------
    @property
    def showing(self) -> Hashable | None:
        """The key of the surface on screen, if one is."""
        return self._showing.key if self._showing is not None else None

    @property
    def waiting(self) -> list[Hashable]:
        """The keys of the surfaces waiting, in the order they will be shown."""
        return [turn.key for turn in sorted(self._waiting, key=_rank)]

    @property
    def held(self) -> bool:
        return self._held

    @property
    def stopped(self) -> bool:
        """Is the app quitting? (Then nothing more is shown.)"""
        return self._stopped

    @property
    def busy(self) -> bool:
        """Is anything shown, waiting or held back? (Then no nudge is asked for.)"""
        return self._held or self._showing is not None or bool(self._waiting)

    # -- asking and closing -------------------------------------------------------------
    def want(self, kind: Surface, show: Callable[[], bool], set_aside: Callable[[], None],
             key: Hashable | None = None) -> bool:
        """Show a surface now if it may be, or let it wait its turn. `key`
        tells apart surfaces of one kind that may wait side by side (notices);
        it defaults to the kind. True if it was shown now."""
        key = kind if key is None else key
        if self._stopped:
            return False
        turn = _Turn(kind, key, show, set_aside, next(self._order))
        self._waiting = [waiting for waiting in self._waiting if waiting.key != key]
        showing = self._showing
        if showing is not None and showing.key == key:
            return self._show(turn)  # the same surface, refreshed in place
        if self._held or (showing is not None and not _sets_aside(turn, showing)):
            self._waiting.append(turn)
            return False
        if showing is not None:
            self._showing = turn  # first, so the hide below is not taken for a close
            showing.set_aside()
            self._waiting.append(showing)
        return self._show(turn)

    def closed(self, key: Hashable) -> None:
        """A surface was closed, answered or went by itself: the next one's turn.
        One closed while waiting (its call undone, say) no longer waits. A hide
        while the surface itself is being shown (a toast clearing its last
        question before asking the next) is not its close."""
        if key == self._in_show:
            return
        if self._showing is not None and self._showing.key == key:
            self._showing = None
            self._next()
        else:
            self._waiting = [turn for turn in self._waiting if turn.key != key]

    # -- a breathing session ---------------------------------------------------------------
    def hold(self) -> None:
        """Breathe is on screen: nothing by the tray may cover it."""
        if self._held:
            return
        self._held = True
        showing, self._showing = self._showing, None
        if showing is not None:
            showing.set_aside()
            self._waiting.append(showing)

    def release(self) -> None:
        """Breathe is gone: the waiting surfaces have their turns again."""
        if self._held:
            self._held = False
            self._next()

    def stop(self) -> None:
        """The app is quitting: no more turns, and nothing told it is free (the
        windows closing now, or deleted later, must not reach a closed store)."""
        self._stopped, self._showing, self._waiting, self.on_free = True, None, [], None

    # -- turns ---------------------------------------------------------------------------------
    def _show(self, turn: _Turn) -> bool:
        self._showing, self._in_show = turn, turn.key
        try:
            shown = turn.show()
        finally:
            self._in_show = None
        if shown:
            return True
        if self._showing is turn:
            self._showing = None
            self._next()
        return False

    def _next(self) -> None:
        if self._stopped:
            return
        if not self._held and self._showing is None and self._waiting:
            turn = min(self._waiting, key=_rank)
            self._waiting.remove(turn)
            self._show(turn)  # passes the turn on by itself when it is no longer worth showing
        elif not self.busy and self.on_free is not None:
            self.on_free()


def _rank(turn: _Turn) -> tuple[int, int]:
    return int(turn.kind), turn.order


def _sets_aside(new: _Turn, showing: _Turn) -> bool:
    return new.kind in OF_THE_MOMENT and new.kind < showing.kind
