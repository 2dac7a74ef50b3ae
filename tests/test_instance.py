"""One Companion per user: the local socket, its protocol, and the commands
that talk to a running app or, with none running, to the data directly."""

from __future__ import annotations

import json
import os
import socket
import stat
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from companion.__main__ import main
from companion.ipc import address, client, protocol
from companion.ipc.requests import handle_request
from companion.core import paths
from companion.core.clock import from_text, to_text
from companion.core.models import Rating
from companion.core.store import Store
from companion.service import Service
from companion.service.service import PAUSED_KEY

REPO = Path(__file__).resolve().parents[1]


class FakeApp:
    """What handle_request needs from CompanionApp (its service and its windows),
    and a record of which windows it was asked for."""

    def __init__(self, store, clock, settings):
        self.store = store
        self.service = Service(store, settings, clock)
        self.did: list = []
        self.tray = self  # the tray's one question the socket asks

    def host_available(self):
        return True

    def show_running(self):
        self.did.append("show")

    def open_breathe(self, seconds, pattern):
        self.did.append(("breathe", seconds, pattern))

    def open_review(self, weeks):
        self.did.append(("review", weeks))

    def quit(self):
        self.did.append("quit")


@pytest.fixture
def fake(store, clock, settings):
    return FakeApp(store, clock, settings)


# -- handle_request: the app's side of the protocol ---------------------------
def test_show_breathe_and_quit_reach_the_app(fake):
    assert handle_request(fake, {"cmd": "show"}) == {"ok": True, "tray": True}
    assert handle_request(fake, {"cmd": "breathe", "seconds": 90, "pattern": "box"}) == {"ok": True}
    assert handle_request(fake, {"cmd": "breathe"}) == {"ok": True}
    assert handle_request(fake, {"cmd": "review", "weeks": 8}) == {"ok": True}
    assert handle_request(fake, {"cmd": "review"}) == {"ok": True}
    assert handle_request(fake, {"cmd": "quit"}) == {"ok": True}
    assert fake.did == ["show", ("breathe", 90, "box"), ("breathe", None, None), ("review", 8), ("review", None),
                        "quit"]


@pytest.mark.parametrize("request_, words", [
    ({"cmd": "breathe", "seconds": 5}, "from 30 to 600"),
    ({"cmd": "breathe", "seconds": "60"}, "whole number"),
    ({"cmd": "breathe", "seconds": True}, "whole number"),
    ({"cmd": "breathe", "pattern": "panting"}, "pattern"),
    ({"cmd": "review", "weeks": 3}, "from 4 to 52"),
    ({"cmd": "review", "weeks": "8"}, "whole number"),
    ({"cmd": "pause", "minutes": 0}, "from 5 to 480"),
    ({"cmd": "pause", "minutes": 10_000}, "from 5 to 480"),
    ({"cmd": "log", "rating": "awful"}, "rough, ok or great"),
    ({"cmd": "log", "rating": "ok", "mood": 9}, "Mood"),
    ({"cmd": "log", "rating": "ok", "tags": "angry"}, "list"),
    ({"cmd": "log", "rating": "ok", "note": "x" * 10_001}, "at most"),
    ({"cmd": "dance"}, "does not know"),
    ({"nocmd": 1}, "\"cmd\""),
    ([1, 2], "\"cmd\""),
])
def test_bad_requests_get_a_sentence_and_change_nothing(fake, request_, words):
    answer = handle_request(fake, request_)
    assert answer["ok"] is False and words in answer["error"]
    assert fake.did == [] and fake.store.count_calls() == 0
    assert fake.store.get_meta(PAUSED_KEY) is None


def test_log_stores_exactly_what_was_sent(fake):
    note = "Caller said: \"never again\" \u2014 \U0001F620\nline two\ttab"
    answer = handle_request(fake, {"cmd": "log", "rating": "rough", "mood": 2,
                                          "tags": ["Angry", "bad  survey"], "note": note})
    assert answer["ok"] and answer["call"]["tags"] == ["angry", "bad survey"]
    call = fake.store.last_call()
    assert (call.rating, call.mood, call.note) == (Rating.ROUGH, 2, note)


def test_status_pause_and_resume(fake, clock):
    fake.store.log_call(Rating.ROUGH)
    fake.store.log_call(Rating.ROUGH)
    status = handle_request(fake, {"cmd": "status"})
    assert status == {"ok": True, "running": True, "nudges_paused_until": None, "rough_run": 2, "calls_today": 2,
                      "on_call": False}
    paused = handle_request(fake, {"cmd": "pause", "minutes": 30})
    assert from_text(paused["paused_until"]) == clock.now() + timedelta(minutes=30)
    assert handle_request(fake, {"cmd": "status"})["nudges_paused_until"] == paused["paused_until"]
    # Without minutes the app's own setting is used.
    default = handle_request(fake, {"cmd": "pause"})
    minutes = fake.service.settings["pause_minutes"]
    assert from_text(default["paused_until"]) == clock.now() + timedelta(minutes=minutes)
    assert handle_request(fake, {"cmd": "resume"}) == {"ok": True}
    assert handle_request(fake, {"cmd": "status"})["nudges_paused_until"] is None
    # A pause that has run out reads as not paused.
    handle_request(fake, {"cmd": "pause", "minutes": 5})
    clock.advance(6 * 60)
    assert handle_request(fake, {"cmd": "status"})["nudges_paused_until"] is None


def test_an_app_error_becomes_an_answer_not_a_crash(fake):
    def broken(*_args):
        raise RuntimeError("window went away")

    fake.open_breathe = broken
    answer = handle_request(fake, {"cmd": "breathe"})
    assert answer == {"ok": False, "error": "Companion could not do that: window went away"}


# -- the socket -----------------------------------------------------------------
def ask(qtbot, request, timeout_ms=2000):
    """remote.send from another thread while this one runs Qt's event loop,
    as a separate `companion` process would."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("reply", client.send(request, timeout_ms)))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout_ms + 2000)
    return result["reply"]


def listener_kinds():
    from companion.ipc.pipe import PipeListener
    from companion.ipc.unix import UnixListener

    # Both transports run here: the pipe one (Windows' transport) works on unix sockets too.
    return {"unix": UnixListener, "pipe": PipeListener}


@pytest.fixture(params=["unix", "pipe"])
def server(request, qtbot, fake):
    from companion.ipc.server import InstanceServer

    instance = InstanceServer(listener=listener_kinds()[request.param])
    assert instance.listen()
    instance.handler = lambda request: handle_request(fake, request)
    yield instance
    instance.close()


def test_requests_travel_over_the_socket(qtbot, server, fake):
    seen = []
    server.request_received.connect(lambda request, answer: seen.append((request["cmd"], answer["ok"])))
    assert ask(qtbot, {"cmd": "status"})["running"] is True
    answer = ask(qtbot, {"cmd": "log", "rating": "great", "note": "ünïcode ✓", "tags": ["thanked"]})
    assert answer["ok"] and fake.store.last_call().note == "ünïcode ✓"
    assert ask(qtbot, {"cmd": "nonsense"})["ok"] is False
    assert seen == [("status", True), ("log", True), ("nonsense", False)]


def test_socket_is_private_and_per_data_folder(server, tmp_path, monkeypatch):
    path = Path(server.name)
    assert path.is_socket() and path == Path(address.server_name())
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.stat().st_uid == os.getuid()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "someone-else"))
    assert address.server_name() != server.name


def test_a_second_instance_is_turned_away(qtbot, server):
    from companion.ipc.server import InstanceServer

    for kind in listener_kinds().values():
        second = InstanceServer(listener=kind)
        assert second.listen() is False
    assert not second.is_listening() and server.is_listening()


def test_a_stale_socket_after_a_crash_does_not_block_the_start(qtbot, fake):
    from companion.ipc.server import InstanceServer

    # What a killed app leaves behind: the socket file, with nobody listening.
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(address.server_name())
    leftover.close()
    assert Path(address.server_name()).exists()
    assert client.send({"cmd": "status"}) is None and not client.is_running()

    instance = InstanceServer()
    try:
        assert instance.listen()
        instance.handler = lambda request: handle_request(fake, request)
        assert ask(qtbot, {"cmd": "status"})["ok"] is True
    finally:
        instance.close()


@pytest.mark.parametrize("kind", ["unix", "pipe"])
def test_a_dropped_server_is_freed_at_once(qtbot, kind):
    import gc
    import weakref

    from companion.ipc.server import InstanceServer

    # No reference cycle: Qt objects go when the last reference does, in this
    # thread, not whenever (and wherever) the cycle collector next runs.
    instance = InstanceServer(listener=listener_kinds()[kind])
    assert instance.listen()
    instance.close()
    gone = weakref.ref(instance)
    assert gc.isenabled() is False  # tests/conftest.py: only refcounting can free it here
    del instance
    assert gone() is None


def talk_raw(qtbot, server, *pieces):
    """Send bytes as a misbehaving client would, piece by piece, and read
    whatever comes back until the app closes the connection."""
    result = {}

    def talk():
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(3)
        client.connect(server.name)
        for piece in pieces:
            client.sendall(piece)
            time.sleep(0.01)  # separate arrivals, so the app must put the line together
        if not pieces:
            client.shutdown(socket.SHUT_WR)
        result["reply"] = client.makefile("rb").read()
        client.close()

    thread = threading.Thread(target=talk)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=4000)
    return result["reply"]


def test_bad_bytes_on_the_socket_get_an_error_line(qtbot, server):
    reply = talk_raw(qtbot, server, b"\xff\xfe not json\n")
    assert json.loads(reply) == {"ok": False, "error": "A request is one line of JSON."}


def test_a_request_in_pieces_is_put_together(qtbot, server, fake):
    reply = talk_raw(qtbot, server, b'{"cmd": "lo', b'g", "rating": "rough"', b"}\n")
    assert json.loads(reply)["ok"] is True and fake.store.count_calls() == 1


def test_every_request_carries_an_id_and_its_answer_brings_it_back(qtbot, server):
    answer = ask(qtbot, {"cmd": "status"})
    assert answer["v"] == protocol.PROTOCOL_VERSION and isinstance(answer["id"], str) and answer["id"]


def test_a_retried_request_is_answered_again_not_carried_out_twice(qtbot, server, fake):
    line = protocol.encode({"v": protocol.PROTOCOL_VERSION, "id": "retry-1", "cmd": "log", "rating": "rough"})
    first = talk_raw(qtbot, server, line)
    again = talk_raw(qtbot, server, line)
    assert first == again and json.loads(first)["ok"] is True and json.loads(first)["id"] == "retry-1"
    assert fake.store.count_calls() == 1


def test_a_newer_protocol_is_refused_in_words(qtbot, server, fake):
    reply = json.loads(talk_raw(qtbot, server, b'{"v": 99, "id": "x", "cmd": "log", "rating": "ok"}\n'))
    assert reply["ok"] is False and "protocol" in reply["error"] and reply["id"] == "x"
    assert fake.store.count_calls() == 0


def test_an_answer_to_another_request_is_not_taken_for_this_one():
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address.server_name())
    listener.listen(1)

    def answer_wrongly():
        conn, _ = listener.accept()
        conn.makefile("rb").readline()
        conn.sendall(protocol.encode({"ok": True, "id": "someone-else", "running": True}))
        conn.close()

    thread = threading.Thread(target=answer_wrongly)
    thread.start()
    try:
        answer = client.send({"cmd": "status"}, timeout_ms=2000)
    finally:
        thread.join(timeout=5)
        listener.close()
        os.unlink(address.server_name())
    assert answer["ok"] is False and "could not be understood" in answer["error"]


def test_an_endless_line_is_refused_and_a_silent_client_is_let_go(qtbot, server, fake):
    reply = talk_raw(qtbot, server, b"x" * (protocol.MAX_MESSAGE + 10))
    assert json.loads(reply) == {"ok": False, "error": "That request is too long."}
    assert talk_raw(qtbot, server) == b""
    assert ask(qtbot, {"cmd": "status"})["running"] is True  # still serving


def test_a_server_still_starting_says_so(qtbot):
    from companion.ipc.server import InstanceServer

    instance = InstanceServer()
    try:
        assert instance.listen()
        answer = ask(qtbot, {"cmd": "status"})
        assert answer["ok"] is False and "still starting" in answer["error"]
    finally:
        instance.close()


def test_a_request_while_the_app_opens_its_socket_waits_for_it(qtbot, fake, monkeypatch):
    """The start takes its lock before the icon and opens its socket just
    after (companion/start.py): a script that comes in between is answered
    once the socket opens, not told the app is too busy."""
    from companion.ipc.server import InstanceServer

    instance = InstanceServer()
    try:
        assert instance.claim() and not instance.is_listening()
        assert client.is_running()  # the lock alone says so: `delete` and `restore` stay out
        instance.handler = lambda request: handle_request(fake, request)
        tried = threading.Event()
        exchange = client._exchange

        def exchange_and_tell(*args):
            found = exchange(*args)
            tried.set()
            return found

        monkeypatch.setattr(client, "_exchange", exchange_and_tell)
        result = {}
        asking = threading.Thread(target=lambda: result.update(answer=client.send({"cmd": "status"})))
        asking.start()
        assert tried.wait(5), "the request never tried to connect"
        assert instance.open(), instance.error_text()
        qtbot.waitUntil(lambda: "answer" in result, timeout=5000)
        asking.join(timeout=5)
    finally:
        instance.close()
    assert result["answer"]["ok"] is True and result["answer"]["running"] is True


def test_a_start_finding_an_older_companion_at_its_name_hands_over_to_it(tmp_path):
    """A Companion from before the running lock listens at the name without
    holding it: the new start claims the lock, then finds it answering when it
    opens its socket, asks it to show itself and ends, leaving one app."""
    older = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    older.bind(address.server_name())
    older.listen(8)
    asked = []

    def answer_as_the_older_one():
        while True:
            try:
                conn, _ = older.accept()
            except OSError:
                return  # closed: the test is over
            with conn:
                line = conn.makefile("rb").readline()
                if line:  # a probe connects and says nothing
                    request = json.loads(line)
                    asked.append(request["cmd"])
                    conn.sendall(protocol.encode({"ok": True, "id": request["id"], "tray": True}))

    thread = threading.Thread(target=answer_as_the_older_one, daemon=True)
    thread.start()
    try:
        second = subprocess.run([sys.executable, "-m", "companion"], cwd=REPO,
                                env=_env(COMPANION_READY_FILE=str(tmp_path / "ready")),
                                capture_output=True, text=True, timeout=30)
    finally:
        older.shutdown(socket.SHUT_RDWR)
        older.close()
        os.unlink(address.server_name())
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout and "Traceback" not in second.stderr
    assert asked == ["show"]
    # Its icon showed for a moment (the older app is found only then); it went
    # before loading the rest, so nothing of it settled beside the older one.
    assert "settled" not in (tmp_path / "ready").read_text()


def test_send_with_nobody_listening_is_none():
    assert client.send({"cmd": "status"}) is None
    assert client.is_running() is False


def test_a_listener_that_never_answers_is_not_mistaken_for_none():
    # A hung app: the CLI must not go behind its back to the data.
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mute.bind(address.server_name())
    mute.listen(1)
    try:
        answer = client.send({"cmd": "status"}, timeout_ms=200)
    finally:
        mute.close()
        os.unlink(address.server_name())
    assert answer["ok"] is False and "did not answer" in answer["error"]


# -- the commands with no app running: straight to the data -------------------
def test_status_pause_resume_quit_without_an_app(capsys):
    store = Store(paths.database_path())
    store.log_call(Rating.ROUGH)
    store.close()

    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status == {"running": False, "nudges_paused_until": None, "rough_run": 1, "calls_today": 1,
                      "on_call": False}

    assert main(["pause", "--minutes", "45"]) == 0
    assert "paused until" in capsys.readouterr().out
    store = Store(paths.database_path())
    until = from_text(store.get_meta(PAUSED_KEY))
    store.close()
    left = (until - from_text(to_text(until.now().astimezone()))).total_seconds()
    assert 44 * 60 < left <= 45 * 60

    assert main(["status"]) == 0
    text = capsys.readouterr().out
    assert "Companion is not running." in text and "Nudges are paused until" in text
    assert "1 rough call in a row." in text and "1 call logged today." in text

    assert main(["resume"]) == 0
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["nudges_paused_until"] is None

    assert main(["quit"]) == 0
    assert "was not running" in capsys.readouterr().out


def test_status_with_no_data_yet(capsys):
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["calls_today"] == 0
    assert not paths.database_path().exists()


@pytest.mark.parametrize("minutes", ["4", "481", "ten", "-5", "1.5"])
def test_pause_rejects_odd_minutes(minutes, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["pause", "--minutes", minutes])
    assert stop.value.code == 2
    # The settings schema's range for the pause, the same over the socket and in Settings.
    assert "minutes is a whole number from 5 to 480" in capsys.readouterr().err


def test_pause_uses_the_setting_when_no_minutes_given(capsys):
    paths.settings_path().write_text("pause_minutes = 25\n", encoding="utf-8")
    assert main(["pause"]) == 0
    store = Store(paths.database_path())
    until = from_text(store.get_meta(PAUSED_KEY))
    store.close()
    left = (until - until.now().astimezone()).total_seconds()
    assert 24 * 60 < left <= 25 * 60


# -- the real thing: two `companion` processes --------------------------------
def _env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _companion(*args, timeout=20.0):
    return subprocess.run([sys.executable, "-m", "companion", *args], cwd=REPO, env=_env(),
                          capture_output=True, text=True, timeout=timeout)


def _wait(check, what, timeout=20.0, process=None):
    deadline = time.monotonic() + timeout
    while not check():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the app exited ({process.returncode}) while waiting for {what}: "
                        f"{process.stderr.read() if process.stderr else ''}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_second_start_hands_over_and_the_cli_talks_to_the_running_app(tmp_path):
    ready = tmp_path / "ready"
    app = subprocess.Popen([sys.executable, "-m", "companion"], cwd=REPO,
                           env=_env(COMPANION_READY_FILE=str(ready)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: ready.exists() and "tray-shown" in ready.read_text(), "the tray to be ready",
              process=app)
        started = time.monotonic()
        try:
            second = _companion(timeout=8)
        except subprocess.TimeoutExpired:
            pytest.fail("A second `companion` did not hand over to the running one within 8 s: "
                        "run_tray must ask client.send({'cmd': 'show'}) / InstanceServer.listen() first.")
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        assert time.monotonic() - started < 10
        assert app.poll() is None

        status = _companion("status", "--json")
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["running"] is True

        paused = _companion("pause", "--minutes", "15")
        assert paused.returncode == 0 and "paused until" in paused.stdout
        assert json.loads(_companion("status", "--json").stdout)["nudges_paused_until"] is not None

        logged = _companion("log", "rough", "--tag", "angry")
        assert logged.returncode == 0 and "Logged a rough call" in logged.stdout, logged.stderr
        after = json.loads(_companion("status", "--json").stdout)
        assert (after["calls_today"], after["rough_run"]) == (1, 1)

        # Opened by the running app: this returns at once instead of keeping a window of its own.
        review = _companion("review", "--weeks", "8", timeout=8)
        assert review.returncode == 0 and review.stdout == "", review.stderr
        # The app's own window paints, then its chart (the stages the benchmark times).
        _wait(lambda: "review-chart-drawn" in ready.read_text(), "the review chart to be drawn", process=app)
        stages = [line.split()[1] for line in ready.read_text().splitlines()]
        assert stages.index("review-shown") < stages.index("review-chart-drawn")
        assert app.poll() is None

        refused = _companion("restore", str(tmp_path / "whatever.db"))
        assert refused.returncode == 1 and "companion quit" in refused.stderr

        closed = _companion("quit")
        assert closed.returncode == 0 and "has closed" in closed.stdout
        assert app.wait(timeout=10) == 0
        assert not client.is_running()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def test_a_socket_folder_owned_by_someone_else_is_not_used(monkeypatch, tmp_path):
    # In a shared /tmp another user could create our folder name first.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path))
    squatted = tmp_path / f"companion-{os.getuid()}"
    squatted.mkdir()
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    (tmp_path / "companion-4242").symlink_to(squatted)
    assert Path(address.server_name()) == paths.data_dir() / "instance.sock"


def test_a_deep_runtime_folder_still_gives_a_socket_that_listens(qtbot, tmp_path, monkeypatch):
    from companion.ipc.server import InstanceServer

    deep = tmp_path / ("very-long-folder-name-" * 4) / "runtime"
    deep.mkdir(parents=True, mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    name = address.server_name()
    assert len(name.encode()) <= address.MAX_SOCKET_PATH
    server = InstanceServer(name)
    try:
        assert server.listen(), server.error_text()
    finally:
        server.close()


@pytest.mark.skipif(os.name == "nt", reason="Windows keeps QLockFile for the start")
def test_the_start_lock_and_qlockfile_keep_each_other_out(tmp_path):
    # An older Companion takes the same file with QLockFile: either kind waits for the other.
    path = str(tmp_path / "instance.sock.lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom PySide6.QtCore import QLockFile\n"
         f"lock = QLockFile({path!r})\nprint(lock.tryLock(1000), flush=True)\ntime.sleep(1)\nlock.unlock()"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"
        ours = address.StartLock(path)
        assert not ours.tryLock(100)
        assert ours.tryLock(5000)  # once the QLockFile is let go
    finally:
        holder.wait(10)
    theirs = subprocess.run(
        [sys.executable, "-c", f"from PySide6.QtCore import QLockFile\nprint(QLockFile({path!r}).tryLock(200))"],
        capture_output=True, text=True, timeout=60)
    assert theirs.stdout.strip() == "False"
    ours.unlock()
    assert not os.path.exists(path)  # nothing left behind, as with QLockFile


def test_a_sigterm_the_moment_the_icon_shows_ends_the_app_cleanly(tmp_path):
    """The icon shows before the rest of the app has loaded (companion/start.py):
    a SIGTERM in that moment (a logout, a script) still ends it through Qt's
    loop, with exit code 0, not killed by the signal."""
    ready = tmp_path / "ready"
    app = subprocess.Popen([sys.executable, "-m", "companion"], cwd=REPO, env=_env(COMPANION_READY_FILE=str(ready)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not (ready.exists() and "tray-shown" in ready.read_text()):  # no sleep: as soon as it says so
        assert app.poll() is None and time.monotonic() < deadline, "the tray did not show"
    app.send_signal(signal.SIGTERM)
    assert app.wait(timeout=20) == 0, app.stderr.read()
