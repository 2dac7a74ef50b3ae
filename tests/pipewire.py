"""A real, private PipeWire for tests - pipewire, WirePlumber and
pipewire-pulse, as Debian 12 and most desktops run them - with the same null
source (the headset microphone) and null sink as tests/pulse.py, and the
`sound_server` fixture that runs a test once on each of the two servers.

How it is kept away from a real user's sound:
- It runs inside its own `dbus-run-session`, so WirePlumber's D-Bus talk
  (device reservation, portals) reaches a private bus, never a session's.
- Its XDG folders (runtime, config, state, data) and HOME are fresh ones
  under a short /tmp folder (unix socket paths must stay under 108 bytes),
  and go only into the daemons' environment. Clients get PULSE_SERVER and
  PIPEWIRE_RUNTIME_DIR/PIPEWIRE_REMOTE, which name its two sockets (and the
  private XDG_RUNTIME_DIR, where both libraries would look next).
- WirePlumber's ALSA, Bluetooth, V4L2 and libcamera monitors are off (in
  its private config folder, as Lua for 0.4 and SPA-JSON for 0.5), so it
  never opens a sound card, headset or camera: the only devices are the two
  null ones from pipewire's private drop-in config.
- DISPLAY and WAYLAND_DISPLAY are dropped, so no X11 bell module loads.
pipewire starts WirePlumber and pipewire-pulse itself (context.exec) once
its socket is up, so neither races it. As root all three run as they are:
no flag is needed; without rtkit (not installed here) module-rt just keeps
normal priority, and dbus-daemon's "Failed to set fd limit" is harmless."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pulse import MIC, SINK, PulseServer, require_pulse, running, start_pulse, wait_until_up

PIPEWIRE_TOOLS = ("dbus-run-session", "pipewire", "wireplumber", "pipewire-pulse", "pw-record")

# node.always-process: PipeWire 1.x (Debian 13) announces a change of a node's
# Props - mute, volume, so what pactl reads back - only once the node has been
# given a format, which a null node gets only when something records from it
# (its audioconvert skips the announcement until its channel mixer is set up).
# Until then pactl and pw-dump read "Mute: no" whatever was set; the mute is
# kept and takes effect when the node runs. A real microphone has no such gap
# (pipewire-pulse mutes it through its card's Route), and PipeWire 0.3 had none
# either. always-process keeps both nodes in the graph, configured, from the
# start (on 1.x they stay idle, never suspended; 0.3 suspends them as before),
# and their mute reads back on 0.3 and 1.x alike.
OBJECTS = f"""
context.objects = [
    {{ factory = adapter
      args = {{ factory.name = support.null-audio-sink node.name = "{MIC}" node.description = "Test microphone"
               media.class = "Audio/Source/Virtual" audio.position = "MONO" node.always-process = true }} }}
    {{ factory = adapter
      args = {{ factory.name = support.null-audio-sink node.name = "{SINK}" node.description = "Test speakers"
               media.class = "Audio/Sink" audio.position = "FL,FR" node.always-process = true }} }}
]
context.exec = [
    {{ path = "wireplumber" }}
    {{ path = "pipewire-pulse" }}
]
"""
NO_DEVICES = """
alsa_monitor.enabled = false
v4l2_monitor.enabled = false
libcamera_monitor.enabled = false
"""
NO_BLUETOOTH = "bluez_monitor.enabled = false\n"
# The same for WirePlumber 0.5 (Debian 13), which reads SPA-JSON, not Lua.
NO_DEVICES_05 = """
wireplumber.profiles = {
    main = {
        monitor.alsa = disabled
        monitor.alsa-midi = disabled
        monitor.bluez = disabled
        monitor.bluez-midi = disabled
        monitor.v4l2 = disabled
        monitor.libcamera = disabled
    }
}
"""


def require_pipewire() -> None:
    missing = [tool for tool in PIPEWIRE_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"These tests need {', '.join(missing)}: apt packages pipewire, pipewire-pulse, wireplumber, "
                    "pipewire-bin and dbus (packaging/system-deps.sh --test installs them).", pytrace=False)


def daemon_env(base: dict[str, str], folder: Path) -> dict[str, str]:
    env = {k: v for k, v in base.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "PULSE_SERVER")
           and not k.startswith(("PIPEWIRE_", "XDG_"))}
    env.update(
        HOME=str(folder / "home"), XDG_RUNTIME_DIR=str(folder / "run"), XDG_CONFIG_HOME=str(folder / "config"),
        XDG_STATE_HOME=str(folder / "state"), XDG_DATA_HOME=str(folder / "data"), LC_ALL="C",
    )
    return env


def client_env(base: dict[str, str], folder: Path) -> dict[str, str]:
    env = {k: v for k, v in base.items() if k != "DBUS_SESSION_BUS_ADDRESS" and not k.startswith("PIPEWIRE_")}
    env.update(
        HOME=str(folder / "home"), LC_ALL="C", XDG_RUNTIME_DIR=str(folder / "run"),  # a fallback of both libraries
        PULSE_SERVER=f"unix:{folder / 'run' / 'pulse' / 'native'}",
        PULSE_RUNTIME_PATH=str(folder / "run" / "pulse"), PULSE_STATE_PATH=str(folder / "state"),
        PIPEWIRE_RUNTIME_DIR=str(folder / "run"), PIPEWIRE_REMOTE="pipewire-0",
    )
    return env


def write_config(folder: Path) -> None:
    for sub in ("home", "run", "state", "data", "config/pipewire/pipewire.conf.d",
                "config/wireplumber/main.lua.d", "config/wireplumber/bluetooth.lua.d",
                "config/wireplumber/wireplumber.conf.d"):
        (folder / sub).mkdir(mode=0o700, parents=True)
    config = folder / "config"
    (config / "pipewire" / "pipewire.conf.d" / "companion-test.conf").write_text(OBJECTS)
    # After the system's 50-*-config.lua, which turn the monitors on; before 90-enable-all.lua.
    (config / "wireplumber" / "main.lua.d" / "51-companion-test.lua").write_text(NO_DEVICES)
    (config / "wireplumber" / "bluetooth.lua.d" / "51-companion-test.lua").write_text(NO_BLUETOOTH)
    (config / "wireplumber" / "wireplumber.conf.d" / "51-companion-test.conf").write_text(NO_DEVICES_05)


def start_pipewire(folder: Path) -> PulseServer:
    write_config(folder)
    log = (folder / "pipewire.log").open("w")
    process = subprocess.Popen(
        ["dbus-run-session", "--", "pipewire"], env=daemon_env(os.environ, folder),
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
    )
    log.close()
    server = PulseServer(folder / "run" / "pulse" / "native", client_env(os.environ, folder), process, "pipewire")
    wait_until_up(server, folder / "pipewire.log")
    return server


@pytest.fixture(params=["pulseaudio", "pipewire"])
def sound_server(request, monkeypatch):
    """A private sound server: the test runs once on PulseAudio, once on PipeWire."""
    require_pulse()
    if request.param == "pipewire":
        require_pipewire()
    start = start_pipewire if request.param == "pipewire" else start_pulse
    with running(start, monkeypatch, f"cp-{request.param[:5]}-") as server:
        if request.param == "pipewire" and not _source_mute_reads_back(server):
            # Not a skip: that would hide every PipeWire microphone test on the machines that need them most.
            pytest.fail("the private PipeWire's test source does not read back its mute (see OBJECTS in "
                        "tests/pipewire.py: PipeWire 1.x reports a node's mute only once it has a format)",
                        pytrace=False)
        yield server


def _source_mute_reads_back(server) -> bool:
    server.set_mute(True)
    muted = server.mute_of() == "Mute: yes"
    server.set_mute(False)
    return muted and server.mute_of() == "Mute: no"


@pytest.fixture
def pipewire_server(monkeypatch):
    """A private PipeWire only, for what only PipeWire has (native clients)."""
    require_pulse()
    require_pipewire()
    with running(start_pipewire, monkeypatch, "cp-pipew-") as server:
        yield server


# A virtual microphone nobody has recorded from yet, made the way users make
# one (a null sink of class Audio/Source/Virtual), as the default source.
# PipeWire 1.x reads its mute back only once it has run (see OBJECTS above):
# mute_while_recorded reads what a recorder gets.
FRESH = "companion_fresh_mic"


def fresh_virtual_source(server) -> None:
    server.pactl("load-module", "module-null-sink", f"sink_name={FRESH}", "media.class=Audio/Source/Virtual",
                 "channels=1")
    deadline = time.monotonic() + 10
    while server.pactl("get-default-source") != FRESH:  # WirePlumber may refuse a source this new: asked again
        assert time.monotonic() < deadline, "the new source never became the default"
        server.pactl("set-default-source", FRESH)
        time.sleep(0.05)


def mute_while_recorded(server) -> str:
    recorder = subprocess.Popen(
        ["parecord", f"--device={FRESH}", "/dev/null"], env=server.env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while _state_of(server, FRESH) != "RUNNING":
            assert time.monotonic() < deadline, "the recorder never got the source running"
            time.sleep(0.05)  # a real recording client connecting
        return server.mute_of(FRESH)
    finally:
        recorder.terminate()
        recorder.wait(timeout=5)


def _state_of(server, name: str) -> str:
    for line in server.pactl("list", "short", "sources").splitlines():
        fields = line.split("\t")
        if len(fields) > 1 and fields[1] == name:
            return fields[-1]
    return ""
