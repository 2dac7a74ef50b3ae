"""On-call awareness: a real recording client makes the microphone "in use",
on a real PulseAudio server and on a real PipeWire (each test that takes
`sound_server` runs on both), while a real level meter does not; Windows'
consent store through a fake registry; the poll-to-call logic on a FakeClock."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fake_winreg import REG_QWORD, FakeWinreg
from pipewire import pipewire_server, sound_server  # noqa: F401 - fixtures
from pulse import MIC, SINK, no_pulse_server, require_pulse, start_pulse, stop_session  # noqa: F401 - fixture

from companion.platform.mic_pulse import parse_list
from companion.platform.oncall import (
    CONSENT_KEY,
    POLL_INTERVAL_SECONDS,
    CallEvent,
    CallPresence,
    CallWatch,
    RegistryConsentStore,
    consent_store_in_use,
    poller,
    pulse_in_use,
)


def wait_for(check, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)  # a real recording client connecting
    raise AssertionError("timed out")


def record(server, device: str = MIC) -> subprocess.Popen:
    """The "softphone": records from `device` into /dev/null."""
    return subprocess.Popen(
        ["parecord", f"--device={device}", "/dev/null"], env=server.env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def level_meter(server, device: str = MIC) -> subprocess.Popen:
    """A volume control's level meter on `device` (tests/level_meter.py), up
    and connected when this returns. Not on Companion's list of mixers."""
    meter = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("level_meter.py")), device, "Desk widget"], env=server.env,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert meter.stdout.readline().strip() == "ready"
    meter.stdout.close()
    return meter


def pw_record(server, *options: str) -> subprocess.Popen:
    """A PipeWire-native recording client, as softphones built on PipeWire are."""
    return subprocess.Popen(
        ["pw-record", f"--target={MIC}", *options, "/dev/null"], env=server.env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=5)


def connected(server) -> bool:
    return bool(server.pactl("list", "short", "source-outputs"))


def test_a_recording_softphone_means_on_a_call(sound_server):
    presence = CallPresence("linux")
    assert presence.mic_in_use() is False
    softphone = record(sound_server)
    try:
        assert wait_for(presence.mic_in_use) is True
    finally:
        stop(softphone)
    assert wait_for(lambda: presence.mic_in_use() is False) is True


def test_recording_what_plays_is_not_a_call(sound_server):
    visualiser = record(sound_server, f"{SINK}.monitor")
    try:
        wait_for(lambda: connected(sound_server))
        assert CallPresence("linux").mic_in_use() is False
    finally:
        stop(visualiser)


def test_our_own_process_does_not_count(sound_server):
    softphone = record(sound_server)
    try:
        wait_for(lambda: connected(sound_server))
        assert CallPresence("linux", ignore_pids=[softphone.pid]).mic_in_use() is False
        assert CallPresence("linux").mic_in_use() is True
    finally:
        stop(softphone)


def test_a_level_meter_on_the_microphone_is_not_a_call(sound_server):
    # PulseAudio says "Resample method: peaks"; PipeWire says stream.monitor = "true".
    meter = level_meter(sound_server)
    try:
        assert connected(sound_server)
        assert CallPresence("linux").mic_in_use() is False
        softphone = record(sound_server)  # a call while the meter stays open still counts
        try:
            assert wait_for(CallPresence("linux").mic_in_use) is True
        finally:
            stop(softphone)
    finally:
        stop(meter)


def test_a_pipewire_native_recorder_is_a_call_and_its_process_is_known(pipewire_server):
    recorder = pw_record(pipewire_server)
    try:
        assert wait_for(CallPresence("linux").mic_in_use) is True
        # Its stream names no process; its client does, so our own is still left out.
        assert CallPresence("linux", ignore_pids=[recorder.pid]).mic_in_use() is False
    finally:
        stop(recorder)
    meter = pw_record(pipewire_server, "--properties={ stream.monitor = true }")  # a native level meter
    try:
        wait_for(lambda: connected(pipewire_server))
        assert CallPresence("linux").mic_in_use() is False
    finally:
        stop(meter)


def test_no_sound_server_cannot_tell(no_pulse_server):
    assert CallPresence("linux").mic_in_use() is None


def test_macos_cannot_tell_so_there_is_nothing_to_poll():
    presence = CallPresence("darwin")
    assert presence.mic_in_use() is None
    assert presence.supported is False
    assert CallPresence("linux").supported is True


# What the two servers really say (pactl list, LC_ALL=C), trimmed: PulseAudio
# marks a level meter with its "peaks" resampler, pipewire-pulse with
# stream.monitor; a PipeWire-native stream names no process, its client does.
STREAM = """Source Output #{n}
\tDriver: {driver}
\tClient: {client}
\tSource: {source}
\tCorked: {corked}
\tResample method: {resample}
\tProperties:
\t\tapplication.name = "{app}"
{more}"""
SOURCES = "Source #0\n\tName: out.monitor\n\tMonitor of Sink: out\nSource #1\n\tName: mic\n\tMonitor of Sink: n/a\n"
CLIENTS = """Client #7
\tDriver: PipeWire
\tProperties:
\t\tpipewire.sec.pid = "{pid}"
\t\tapplication.name = "{app}"
\t\tapplication.process.id = "{pid}"
\t\tapplication.process.binary = "{app}"
"""
PULSE = {"driver": "protocol-native.c", "resample": "n/a", "more": '\t\tapplication.process.id = "4242"\n'}
PIPEWIRE = {"driver": "PipeWire", "resample": "PipeWire", "more": '\t\tapplication.process.id = "4242"\n'}
NATIVE = {**PIPEWIRE, "client": 7, "app": "pw-record", "more": '\t\tmedia.role = "music"\n'}


def answers(*streams: dict, client: dict | None = None) -> callable:
    text = "\n".join(
        STREAM.format(**{"n": i, "client": 3, "source": 1, "corked": "no", "app": "Softphone", **PULSE, **s})
        for i, s in enumerate(streams)
    )
    clients = CLIENTS.format(**{"pid": 777, "app": "pw-cat", **(client or {})})
    listing = {"source-outputs": text, "clients": clients, "sources": SOURCES}
    return lambda args: (0, listing[args[1]])


def test_level_meters_paused_streams_and_monitors_are_not_calls():
    assert pulse_in_use(answers({}), set()) is True
    assert pulse_in_use(answers({"resample": "peaks"}), set()) is False  # PulseAudio's meters
    meter = '\t\tapplication.process.id = "4242"\n\t\tstream.monitor = "true"\n\t\tresample.peaks = "true"\n'
    assert pulse_in_use(answers(PIPEWIRE), set()) is True
    assert pulse_in_use(answers({**PIPEWIRE, "more": meter}), set()) is False  # PipeWire's meters
    assert pulse_in_use(answers({"app": "pavucontrol"}), set()) is False
    assert pulse_in_use(answers({"corked": "yes"}), set()) is False
    assert pulse_in_use(answers({"source": 0}), set()) is False
    assert pulse_in_use(answers({"more": '\t\tapplication.process.id = "99"\n'}), {99}) is False
    assert pulse_in_use(answers({"corked": "yes"}, {"app": "Zoiper"}), set()) is True
    assert pulse_in_use(lambda args: (1, ""), set()) is None


def test_a_pipewire_native_stream_is_known_by_its_client():
    assert pulse_in_use(answers(NATIVE), set()) is True
    assert pulse_in_use(answers(NATIVE), {777}) is False  # ours, by the client's process
    assert pulse_in_use(answers(NATIVE, client={"app": "pwvucontrol"}), set()) is False  # a mixer, by its client
    # No clients to be had: the stream still counts, as any unknown recorder does.
    no_clients = answers(NATIVE)
    assert pulse_in_use(lambda args: (1, "") if args[1] == "clients" else no_clients(args), {777}) is True


# -- Windows -------------------------------------------------------------------------
def consent_registry(**programs: tuple[int, int]) -> FakeWinreg:
    reg = FakeWinreg()
    for name, (start, stop_time) in programs.items():
        path = CONSENT_KEY + "\\" + name.replace("/", "\\")
        reg.put(path, "LastUsedTimeStart", start, REG_QWORD)
        reg.put(path, "LastUsedTimeStop", stop_time, REG_QWORD)
    return reg


def test_windows_a_desktop_softphone_using_the_mic_now():
    reg = consent_registry(**{
        "Microsoft.WindowsSoundRecorder_8wekyb3d8bbwe": (133_000_000_000_000_000, 133_000_000_100_000_000),
        "NonPackaged/C:#Program Files#Softphone#phone.exe": (133_000_000_200_000_000, 0),
    })
    presence = CallPresence("win32", consent_store=RegistryConsentStore(reg))
    assert presence.mic_in_use() is True


def test_windows_everyone_finished_means_no_call():
    reg = consent_registry(**{
        "NonPackaged/C:#Program Files#Softphone#phone.exe": (133_000_000_200_000_000, 133_000_000_300_000_000),
        "NonPackaged/C:#Tools#never-used.exe": (0, 0),
    })
    assert CallPresence("win32", consent_store=RegistryConsentStore(reg)).mic_in_use() is False


def test_windows_a_packaged_app_in_use_counts_too():
    reg = consent_registry(**{"MicrosoftTeams_8wekyb3d8bbwe": (133_000_000_200_000_000, 0)})
    assert consent_store_in_use(RegistryConsentStore(reg)) is True


def test_windows_without_a_consent_store_cannot_tell():
    assert CallPresence("win32", consent_store=RegistryConsentStore(FakeWinreg())).mic_in_use() is None


def test_windows_odd_values_are_skipped_not_fatal():
    reg = consent_registry(**{"NonPackaged/C:#phone.exe": (133_000_000_200_000_000, 0)})
    reg.put(CONSENT_KEY + "\\Broken", "LastUsedTimeStart", "not a number", REG_QWORD)
    assert consent_store_in_use(RegistryConsentStore(reg)) is True


# -- from polls to calls ---------------------------------------------------------------
def test_call_watch_reports_start_end_and_blips(clock):
    watch = CallWatch(clock, min_call_seconds=20)
    assert watch.observe(False) is None
    assert watch.observe(True) is CallEvent.STARTED
    assert watch.live is True
    clock.advance(4)
    assert watch.observe(None) is None  # "cannot tell" changes nothing
    assert watch.observe(False) is CallEvent.BLIP  # a 4-second mic test is no call
    assert watch.observe(True) is CallEvent.STARTED
    clock.advance(6 * 60)
    assert watch.observe(True) is None
    assert watch.observe(False) is CallEvent.ENDED
    assert watch.last_call_seconds == 360


def test_poller_passes_events_on(clock):
    answers_ = iter([False, True, True, False])
    presence = CallPresence("linux", pactl=lambda args: (0, ""))
    presence.mic_in_use = lambda: next(answers_)
    seen = []
    poll = poller(presence, CallWatch(clock, 0), seen.append)
    for _ in range(4):
        poll()
    assert seen == [CallEvent.STARTED, CallEvent.ENDED]
    assert 1 <= POLL_INTERVAL_SECONDS <= 15


def test_on_linux_the_sound_server_says_when_to_look_so_nothing_polls(sound_server, qtbot):
    from companion.platform.oncall_watch import PresenceWatch

    presence = CallPresence("linux")
    answers = []
    watch = PresenceWatch(lambda: answers.append(presence.mic_in_use()), 5.0, platform="linux")
    watch.start()
    try:
        assert answers == [False]  # asked once at the start
        assert watch.listening and not watch.timer.isActive()
        # A recorder that came before the subscription would go unheard (seen once under load).
        qtbot.waitUntil(lambda: subscribed(sound_server, watch), timeout=10_000)
        softphone = record(sound_server)
        try:
            qtbot.waitUntil(lambda: True in answers, timeout=10_000)
        finally:
            stop(softphone)
        qtbot.waitUntil(lambda: answers[-1] is False, timeout=10_000)
    finally:
        watch.stop()
    assert not watch.active


def subscribed(server, watch) -> bool:
    """The watch's `pactl subscribe` (a child of its shell) is a client of the server."""
    shell = watch.events.processId()
    try:
        children = set(Path(f"/proc/{shell}/task/{shell}/children").read_text().split())
    except OSError:
        return False
    clients = parse_list(server.pactl("list", "clients"), "Client")
    return any(c.properties.get("application.process.id") in children for c in clients)


def test_without_a_sound_server_the_watch_waits_for_its_socket_and_polls_nothing(monkeypatch, qtbot):
    from companion.platform.oncall_watch import PresenceWatch

    require_pulse()
    folder = Path(tempfile.mkdtemp(prefix="cp-pulse-later-"))
    # Where the server will listen: its run/ folder is not even there yet.
    monkeypatch.setenv("PULSE_SERVER", f"unix:{folder / 'run' / 'native'}")
    watch = PresenceWatch(lambda: None, 5.0, platform="linux")
    watch.start()
    try:
        qtbot.waitUntil(lambda: watch.waiting_for_server, timeout=10_000)  # pactl gave up
        assert not watch.timer.isActive() and not watch.listening  # no minute's poll, no process
        server = start_pulse(folder)  # makes run/, then its socket
        try:
            qtbot.waitUntil(lambda: watch.listening, timeout=10_000)
            assert not watch.waiting_for_server and not watch.timer.isActive()
        finally:
            stop_session(server)
    finally:
        watch.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_network_sound_server_that_is_not_there_is_looked_for_once_a_minute(monkeypatch, qtbot):
    from companion.platform.oncall_watch import PresenceWatch

    require_pulse()
    monkeypatch.setenv("PULSE_SERVER", "tcp:127.0.0.1:9")  # no socket file to wait for
    watch = PresenceWatch(lambda: None, 5.0, platform="linux")
    watch.start()
    try:
        qtbot.waitUntil(lambda: watch.timer.isActive(), timeout=10_000)
        assert watch.timer.interval() == 60_000 and not watch.waiting_for_server and not watch.listening
    finally:
        watch.stop()
