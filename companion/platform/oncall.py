"""Is the agent on a call right now? We only ask the OS whether some other
program has the microphone open - presence, nothing more. No audio is ever
opened, read, analysed or kept.

- Linux: the sound server's source-outputs (recording streams), via pactl,
  from PulseAudio or PipeWire's pulse server alike. A stream counts when it
  is live (not corked), records from a real input (not a sink's monitor), and
  is neither a level meter nor a known mixer, nor our own process. A meter
  asks the server for peaks instead of sound: PulseAudio then reports the
  "peaks" resampler, PipeWire the property stream.monitor = "true" (and
  resample.peaks = "true"), for its pulse clients and native ones alike.
  PipeWire-native clients (pw-record, pwvucontrol, browsers on PipeWire)
  name no process on the stream: their client does, so the names and the
  process id are looked up there, only when a live stream lacks them.
- Windows: the privacy consent store lists every program that used the
  microphone; one whose LastUsedTimeStop is 0 is using it now.
- macOS: no public way to ask, so the answer is None ("cannot tell").

The app polls `mic_in_use()` every `poll_interval` seconds while the feature
is on, and feeds the answers to a `CallWatch` to learn when a call ends."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, Protocol

from ..core.clock import Clock
from .mic import MicUnavailable
from .mic_pulse import Block, Pactl, is_monitor, parse_list, run_pactl

# Fast enough that "How was that call?" comes while the call is fresh, slow
# enough to cost nothing (one pactl call, a few milliseconds, per poll).
POLL_INTERVAL_SECONDS = 5.0

# Programs that keep a recording stream open without being a call. Level
# meters are known by the peaks they ask for (below), whatever their name;
# this list catches mixers and effects that record plain sound.
IGNORED_APPS = frozenset({
    "pavucontrol", "pavucontrol-qt", "org.pulseaudio.pavucontrol", "pwvucontrol", "gnome-control-center",
    "org.gnome.volumecontrol", "org.gnome.settings", "plasmashell", "org.kde.plasma-pa", "kmix",
    "easyeffects", "com.github.wwmm.easyeffects", "pulseeffects", "companion",
})


class CallPresence:
    poll_interval = POLL_INTERVAL_SECONDS

    def __init__(
        self,
        platform: str | None = None,
        pactl: Pactl = run_pactl,
        consent_store: ConsentStore | None = None,
        ignore_pids: Iterable[int] = (),
    ) -> None:
        self.platform = platform or sys.platform
        self._pactl = pactl
        self._consent_store = consent_store
        self._ignore_pids = {os.getpid(), *ignore_pids}

    @property
    def supported(self) -> bool:
        """False where mic_in_use() can never answer, so the app need not poll."""
        return self.platform != "darwin"

    def mic_in_use(self) -> bool | None:
        """True while another program records from the microphone, False when
        none does, None when this system cannot tell."""
        if self.platform == "darwin":
            return None
        if self.platform == "win32":
            store = self._consent_store or RegistryConsentStore()
            return consent_store_in_use(store)
        return pulse_in_use(self._pactl, self._ignore_pids)


# -- Linux ---------------------------------------------------------------------
def pulse_in_use(pactl: Pactl, ignore_pids: set[int]) -> bool | None:
    try:
        code, out = pactl(["list", "source-outputs"])
        if code != 0:
            return None
        streams = [s for s in parse_list(out, "Source Output") if _live_recording(s)]
        if any("application.process.id" not in s.properties for s in streams):
            streams = _with_client_properties(pactl, streams)
        streams = [s for s in streams if _could_be_a_call(s.properties, ignore_pids)]
        if not streams:
            return False
        code, out = pactl(["list", "sources"])
    except MicUnavailable:
        return None
    if code != 0:
        return None
    monitors = {s.index for s in parse_list(out, "Source") if is_monitor(s)}
    return any(_number(s.fields.get("Source")) not in monitors for s in streams)


def _live_recording(stream: Block) -> bool:
    """Not paused, and after sound rather than a level meter's peaks."""
    props = stream.properties
    return not (stream.fields.get("Corked") == "yes" or stream.fields.get("Resample method") == "peaks"
                or props.get("stream.monitor") == "true" or props.get("resample.peaks") == "true")


def _with_client_properties(pactl: Pactl, streams: list[Block]) -> list[Block]:
    """The streams, each with its client's properties under its own (a
    stream's own word wins). Unchanged when the clients cannot be listed."""
    code, out = pactl(["list", "clients"])
    if code != 0:
        return streams
    clients = {c.index: c.properties for c in parse_list(out, "Client")}
    return [
        Block(s.index, s.fields, {**clients.get(_number(s.fields.get("Client")), {}), **s.properties})
        for s in streams
    ]


def _could_be_a_call(props: dict[str, str], ignore_pids: set[int]) -> bool:
    names = {props.get(k, "").lower() for k in ("application.id", "application.name", "application.process.binary")}
    if names & IGNORED_APPS:
        return False
    # pipewire.sec.pid: the client's process as the kernel vouches for it
    # (for pulse clients it is pipewire-pulse's own, which is never ours).
    pids = {_number(props.get(k)) for k in ("application.process.id", "pipewire.sec.pid")}
    return not pids & ignore_pids


def _number(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


# -- Windows -------------------------------------------------------------------
CONSENT_KEY = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore\microphone"


class ConsentStore(Protocol):
    def usage(self) -> Iterable[tuple[str, int, int]]:
        """(program, LastUsedTimeStart, LastUsedTimeStop) for each program.
        Raises OSError when the store cannot be read."""


class RegistryConsentStore:
    """The consent store in the current user's registry. `registry` is the
    winreg module, or a stand-in with the same few functions for tests."""

    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            import winreg as registry
        self._reg = registry

    def usage(self) -> Iterator[tuple[str, int, int]]:
        reg = self._reg
        with reg.OpenKey(reg.HKEY_CURRENT_USER, CONSENT_KEY) as root:
            for name in _subkeys(reg, root):
                if name == "NonPackaged":
                    # Classic desktop programs, one subkey per executable path.
                    with reg.OpenKey(root, name) as desktop:
                        for program in _subkeys(reg, desktop):
                            yield from _times(reg, desktop, program)
                else:
                    yield from _times(reg, root, name)


def _subkeys(reg: Any, key: Any) -> list[str]:
    names, index = [], 0
    while True:
        try:
            names.append(reg.EnumKey(key, index))
        except OSError:
            return names
        index += 1


def _times(reg: Any, parent: Any, name: str) -> Iterator[tuple[str, int, int]]:
    try:
        with reg.OpenKey(parent, name) as key:
            start = int(reg.QueryValueEx(key, "LastUsedTimeStart")[0])
            stop = int(reg.QueryValueEx(key, "LastUsedTimeStop")[0])
    except (OSError, TypeError, ValueError):
        return  # never used, or a value we do not understand
    yield name, start, stop


def consent_store_in_use(store: ConsentStore) -> bool | None:
    try:
        return any(start > 0 and stop == 0 for _name, start, stop in store.usage())
    except OSError:
        return None


# -- from polls to calls ---------------------------------------------------------
class CallEvent(Enum):
    STARTED = "started"
    ENDED = "ended"  # a real call ended: time to ask "How was that call?"
    BLIP = "blip"  # the microphone was open too briefly to be a call (a mic test, a voice note)


class CallWatch:
    """Turns polled presence into call starts and ends. A call must last
    `min_call_seconds` to count as one; "cannot tell" changes nothing."""

    def __init__(self, clock: Clock, min_call_seconds: float = 20.0) -> None:
        self.clock = clock
        self.min_call_seconds = min_call_seconds
        self.live = False
        self._since = 0.0
        self.last_call_seconds = 0.0

    def observe(self, in_use: bool | None) -> CallEvent | None:
        if in_use is None or in_use == self.live:
            return None
        self.live = in_use
        now = self.clock.monotonic()
        if in_use:
            self._since = now
            return CallEvent.STARTED
        self.last_call_seconds = now - self._since
        return CallEvent.ENDED if self.last_call_seconds >= self.min_call_seconds else CallEvent.BLIP


def poller(presence: CallPresence, watch: CallWatch, on_event: Callable[[CallEvent], None]) -> Callable[[], None]:
    """One poll, as a function for the app's timer: ask, watch, report."""

    def poll() -> None:
        event = watch.observe(presence.mic_in_use())
        if event is not None:
            on_event(event)

    return poll

