"""Muting the system microphone for a breathing session.

The contract every implementation keeps: `mute()` remembers the state it
found and `restore()` puts back exactly that state, so someone who was muted
already stays muted. `restore()` is safe to call any number of times, with or
without a `mute()` before it.

OS mixers are `SwitchableMicrophone`s: they only know how to read, silence and
put back one input (mixers.py picks the one for this OS).
`microphone.system_microphone()` wraps it in the
guard (mic_guard.py) that keeps a note on disk while the microphone is muted,
so a crash or a kill cannot leave it muted."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class MicStatus:
    supported: bool
    muted_by_us: bool
    message: str


NOT_SUPPORTED = MicStatus(
    False, False, "Your microphone could not be muted here. Use the mute button on your headset or softphone."
)
NO_MICROPHONE = "No microphone was found to mute. Use the mute button on your headset or softphone."
MUTED = MicStatus(True, True, "Microphone muted for this breathing minute.")
ALREADY_MUTED = MicStatus(True, False, "Your microphone was already muted; it stays muted.")


class Microphone(Protocol):
    def mute(self) -> MicStatus: ...

    def restore(self) -> None: ...


class UnsupportedMicrophone:
    def mute(self) -> MicStatus:
        return NOT_SUPPORTED

    def restore(self) -> None:
        pass


class MicUnavailable(Exception):
    """The OS mixer cannot do what was asked; the text is for the user."""

    def __init__(self, message: str = NOT_SUPPORTED.message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MicState:
    """What one input looked like before we touched it. `device` is the
    mixer's own name for it, so a restore reaches the same input even if the
    default changed meanwhile; `level` is the input volume where muting means
    turning it down (macOS)."""

    backend: str
    device: str
    muted: bool
    level: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MicState:
        level = data.get("level")
        return cls(
            backend=str(data["backend"]),
            device=str(data["device"]),
            muted=bool(data["muted"]),
            level=None if level is None else int(level),
        )


class SwitchableMicrophone:
    """An OS mixer. Subclasses implement the three primitives; `mute` and
    `restore` here give the plain, unguarded behaviour."""

    backend = "none"

    def capture(self) -> MicState:
        """The current state of the default input. Raises MicUnavailable."""
        raise MicUnavailable()

    def silence(self, state: MicState) -> None:
        """Mute the input `state` describes. Raises MicUnavailable."""
        raise MicUnavailable()

    def put_back(self, state: MicState) -> bool:
        """Return the input to `state`. False when that could not be done
        now (sound system gone, device unplugged): the caller keeps trying
        later rather than forgetting."""
        return True

    # -- plain Microphone behaviour ------------------------------------------
    _state: MicState | None = None
    _status: MicStatus | None = None

    def mute(self) -> MicStatus:
        if self._status is not None:
            # Muting twice must not record "muted" as the state to go back to.
            return self._status
        try:
            state = self.capture()
            if not state.muted:
                self.silence(state)
        except MicUnavailable as problem:
            return MicStatus(False, False, problem.message)
        self._state = state
        self._status = ALREADY_MUTED if state.muted else MUTED
        return self._status

    def restore(self) -> None:
        state, self._state, self._status = self._state, None, None
        if state is not None and not state.muted:
            self.put_back(state)
