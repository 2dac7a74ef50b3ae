"""The softphone's hooks: `companion call start` and `companion call end
[--rating R]`, joined with the microphone watch into one picture of the call.

The service's rules on a fake clock; the command line as real subprocesses,
with no app and with the real tray app running in its own process; the tray
showing the after-call question in this process."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from companion.core.models import Rating
from companion.service.calls import HOOK_CALL_LONGEST, SAME_CALL_AFTER, CallSource
from companion.service.events import Change
from companion.service.service import Service


@pytest.fixture
def service(store, settings, clock):
    return Service(store, settings, clock)


def _events(service, change: Change) -> list:
    seen: list = []
    service.subscribe(lambda event: seen.append(event.subject) if event.change is change else None)
    return seen


def test_a_hook_call_holds_the_nudges_until_it_ends(service, clock):
    for _ in range(3):
        clock.advance(60)
        service.log_call(Rating.ROUGH)
    assert service.call_started() is True
    assert service.on_call and service.due_nudge() is None  # three rough calls, but a call is on
    assert service.call_started() is False  # a second start changes nothing
    clock.advance(5 * 60)
    ended = service.call_ended()
    assert ended.minutes == 5 and ended.ask and ended.logged is None
    assert not service.on_call and service.due_nudge() is not None


def test_a_rating_at_the_end_logs_the_call_instead_of_asking(service, clock):
    logged = _events(service, Change.CALL_LOGGED)
    service.call_started()
    ended = service.call_ended(Rating.GREAT)
    assert not ended.ask and ended.logged.rating is Rating.GREAT and logged == [ended.logged]
    assert service.store.count_calls() == 1


def test_no_question_when_the_person_turned_it_off(service, settings):
    settings.set("ask_after_call", False)
    service.call_started()
    assert service.call_ended().ask is False


def test_the_microphone_and_the_hook_never_count_one_call_twice(service, clock):
    started, ended = _events(service, Change.CALL_STARTED), _events(service, Change.CALL_ENDED)
    service.call_started()
    clock.advance(10)
    service.mic_call(True)  # the softphone opens the microphone: the same call
    clock.advance(300)
    service.call_ended()
    clock.advance(2)
    service.mic_call(False, 302, counts=True)  # ...and lets go of it just after the hook ran
    assert started == [CallSource.HOOK]
    assert [(e.source, e.ask) for e in ended] == [(CallSource.HOOK, True), (CallSource.MICROPHONE, False)]
    # A call the hook did not report, later on, is asked about as before.
    clock.advance(SAME_CALL_AFTER + 600)
    service.mic_call(True)
    assert service.on_call
    clock.advance(240)
    service.mic_call(False, 240, counts=True)
    assert ended[-1].ask and ended[-1].minutes == 4 and not service.on_call


def test_a_start_whose_end_never_came_stops_counting(service, clock):
    service.call_started()
    clock.advance(HOOK_CALL_LONGEST.total_seconds() + 60)
    assert not service.on_call
    service.due_nudge()
    assert service.nudger.call_live is False


def test_a_hook_call_begun_before_the_app_started_still_counts(store, settings, clock):
    Service(store, settings, clock).call_started()
    again = Service(store, settings, clock)
    assert again.on_call and again.nudger.call_live
    assert again.status(running=True)["on_call"] is True


# -- the command line, for real ------------------------------------------------------
def companion(*args: str) -> subprocess.CompletedProcess:  # this test's folders, this source tree
    from faults import cli

    return cli(dict(os.environ), *args)


def _on_call() -> bool:
    done = companion("status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["on_call"]


def test_the_hooks_with_no_app_running():
    done = companion("call", "start")
    assert done.returncode == 0 and "nudges wait" in done.stdout and "not running" in done.stdout
    assert _on_call() is True
    assert "On a call." in companion("status").stdout
    done = companion("call", "end", "--rating", "rough")
    assert done.returncode == 0 and done.stdout.startswith("Logged a rough call"), done.stderr
    assert _on_call() is False
    done = companion("call", "end")
    assert done.returncode == 0 and "companion log rough|ok|great" in done.stdout


def test_a_hook_typo_is_a_plain_message():
    done = companion("call", "start", "--rating", "rough")
    assert done.returncode == 2 and "goes with 'companion call end'" in done.stderr
    done = companion("call", "stop")
    assert done.returncode == 2 and "choose from start, end" in done.stderr and "Traceback" not in done.stderr


def test_the_hooks_with_the_tray_app_running(tmp_path):
    from faults import quit_tray, start_tray

    app = start_tray(dict(os.environ), tmp_path / "ready")
    try:
        done = companion("call", "start")
        assert done.returncode == 0 and done.stdout.strip() == "A call is on: nudges wait until it ends."
        assert _on_call() is True
        done = companion("call", "end")
        assert done.returncode == 0 and done.stdout.strip() == "The call ended. Companion asks how it went."
        assert _on_call() is False
        done = companion("call", "end", "--rating", "great")
        assert done.returncode == 0 and done.stdout.startswith("Logged a great call"), done.stderr
        assert json.loads(companion("status", "--json").stdout)["calls_today"] == 1
    finally:
        quit_tray(app, dict(os.environ))


def test_the_tray_asks_how_the_call_went_when_the_hook_says_it_ended(qtbot, clock, store, settings):
    from faults import QuietMic, close_app

    from companion.app import CompanionApp, make_qt_app
    from companion.ipc.requests import handle_request

    make_qt_app()
    app = CompanionApp(clock=clock, store=store, settings=settings, microphone=QuietMic())
    try:
        app.settle()
        assert handle_request(app, {"cmd": "call", "event": "start"})["started"] is True
        clock.advance(6 * 60)
        answer = handle_request(app, {"cmd": "call", "event": "end"})
        assert answer["ok"] and answer["asked"] and answer["minutes"] == 6
        assert app.calls.prompt is not None and app.calls.prompt.isVisible()
        assert handle_request(app, {"cmd": "call", "event": "ring"})["ok"] is False
    finally:
        close_app(app, close_store=False)
