"""The microphone on Linux: the default source of PulseAudio, or of PipeWire's
pulse server, through `pactl`.

pactl is run with LC_ALL=C so its words ("Mute: yes") do not depend on the
user's language, and with a short timeout so a stuck sound server can never
freeze the tray. A monitor source (the "what is playing" loopback of a sink)
as the default means there is no microphone: muting it would mute nothing the
caller hears, so we say "no microphone" rather than pretend.

PipeWire 1.x: a source that is a node of its own (a virtual microphone, no
sound card behind it) reports a mute change only once it has run. Until
then pipewire-pulse keeps the old "Mute: no" and drops an unmute it thinks
is already done - yet the mute we set is kept and silences the first call.
So an unmute of such a source is also sent to the node itself, with pw-cli."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .mic import NO_MICROPHONE, NOT_SUPPORTED, MicState, MicUnavailable, SwitchableMicrophone

TIMEOUT_SECONDS = 2.0
_NO_NAME = ("", "n/a", "(null)", "@DEFAULT_SOURCE@")

# Started beside a session that muted the microphone, in a session of its own
# (a closed terminal's SIGHUP does not reach it). It waits on a pipe from the
# app: "keep" means the app put things right itself; end of file means the app
# died mid-session, and then it unmutes at once - if the input is still muted -
# and leaves a file saying so, so the next start does not touch the input
# again, whatever the user has done with it since. A PipeWire source that is
# a node of its own ($3, its id) may read "Mute: no" while still muted (see
# above): that one is also unmuted at the node, as put_back does.
GUARDIAN = """
read -r answer
[ "$answer" = keep ] && exit 0
if [ "$(LC_ALL=C "$0" get-source-mute "$1")" != "Mute: yes" ]; then
    [ -z "$3" ] || pw-cli set-param "$3" Props "{ mute: false }" >/dev/null 2>&1
    exit 0
fi
LC_ALL=C "$0" set-source-mute "$1" 0 && : > "$2"
"""

# pactl arguments -> (exit code, standard output). Raises MicUnavailable when
# pactl cannot be run at all.
Pactl = Callable[[Sequence[str]], tuple[int, str]]


def run_pactl(args: Sequence[str], timeout: float = TIMEOUT_SECONDS) -> tuple[int, str]:
    env = dict(os.environ, LC_ALL="C")
    try:
        done = subprocess.run(
            ["pactl", *args], env=env, stdin=subprocess.DEVNULL, capture_output=True,
            text=True, errors="replace", timeout=timeout, check=False,
        )
    except (OSError, subprocess.SubprocessError) as problem:
        raise MicUnavailable(NOT_SUPPORTED.message) from problem
    return done.returncode, done.stdout


def run_pw_cli(args: Sequence[str], timeout: float = TIMEOUT_SECONDS) -> int:
    """pw-cli's exit code; -1 when it cannot be run (not installed, stuck)."""
    try:
        done = subprocess.run(
            ["pw-cli", *args], env=dict(os.environ, LC_ALL="C"), stdin=subprocess.DEVNULL,
            capture_output=True, timeout=timeout, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return -1
    return done.returncode


@dataclass
class Block:
    """One "Source #n" or "Source Output #n" entry of `pactl list`."""

    index: int
    fields: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)


def parse_list(text: str, heading: str) -> list[Block]:
    """Entries of `pactl list sources` / `pactl list source-outputs` (LC_ALL=C).
    Fields are one tab in, properties two tabs in as `key = "value"`."""
    blocks: list[Block] = []
    for line in text.splitlines():
        if line.startswith(heading + " #"):
            try:
                blocks.append(Block(int(line[len(heading) + 2:].strip())))
            except ValueError:
                continue
        elif blocks and line.startswith("\t\t"):
            key, sep, value = line.strip().partition(" = ")
            if sep:
                blocks[-1].properties[key] = value.strip().strip('"')
        elif blocks and line.startswith("\t"):
            key, sep, value = line.strip().partition(": ")
            if sep:
                blocks[-1].fields[key] = value.strip()
            elif line.strip().endswith(":"):
                blocks[-1].fields.setdefault(line.strip()[:-1], "")
    return blocks


def is_monitor(source: Block) -> bool:
    return source.fields.get("Monitor of Sink", "n/a") != "n/a" or source.properties.get("device.class") == "monitor"


def own_node_id(source: Block) -> str | None:
    """The PipeWire node id of a source whose mute is its node's own setting:
    one pipewire-pulse lists (it names object.id) with no sound card behind it
    (no device.id, whose card route holds the mute instead). None otherwise,
    and always on PulseAudio."""
    node = source.properties.get("object.id", "")
    if not node.isdigit() or source.properties.get("device.id") or is_monitor(source):
        return None
    return node


class PulseMicrophone(SwitchableMicrophone):
    backend = "pulse"

    def __init__(self, pactl: Pactl = run_pactl, pw_cli: Callable[[Sequence[str]], int] = run_pw_cli) -> None:
        self._pactl = pactl
        self._pw_cli = pw_cli

    def default_source(self) -> str:
        code, out = self._pactl(["get-default-source"])
        if code == 0 and out.strip() not in _NO_NAME:
            return out.strip()
        # pactl before 15 has no get-default-source; `info` has it everywhere.
        code, out = self._pactl(["info"])
        if code != 0:
            raise MicUnavailable(NOT_SUPPORTED.message)
        for line in out.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "Default Source" and value.strip() not in _NO_NAME:
                return value.strip()
        raise MicUnavailable(NO_MICROPHONE)

    def sources(self) -> list[Block]:
        code, out = self._pactl(["list", "sources"])
        if code != 0:
            raise MicUnavailable(NOT_SUPPORTED.message)
        return parse_list(out, "Source")

    def capture(self) -> MicState:
        name = self.default_source()
        source = next((s for s in self.sources() if s.fields.get("Name") == name), None)
        if source is None or is_monitor(source):
            raise MicUnavailable(NO_MICROPHONE)
        mute = source.fields.get("Mute")
        if mute not in ("yes", "no"):
            raise MicUnavailable(NOT_SUPPORTED.message)
        return MicState(self.backend, name, mute == "yes")

    def silence(self, state: MicState) -> None:
        code, _ = self._pactl(["set-source-mute", state.device, "1"])
        if code != 0:
            raise MicUnavailable(NOT_SUPPORTED.message)

    def put_back(self, state: MicState) -> bool:
        try:
            code, _ = self._pactl(["set-source-mute", state.device, "1" if state.muted else "0"])
        except MicUnavailable:
            return False
        if code == 0 and not state.muted:
            self._unmute_node_too(state.device)
        return code == 0

    def _unmute_node_too(self, device: str) -> None:
        # What pipewire-pulse would have sent, had it not thought the source unmuted already (see above).
        node = self._own_node(device)
        if node is not None:
            self._pw_cli(["set-param", node, "Props", "{ mute: false }"])

    def _own_node(self, device: str) -> str | None:
        # pw-cli reaches this machine's PipeWire only: never for a pulse server elsewhere (its ids are its own).
        server = os.environ.get("PULSE_SERVER", "")
        if server and not all(part.startswith(("unix:", "/")) for part in server.split()):
            return None
        try:
            source = next((s for s in self.sources() if s.fields.get("Name") == device), None)
        except MicUnavailable:
            return None
        return own_node_id(source) if source is not None else None

    def fingerprint(self, device: str) -> str | None:
        """How the input looks now (mute, volume, port), to tell later
        whether anyone changed it since; None when it cannot be read."""
        try:
            source = next((s for s in self.sources() if s.fields.get("Name") == device), None)
        except MicUnavailable:
            return None
        if source is None:
            return None
        return "|".join(source.fields.get(key, "") for key in ("Mute", "Volume", "Active Port"))

    def guardian_command(self, state: MicState, done: str) -> list[str] | None:
        pactl = shutil.which("pactl")
        if self._pactl is not run_pactl or pactl is None or state.muted or not os.path.exists("/bin/sh"):
            return None
        return ["/bin/sh", "-c", GUARDIAN, pactl, state.device, done, self._own_node(state.device) or ""]
