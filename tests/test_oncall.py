"""On-call awareness: a real recording client on a real PulseAudio server
makes the microphone "in use"; Windows' consent store through a fake
registry; the poll-to-call logic on a FakeClock."""

from __future__ import annotations

import subprocess
import time

from fake_winreg import REG_QWORD, FakeWinreg
from pulse import MIC, SINK, no_pulse_server, pulse_server  # noqa: F401 - fixtures

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


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=5)


def connected(server) -> bool:
    return bool(server.pactl("list", "short", "source-outputs"))


def test_a_recording_softphone_means_on_a_call(pulse_server):
    presence = CallPresence("linux")
    assert presence.mic_in_use() is False
    softphone = record(pulse_server)
    try:
        assert wait_for(presence.mic_in_use) is True
    finally:
        stop(softphone)
    assert wait_for(lambda: presence.mic_in_use() is False) is True


def test_recording_what_plays_is_not_a_call(pulse_server):
    visualiser = record(pulse_server, f"{SINK}.monitor")
    try:
        wait_for(lambda: connected(pulse_server))
        assert CallPresence("linux").mic_in_use() is False
    finally:
        stop(visualiser)


def test_our_own_process_does_not_count(pulse_server):
    softphone = record(pulse_server)
    try:
        wait_for(lambda: connected(pulse_server))
        assert CallPresence("linux", ignore_pids=[softphone.pid]).mic_in_use() is False
        assert CallPresence("linux").mic_in_use() is True
    finally:
        stop(softphone)


def test_no_sound_server_cannot_tell(no_pulse_server):
    assert CallPresence("linux").mic_in_use() is None


def test_macos_cannot_tell_so_there_is_nothing_to_poll():
    presence = CallPresence("darwin")
    assert presence.mic_in_use() is None
    assert presence.supported is False
    assert CallPresence("linux").supported is True


STREAM = """Source Output #{n}
\tDriver: protocol-native.c
\tSource: {source}
\tCorked: {corked}
\tResample method: {resample}
\tProperties:
\t\tapplication.name = "{app}"
\t\tapplication.process.id = "{pid}"
"""
SOURCES = "Source #0\n\tName: out.monitor\n\tMonitor of Sink: out\nSource #1\n\tName: mic\n\tMonitor of Sink: n/a\n"


def answers(*streams: dict) -> callable:
    text = "\n".join(
        STREAM.format(**{"n": i, "source": 1, "corked": "no", "resample": "n/a", "app": "Softphone", "pid": 4242, **s})
        for i, s in enumerate(streams)
    )
    return lambda args: (0, text) if args == ["list", "source-outputs"] else (0, SOURCES)


def test_level_meters_paused_streams_and_monitors_are_not_calls():
    assert pulse_in_use(answers({}), set()) is True
    assert pulse_in_use(answers({"resample": "peaks"}), set()) is False  # pavucontrol's meters
    assert pulse_in_use(answers({"app": "pavucontrol"}), set()) is False
    assert pulse_in_use(answers({"corked": "yes"}), set()) is False
    assert pulse_in_use(answers({"source": 0}), set()) is False
    assert pulse_in_use(answers({"pid": 99}), {99}) is False
    assert pulse_in_use(answers({"corked": "yes"}, {"app": "Zoiper"}), set()) is True
    assert pulse_in_use(lambda args: (1, ""), set()) is None


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


def test_on_linux_the_sound_server_says_when_to_look_so_nothing_polls(pulse_server, qtbot):
    from companion.platform.oncall_watch import PresenceWatch

    presence = CallPresence("linux")
    answers = []
    watch = PresenceWatch(lambda: answers.append(presence.mic_in_use()), 5.0, platform="linux")
    watch.start()
    try:
        assert answers == [False]  # asked once at the start
        assert watch.listening and not watch.timer.isActive()
        softphone = record(pulse_server)
        try:
            qtbot.waitUntil(lambda: True in answers, timeout=10_000)
        finally:
            stop(softphone)
        qtbot.waitUntil(lambda: answers[-1] is False, timeout=10_000)
    finally:
        watch.stop()
    assert not watch.active


def test_without_sound_server_events_the_watch_polls_instead(no_pulse_server, qtbot):
    from companion.platform.oncall_watch import PresenceWatch

    watch = PresenceWatch(lambda: None, 5.0, platform="linux")
    watch.start()
    try:
        qtbot.waitUntil(lambda: watch.timer.isActive(), timeout=10_000)  # pactl gave up: fall back
        assert watch.timer.interval() == 60_000  # and looks for a server once a minute, not every 5 s
        assert not watch.listening
    finally:
        watch.stop()
