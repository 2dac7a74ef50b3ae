"""The application service: the user's verbs and what they change, with no Qt.

    from companion.service import Service, Change

service.py  Service: log, undo and edit calls, breaks, breathing, pause and resume,
            nudges and their answers, the check-in and the self-check, status
events.py   Change, Event and the one subscribe() every listener uses
opening.py  opening the data file (with its repair) and settings for the service"""

from importlib import import_module

__all__ = ["BREATHE_RANGE", "PAUSE_RANGE", "Change", "Event", "Service"]
_WHERE = {"Change": ".events", "Event": ".events", "BREATHE_RANGE": ".service", "PAUSE_RANGE": ".service",
          "Service": ".service"}


def __getattr__(name: str):
    # Loaded when first asked for: the tray's icon needs a submodule of this
    # package (tray_status) and not the service with its store (companion/start.py).
    if name in _WHERE:
        return getattr(import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
