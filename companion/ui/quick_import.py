"""Import a large library quickly: without PySide's scan of every module's
source, and without the garbage collector walking the new objects.

Importing PySide6 replaces builtins.__import__ with its own hook so that a
module can say `from __feature__ import snake_case`; to know which modules
might, the hook reads the source of every module imported afterwards
(inspect.getsource) and keeps a note per module. Companion never uses those
switches. For pyqtgraph with numpy that is some 260 source files read for
nothing, about 70 ms of the wait for the review chart (measured on the
benchmark machine); the tray's own start steps around it too. Modules
imported inside `without_feature_scan()` get no note, which PySide treats as
"no features": the default every module here has.
"""

from __future__ import annotations

import builtins
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_feature_scan() -> Iterator[None]:
    hooked = builtins.__import__
    plain = getattr(builtins, "__orig_import__", None)
    # Only PySide's own hook is stepped around; anything else (a debugger's or
    # a test tool's import hook) stays, and a PySide without it changes nothing.
    if plain is None or getattr(hooked, "__name__", "") != "__feature_import__":
        yield
        return
    builtins.__import__ = plain
    try:
        yield
    finally:
        builtins.__import__ = hooked


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection inside: a large import creates some
    hundred thousand objects, none of them garbage, and the collector would
    walk them about a hundred times over (25-30 ms of the chart's wait). The
    collector comes back on only if it was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
