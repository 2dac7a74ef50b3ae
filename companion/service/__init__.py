"""The application service: the user's verbs and what they change, with no Qt.

    from companion.service import Service, Change

service.py  Service: log, undo and edit calls, breaks, breathing, pause and resume,
            nudges and their answers, the check-in and the self-check, status
events.py   Change, Event and the one subscribe() every listener uses
opening.py  opening the data file (with its repair) and settings for the service"""

from .events import Change, Event
from .service import BREATHE_RANGE, PAUSE_RANGE, Service

__all__ = ["BREATHE_RANGE", "PAUSE_RANGE", "Change", "Event", "Service"]
