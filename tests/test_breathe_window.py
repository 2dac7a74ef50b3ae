"""The Breathe window, driven by a FakeClock: no real seconds pass."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QColor, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from companion.service import Service
from companion.core.models import Rating
from companion.platform.mic import NOT_SUPPORTED, MicStatus
from companion.platform import sound as cue_module
from companion.ui.breathe import CALM_FRAME_MS, FRAME_MS, BreatheWindow, Colours

# The headless "offscreen" platform cannot raise windows or pass size hints to
# a window manager and says so; that is the test platform talking, not a bug.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints|raise)\(\)$", extend=True
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


class FakeMic:
    def __init__(self, supported: bool = True, fail_mute: bool = False) -> None:
        self.supported = supported
        self.fail_mute = fail_mute
        self.calls: list[str] = []

    def mute(self) -> MicStatus:
        self.calls.append("mute")
        if self.fail_mute:
            raise OSError("mixer went away")
        if self.supported:
            return MicStatus(True, True, "Muted.")
        return NOT_SUPPORTED

    def restore(self) -> None:
        self.calls.append("restore")


class FakeCue:
    def __init__(self) -> None:
        self.plays = 0

    def play(self) -> None:
        self.plays += 1


@pytest.fixture
def make_window(qtbot, store, settings, clock):
    made: list[BreatheWindow] = []

    def make(mic: FakeMic | None = None, card=None) -> BreatheWindow:
        window = BreatheWindow(Service(store, settings, clock), mic or FakeMic(), card=card)
        made.append(window)
        return window

    yield make
    # Closed here, before the store fixture closes the database.
    for window in made:
        window.close()
        window.deleteLater()


@pytest.fixture
def light_palette():
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(QPalette(QColor("#f0f0f0")))
    yield
    app.setPalette(before)


def advance(clock, window, seconds: float) -> None:
    clock.advance(seconds)
    window.tick()


def test_start_records_the_session_and_mutes(make_window, store, clock):
    store.log_call(Rating.ROUGH, mood=2)
    mic = FakeMic()
    window = make_window(mic)
    window.start()

    row = store.breath(window.session_id)
    assert row.pattern == "cyclic_sigh"
    assert row.planned_seconds == 60
    assert row.mood_before == 2
    assert row.mic == "muted"
    assert row.ended_at is None
    assert mic.calls == ["mute"]
    assert "Breathe" in window.windowTitle()
    assert window.isVisible()
    assert window.mic_label.text() == "Microphone muted"
    assert window.countdown_label.text() == "1:00 left"
    assert window.frame_timer.isActive()
    assert window.frame_timer.interval() == FRAME_MS
    assert window.frame_timer.timerType() == Qt.TimerType.PreciseTimer


def test_phases_follow_the_cyclic_sigh_and_the_shape_breathes(make_window, clock):
    window = make_window()
    window.start(pattern="cyclic_sigh")

    words, radii = [], []
    for _ in range(8):  # 0.5 s steps through 4 s: in, top-up, then the long out
        advance(clock, window, 0.5)
        words.append(window.phase_label.text())
        radii.append(window.pacer.radius())

    assert list(dict.fromkeys(words)) == ["Breathe in", "A little more in", "Breathe out slowly"]
    top = radii.index(max(radii))
    assert words[top] in ("A little more in", "Breathe out slowly")
    assert all(a < b for a, b in zip(radii[:top], radii[1:top + 1]))  # growing while breathing in
    for _ in range(6):
        advance(clock, window, 0.8)
        radii.append(window.pacer.radius())
    assert all(a > b for a, b in zip(radii[top:], radii[top + 1:]))  # shrinking on the way out
    assert window.phase_seconds_label.text().endswith(" s")


def test_plus_30_extends_the_session(make_window, store, clock):
    window = make_window()
    window.start()
    advance(clock, window, 10)
    assert window.countdown_label.text() == "0:50 left"
    window.extend_button.click()
    assert window.countdown_label.text() == "1:20 left"

    advance(clock, window, 79)
    assert window.running
    advance(clock, window, 1.5)
    assert not window.running
    row = store.breath(window.session_id)
    assert row.planned_seconds == 90
    assert row.completed is True


def test_escape_ends_early_and_restores_the_mic(make_window, store, clock, qtbot):
    mic = FakeMic()
    window = make_window(mic)
    window.start()
    advance(clock, window, 12)

    with qtbot.waitSignal(window.session_ended, timeout=500) as signal:
        qtbot.keyClick(window, Qt.Key.Key_Escape)

    session_id = signal.args[0]
    row = store.breath(session_id)
    assert row.completed is False
    assert row.ended_at is not None
    assert mic.calls == ["mute", "restore"]
    assert window.pages.currentWidget() is window.rating_page
    assert not window.frame_timer.isActive()


def test_running_to_the_end_completes_and_asks_how_you_feel(make_window, store, clock, qtbot):
    mic = FakeMic()
    window = make_window(mic)
    window.start(seconds=30)
    with qtbot.waitSignal(window.session_ended, timeout=500):
        for _ in range(31):
            advance(clock, window, 1)

    session_id = window.session_id
    assert store.breath(session_id).completed is True
    assert mic.calls == ["mute", "restore"]
    assert window.pages.currentWidget() is window.rating_page
    assert window.rate_buttons[3].isVisible()
    assert not window.frame_timer.isActive()

    qtbot.mouseClick(window.rate_buttons[3], Qt.MouseButton.LeftButton)
    assert store.breath(session_id).mood_after == 4
    assert not window.isVisible()
    assert mic.calls == ["mute", "restore"]  # never restored twice


def test_the_window_keeps_its_size_and_place_across_pages_and_sessions(make_window, tmp_path):
    from companion.core.words import WordCard

    # As the tray app builds it: the words card beside the question.
    window = make_window(card=WordCard(tmp_path / "words.json"))
    window.start()
    size = window.size()
    window.move(window.pos() + QPoint(-90, -40))  # where the agent put it
    place = window.pos()
    window.end_now()
    assert (window.size(), window.pos()) == (size, place)  # the rating page neither grows nor moves it
    window.rate(4)
    assert not window.isVisible()
    window.start()  # the next session opens where the last one was, at the same size
    assert (window.size(), window.pos()) == (size, place)
    window.end_now()
    window.skip()
    window.start()
    assert (window.size(), window.pos()) == (size, place)


def test_no_answer_looks_chosen_until_the_person_chooses(make_window, store, qtbot):
    window = make_window()
    window.start()
    session = window.session_id
    window.end_now()
    assert window.focusWidget() not in window.rate_buttons  # no focus ring on "3" that looks like an answer
    assert window.focusWidget() is window.question_label
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
        qtbot.keyClick(window.focusWidget(), key)
    assert store.breath(session).mood_after is None  # Enter and Space answer nothing
    assert window.isVisible() and window.pages.currentWidget() is window.rating_page
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)  # Tab reaches the answers, from the lowest
    assert window.focusWidget() is window.rate_buttons[0]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_3)
    assert store.breath(session).mood_after == 3


def test_number_keys_rate_and_escape_skips(make_window, store, clock, qtbot):
    window = make_window()
    window.start()
    window.end_now()
    first = window.session_id
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert store.breath(first).mood_after == 2
    assert not window.isVisible()

    window.start()
    second = window.session_id
    assert second != first
    window.end_now()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert store.breath(second).mood_after is None
    assert not window.isVisible()


def test_closing_mid_session_ends_it_and_restores_the_mic(make_window, store, clock, qtbot):
    mic = FakeMic()
    window = make_window(mic)
    window.start()
    session_id = window.session_id
    advance(clock, window, 5)
    with qtbot.waitSignal(window.session_ended, timeout=500):
        window.close()

    row = store.breath(session_id)
    assert row.completed is False and row.ended_at is not None
    assert mic.calls == ["mute", "restore"]
    assert not window.frame_timer.isActive()
    assert not window.running


def test_unsupported_mic_says_so_plainly(make_window, store):
    window = make_window(FakeMic(supported=False))
    window.start()
    assert window.mic_label.isVisible()
    assert window.mic_label.text() == NOT_SUPPORTED.message
    assert "headset" in window.mic_label.text()
    assert store.breath(window.session_id).mic == "unsupported"


def _most_common_colour(widget) -> QColor:
    image = widget.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            rgb = image.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor(max(counts, key=counts.get))


def _top(widget, window) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


@pytest.fixture
def announcements(monkeypatch):
    """What the window asks a screen reader to say, as Qt's accessibility layer receives it."""
    said: list[tuple[str, object]] = []
    real = QAccessible.updateAccessibility

    def update(event):
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append((event.message(), event.politeness()))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(update))
    return said


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_an_unmuted_microphone_is_the_first_thing_seen_and_heard(make_window, announcements, dark):
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(QPalette(QColor("#202020" if dark else "#f0f0f0")))
    try:
        window = make_window(FakeMic(fail_mute=True))
        window.start()
        QApplication.processEvents()
        banner = window.mic_banner
        # At the top, above the pattern, the countdown and the breathing shape.
        assert banner.isVisible() and window.mic_heading.isVisible() and window.mic_icon.isVisible()
        assert _top(banner, window) < min(_top(w, window) for w in (window.pattern_box, window.pacer))
        assert window.mic_heading.text() == "Microphone NOT muted" and window.mic_heading.font().bold()
        assert not window.mic_icon.pixmap().isNull()  # the warning sign
        assert "could not be muted" in window.mic_label.text() and "headset" in window.mic_label.text()
        # In the warning colour, readable, and nothing like the calm background.
        colours = window.colours
        assert colours.dark is dark
        assert _most_common_colour(banner) == colours.warn_back
        assert window.mic_label.palette().color(window.mic_label.foregroundRole()) == colours.warn_text
        assert _contrast(colours.warn_text, colours.warn_back) >= 7
        assert _contrast(colours.warn_edge, colours.background) >= 3  # its edge stands out from the window
        assert 25 <= colours.warn_back.hue() <= 50 and 25 <= colours.warn_edge.hue() <= 50  # amber, not calm teal
        # Said at once to a screen reader, and named so when it is met again.
        assert announcements == [(f"Microphone NOT muted. {window.mic_label.text()}",
                                  QAccessible.AnnouncementPoliteness.Assertive)]
        face = QAccessible.queryAccessibleInterface(banner)
        assert face.text(QAccessible.Text.Name) == "Microphone NOT muted"
        assert "could not be muted" in face.text(QAccessible.Text.Description)
    finally:
        app.setPalette(before)
        QApplication.processEvents()


def test_a_muted_microphone_is_one_quiet_line(make_window, announcements):
    window = make_window(FakeMic())
    window.start()
    assert window.mic_label.isVisible() and window.mic_label.text() == "Microphone muted"
    assert not window.mic_heading.isVisible() and not window.mic_icon.isVisible()
    assert _most_common_colour(window.mic_banner) != window.colours.warn_back
    assert announcements == []  # nothing to interrupt the breathing for


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_failing_mute_still_breathes_and_still_restores(make_window, store):
    mic = FakeMic(fail_mute=True)
    window = make_window(mic)
    window.start()
    assert window.running
    assert "could not be muted" in window.mic_label.text()
    window.end_now()
    assert mic.calls == ["mute", "restore"]


def test_start_while_running_only_shows_the_window(make_window, store, clock):
    mic = FakeMic()
    window = make_window(mic)
    window.start()
    first = window.session_id
    advance(clock, window, 20)
    window.hide()
    window.start(seconds=120)
    assert window.isVisible()
    assert window.session_id == first
    assert window.planned_seconds == 60
    assert window.countdown_label.text() == "0:40 left"
    assert mic.calls == ["mute"]


def test_reduce_motion_shows_a_steady_circle_and_ticks_slowly(make_window, settings, clock):
    settings.set("reduce_motion", True)
    window = make_window()
    window.start()
    assert window.frame_timer.interval() == CALM_FRAME_MS
    radii, progress = set(), []
    for _ in range(6):
        advance(clock, window, 0.4)
        radii.add(round(window.pacer.radius(), 3))
        progress.append(window.pacer.progress)
    assert len(radii) == 1
    assert progress[0] < progress[1] < progress[2]  # the ring fills through the 2 s breath in
    assert window.phase_label.text() in ("Breathe in", "A little more in", "Breathe out slowly")

    settings.set("reduce_motion", False)
    advance(clock, window, 0.1)
    assert window.frame_timer.interval() == FRAME_MS


def test_changing_pattern_mid_session_keeps_the_countdown(make_window, clock):
    window = make_window()
    window.start()
    advance(clock, window, 7)  # deep in a cyclic-sigh exhale
    assert window.phase_label.text() == "Breathe out slowly"
    window.pattern_box.setCurrentIndex(window.pattern_box.findData("box"))
    assert window.pattern.name == "box"
    assert window.phase_label.text() == "Breathe in"
    assert window.countdown_label.text() == "0:53 left"
    advance(clock, window, 4.5)
    assert window.phase_label.text() == "Hold"
    assert window.countdown_label.text() == "0:49 left"


def test_custom_pattern_uses_the_settings_timings(make_window, settings, store):
    settings.set("custom_inhale", 3.0)
    settings.set("custom_exhale", 9.0)
    window = make_window()
    window.start(pattern="custom")
    assert [p.seconds for p in window.pattern.phases] == [3.0, 9.0]
    assert window.pattern_box.currentData() == "custom"
    assert store.breath(window.session_id).pattern == "custom"


def test_sound_cue_plays_at_each_change_only_when_asked(make_window, settings, clock):
    window = make_window()
    window.cue = FakeCue()
    window.start()
    for _ in range(20):
        advance(clock, window, 0.5)
    assert window.cue.plays == 0
    window.end_now()

    settings.set("sound_cue", True)
    window.start()
    for _ in range(20):  # 10 s of cyclic sigh: in -> top-up -> out -> in
        advance(clock, window, 0.5)
    assert window.cue.plays == 3


def test_real_cue_stays_quiet_without_a_player(make_window, settings, clock, monkeypatch):
    # As on a machine with no audio player: the session runs, no error, no Qt warning.
    monkeypatch.setenv("PATH", "/nonexistent")
    settings.set("sound_cue", True)
    window = make_window()
    window.start()
    for _ in range(12):
        advance(clock, window, 0.5)
    assert window.phase_label.text() == "Breathe out slowly"
    assert window.cue.available is False


def test_every_control_has_an_accessible_name(make_window):
    window = make_window()
    controls = window.findChildren(QPushButton) + window.findChildren(QComboBox)
    assert len(controls) == 9
    assert all(c.accessibleName() for c in controls)
    assert window.pattern_box.count() == 5 and window.pattern_box.itemText(4) == "Custom"


def test_dark_system_palette_gives_a_deep_slate_background(qtbot):
    app = QApplication.instance()
    before = app.palette()
    try:
        app.setPalette(QPalette(QColor("#2b2b2b")))
        dark = Colours.from_system()
        app.setPalette(QPalette(QColor("#f0f0f0")))
        light = Colours.from_system()
    finally:
        app.setPalette(before)
    assert dark.dark and dark.background.lightness() < 60
    assert not light.dark and light.background.lightness() > 200


def test_the_tone_is_a_short_quiet_wav_in_the_cache(private_dirs):
    path = cue_module.tone_path()
    assert path.is_relative_to(private_dirs / "cache")
    with wave.open(str(path)) as tone:
        assert tone.getnchannels() == 1 and tone.getsampwidth() == 2
        seconds = tone.getnframes() / tone.getframerate()
        frames = tone.readframes(tone.getnframes())
    assert 0.2 < seconds < 1.0
    samples = memoryview(frames).cast("h")
    peak = max(abs(s) for s in samples)
    assert 0.05 * 32767 < peak < 0.25 * 32767
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # fades in and out: no click
    assert cue_module.tone_path() == path  # written once, then reused


def test_cue_is_played_by_the_system_player(tmp_path, monkeypatch):
    # A stand-in "paplay" on PATH records what it was asked to play.
    record = tmp_path / "played.txt"
    player = tmp_path / "bin" / "paplay"
    player.parent.mkdir()
    player.write_text(f'#!/bin/sh\necho "$@" >> {record}\n')
    player.chmod(0o755)
    monkeypatch.setenv("PATH", str(player.parent))
    cue = cue_module.SoundCue(platform="linux")
    assert cue.play()
    cue._playing[-1].wait(timeout=10)
    assert record.read_text().strip() == str(cue_module.tone_path())


def test_cue_is_silent_without_a_player(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    quiet = cue_module.SoundCue(platform="linux")
    assert quiet.play() is False
    assert quiet.available is False


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(make_window, clock, tmp_path, theme):
    """test-artifacts/breathe-*.png, for a person to look at: the unmuted
    warning mid-breath, and the rating page with the words card, as the tray
    app shows them."""
    from companion.core.words import WordCard
    from ui_gallery import set_palette

    ARTIFACTS.mkdir(exist_ok=True)
    set_palette(dark=theme == "dark")
    try:
        QApplication.processEvents()
        window = make_window(FakeMic(supported=False), card=WordCard(tmp_path / "words.json"))
        window.start()
        advance(clock, window, 1.4)  # mid-inhale
        assert window.phase_label.text() == "Breathe in"
        assert window.colours.dark is (theme == "dark")
        QApplication.processEvents()  # laid out, as it is by the time it is painted
        assert window.grab().save(str(ARTIFACTS / f"breathe-unmuted-{theme}.png"))
        window.end_now()
        QApplication.processEvents()
        assert window.grab().save(str(ARTIFACTS / f"breathe-rating-{theme}.png"))
    finally:
        set_palette(dark=False)
        QApplication.processEvents()


def test_window_follows_the_system_into_dark_mode(make_window):
    window = make_window()
    app = QApplication.instance()
    before = app.palette()
    try:
        app.setPalette(QPalette(QColor("#202020")))
        QApplication.processEvents()  # the change reaches widgets as a posted event
        assert window.colours.dark
    finally:
        app.setPalette(before)
        QApplication.processEvents()
    assert not window.colours.dark


def test_the_window_paints_before_the_microphone_work_and_a_second_press_waits(make_window, store):
    """Breathe is on screen as fast as a plain window: its first paint comes
    before the mixer is asked (some 50 ms of pactl runs), saying it is muting.
    A second press while it opens starts nothing twice."""
    from companion.ui.first_paint import FirstPaint

    painted: list[str] = []

    class SlowMic(FakeMic):
        def mute(self):
            seen.append((bool(painted), window.mic_label.text()))
            window.start()  # the shortcut pressed again, mid-start
            return super().mute()

    seen: list[tuple[bool, str]] = []
    mic = SlowMic()
    window = make_window(mic)
    FirstPaint(window, lambda: painted.append("painted"))
    window.start()
    assert seen == [(True, "Muting your microphone…")]
    assert mic.calls == ["mute"] and window.running
    assert store.read("SELECT count(*) FROM breaths")[0][0] == 1
    assert window.mic_label.text() == "Microphone muted"
