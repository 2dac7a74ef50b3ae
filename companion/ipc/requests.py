"""The request table: what each request over the socket does in the running app.

Each entry checks the request's fields (JSON types and ranges) and calls one
verb of the application service, or asks the app to show a window. The same
verbs serve the tray's menu and the command line's offline paths, so a call
logged over the socket is checked and stored exactly as one logged from the menu.

`app` needs: .service (companion.service.Service), show_running(),
open_breathe(seconds, pattern), open_review(weeks), quit()."""

from __future__ import annotations

from typing import Any

from .protocol import error


def handle_request(app: Any, request: Any) -> dict[str, Any]:
    """Carry out one request on the running app; always returns an answer."""
    from companion.core.models import InvalidEntry

    if not isinstance(request, dict) or not isinstance(request.get("cmd"), str):
        return error("A request is a JSON object with a \"cmd\" field.")
    command = request["cmd"]
    action = _ACTIONS.get(command)
    if action is None:
        return error(f"Companion does not know the request {command!r}.")
    try:
        return action(app, request)
    except InvalidEntry as exc:
        return error(str(exc))
    except Exception as exc:  # noqa: BLE001 - the app must keep running whatever a script sends
        return error(f"Companion could not do that: {exc}")


def _show(app: Any, _request: dict) -> dict[str, Any]:
    app.show_running()
    return {"ok": True, "tray": app.tray.host_available()}


def _breathe(app: Any, request: dict) -> dict[str, Any]:
    from companion.core.breathing import PATTERNS
    from companion.core.models import InvalidEntry
    from companion.service.service import BREATHE_RANGE, check_whole

    seconds = check_whole(request.get("seconds"), BREATHE_RANGE, "seconds")
    pattern = request.get("pattern")
    known = (*PATTERNS, "custom")
    if pattern is not None and pattern not in known:
        raise InvalidEntry(f"The breathing pattern is one of {', '.join(known)}, not {pattern!r}.")
    app.open_breathe(seconds, pattern)
    return {"ok": True}


def _review(app: Any, request: dict) -> dict[str, Any]:
    from companion.service.service import WEEKS_RANGE, check_whole

    app.open_review(check_whole(request.get("weeks"), WEEKS_RANGE, "weeks"))
    return {"ok": True}


def _log(app: Any, request: dict) -> dict[str, Any]:
    from companion.core.models import InvalidEntry, check_mood, parse_rating

    rating = parse_rating(request.get("rating", ""))
    mood = check_mood(request.get("mood"))
    tags = request.get("tags") or []
    note = request.get("note") or ""
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidEntry("Tags are a list of words.")
    if not isinstance(note, str):
        raise InvalidEntry("A note is text.")
    call = app.service.log_call(rating, mood=mood, tags=tags, note=note)
    return {"ok": True, "call": {"id": call.id, "at": call.at.isoformat(), "rating": call.rating.value,
                                 "mood": call.mood, "tags": list(call.tags)},
            "tray": app.tray.host_available()}


def _call(app: Any, request: dict) -> dict[str, Any]:
    from companion.core.models import InvalidEntry, parse_rating

    event, rating = request.get("event"), request.get("rating")
    if event == "start" and rating is None:
        return {"ok": True, "started": app.service.call_started(), "tray": app.tray.host_available()}
    if event != "end":
        raise InvalidEntry("A call event is start, or end with an optional rating.")
    ended = app.service.call_ended(parse_rating(rating) if rating is not None else None)
    call = ended.logged
    return {"ok": True, "asked": ended.ask, "minutes": ended.minutes, "tray": app.tray.host_available(),
            "call": call and {"id": call.id, "at": call.at.isoformat(), "rating": call.rating.value,
                              "tags": list(call.tags)}}


def _status(app: Any, _request: dict) -> dict[str, Any]:
    return {"ok": True, **app.service.status(running=True)}


def _pause(app: Any, request: dict) -> dict[str, Any]:
    from companion.service.service import PAUSE_RANGE, check_whole

    until = app.service.pause_nudges(check_whole(request.get("minutes"), PAUSE_RANGE, "minutes"))
    return {"ok": True, "paused_until": until.isoformat()}


def _resume(app: Any, _request: dict) -> dict[str, Any]:
    app.service.resume_nudges()
    return {"ok": True}


def _quit(app: Any, _request: dict) -> dict[str, Any]:
    # Qt leaves its event loop only after this answer has been written.
    app.quit()
    return {"ok": True}


_ACTIONS = {
    "show": _show,
    "breathe": _breathe,
    "review": _review,
    "log": _log,
    "call": _call,
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "quit": _quit,
}
