"""The protocol, whatever carries it: one JSON object per line each way.

The client sends {"cmd": ..., "v": PROTOCOL_VERSION, "id": "..."} plus the
command's fields; the app answers {"ok": true, ...} or {"ok": false, "error":
"a sentence for the person"}, with the request's "id" and its own "v", and
closes the connection. The id lets a client match the answer to its request
and lets the app recognise a request it has already carried out (a retry is
answered again, not done twice). A request without "v" or "id" (an old
client, a hand-written test) is still served."""

from __future__ import annotations

import os
from typing import Any

PROTOCOL_VERSION = 1
# Big enough for a 10,000-character note in the worst JSON escaping.
MAX_MESSAGE = 256 * 1024


class ProtocolError(ValueError):
    """A line that is not one JSON request; the message is for the person."""


def new_id() -> str:
    # Unique enough to tell this process's requests apart from any other's.
    return os.urandom(8).hex()


def stamped(request: dict[str, Any]) -> dict[str, Any]:
    """The request as it goes on the wire: with the version and an id."""
    return {"v": PROTOCOL_VERSION, "id": new_id(), **request}


# json is imported where it is used: the tray's start reaches this module
# before its icon shows, and needs no JSON unless another Companion runs (2 ms).
def encode(message: Any) -> bytes:
    import json

    return (json.dumps(message, ensure_ascii=True) + "\n").encode("ascii")


def first_line(received: bytes) -> bytes | None:
    """The first complete line, or None while it is still arriving."""
    if b"\n" not in received:
        if len(received) > MAX_MESSAGE:
            raise ProtocolError("That request is too long.")
        return None
    return received.split(b"\n", 1)[0]


def decode(line: bytes) -> Any:
    import json

    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("A request is one line of JSON.") from None


def error(message: str) -> dict[str, Any]:
    return {"ok": False, "error": message}


def version_problem(request: Any) -> str | None:
    """A sentence when the request speaks a newer protocol than this app."""
    version = request.get("v") if isinstance(request, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > PROTOCOL_VERSION:
        return (f"This Companion speaks protocol {PROTOCOL_VERSION}, the command {version}: "
                "quit Companion and start it again.")
    return None


def addressed(answer: dict[str, Any], request: Any) -> dict[str, Any]:
    """The answer with the request's id (and our version) when it carried one."""
    if isinstance(request, dict) and "id" in request:
        return {**answer, "v": PROTOCOL_VERSION, "id": request["id"]}
    return answer
