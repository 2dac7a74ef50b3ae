"""Every window and popup of Companion, built with a little sample data.

Shared by the accessibility test (offscreen) and the looks test, which runs
this file as a script under Xvfb and saves each window as a PNG:

    python tests/ui_gallery.py OUT_DIR [--dark] [--prefix looks-light] [--only breathe,welcome]
                               [--text-scale 2]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from companion.service import Service  # noqa: E402
from companion.core.models import NudgeReason, Rating  # noqa: E402
from companion.platform.mic import NOT_SUPPORTED, MicStatus  # noqa: E402

# A tray icon in the bottom-right corner of a 1280x800 screen.
TRAY = QRect(1240, 776, 22, 22)


class QuietMic:
    def mute(self) -> MicStatus:
        return MicStatus(True, True, "Muted.")

    def restore(self) -> None:
        pass


def dark_palette() -> QPalette:
    """A dark desktop's palette, as Breeze Dark or GNOME's dark style hand it over."""
    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#2a2e32"), (role.WindowText, "#e6e9eb"), (role.Base, "#1d2023"),
                      (role.AlternateBase, "#25292d"), (role.Text, "#e6e9eb"), (role.Button, "#31363b"),
                      (role.ButtonText, "#e6e9eb"), (role.Highlight, "#3d7a9c"), (role.HighlightedText, "#ffffff"),
                      (role.ToolTipBase, "#31363b"), (role.ToolTipText, "#e6e9eb"), (role.Light, "#40464c"),
                      (role.Midlight, "#383d42"), (role.Mid, "#24282b"), (role.Dark, "#1a1d20"),
                      (role.Shadow, "#0f1012"), (role.PlaceholderText, "#8d959c"), (role.Link, "#7ab8d9")):
        palette.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, QColor("#6e757b"))
    return palette


def set_palette(dark: bool) -> None:
    app = QApplication.instance()
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


def fill_store(store, clock) -> None:
    """A few weeks of an ordinary agent's log, ending at the clock's now; the
    agent's own tags are their queue's topics."""
    now = clock.now()
    for tag in ("billing", "delivery", "login"):
        store.put_own_tag(tag)
    for week in range(5, 0, -1):
        start = now - timedelta(weeks=week)
        for i in range(8):
            at = start + timedelta(hours=i)
            rating = (Rating.ROUGH, Rating.OK, Rating.GREAT, Rating.OK)[(i + week) % 4]
            topic = ("billing", "delivery", "login")[(i + week) % 3]
            store.log_call(rating, mood=1 + (i + week) % 5, at=at,
                           tags=("angry", topic) if rating is Rating.ROUGH else ("thanked",) if rating is Rating.GREAT
                           else ())
        store.record_checkin(2 + week % 3, at=start + timedelta(hours=9))
    store.record_selfcheck(42.0, "{}", "sample", at=now - timedelta(weeks=2))
    session = store.start_breath("cyclic_sigh", 60, mood_before=2, at=now - timedelta(minutes=50))
    store.finish_breath(session.id, completed=True, at=now - timedelta(minutes=49))
    store.rate_breath(session.id, 4)
    pause = store.start_break(at=now - timedelta(minutes=40))
    store.end_break(pause, at=now - timedelta(minutes=25))
    store.log_call(Rating.ROUGH, mood=2, tags=("abusive", "escalated"), note="Shouted about the bill",
                   at=now - timedelta(minutes=10))
    store.log_call(Rating.GREAT, mood=5, tags=("compliment",), note="Said I made her day",
                   at=now - timedelta(minutes=5))


def sample(folder: Path):
    """A clock, a store with a few weeks in it, settings and a word card, all in `folder`."""
    from companion.core.clock import FakeClock
    from companion.core.settings import Settings
    from companion.core.store import Store
    from companion.core.words import WordCard

    clock = FakeClock(datetime(2026, 11, 23, 11, 0))
    store = Store(folder / "companion.db", clock)
    fill_store(store, clock)
    return clock, store, Settings(folder / "settings.toml"), WordCard(folder / "words.json")


@dataclass
class Shown:
    name: str
    widget: QWidget  # the top-level window to look at
    # Controls a keyboard user deliberately cannot Tab to, with the reason.
    no_tab: dict[str, str]


def build(name: str, store, settings, clock, card) -> Shown:
    """Build and show one window by name, in the state an agent would see it."""
    return BUILDERS[name](store, settings, clock, card)


def _breathe(store, settings, clock, card) -> Shown:
    from companion.ui.breathe import BreatheWindow

    window = BreatheWindow(Service(store, settings, clock), QuietMic(), card=card)
    window.start()
    clock.advance(2)
    window.tick()
    return Shown("breathe", window, {})


def _breathe_calm(store, settings, clock, card) -> Shown:
    settings.set("reduce_motion", True)  # a steady circle and a progress ring
    shown = _breathe(store, settings, clock, card)
    return Shown("breathe-calm", shown.widget, {})


class UnmutedMic(QuietMic):
    def mute(self) -> MicStatus:
        return NOT_SUPPORTED


def _breathe_unmuted(store, settings, clock, card) -> Shown:
    from companion.ui.breathe import BreatheWindow

    # The microphone could not be muted: the warning at the top.
    window = BreatheWindow(Service(store, settings, clock), UnmutedMic(), card=card)
    window.start()
    return Shown("breathe-unmuted", window, {})


def _breathe_rating(store, settings, clock, card) -> Shown:
    shown = _breathe(store, settings, clock, card)
    shown.widget.end_now()
    return Shown("breathe-rating", shown.widget, {})


def _tag_popup(store, settings, clock, card) -> Shown:
    from companion.ui.log import TagPopup

    popup = TagPopup(Service(store, settings, clock))
    call = store.log_call(Rating.ROUGH)
    popup.show_for(call, TRAY)
    popup.close_timer.stop()
    return Shown("tag-popup", popup, {})


def _nudge(store, settings, clock, card) -> Shown:
    from companion.ui.nudge import NudgeToast, nudge_text

    toast = NudgeToast(settings)
    nudge = store.record_nudge(NudgeReason.ROUGH_STREAK)
    toast.show_nudge(nudge.id, nudge_text(NudgeReason.ROUGH_STREAK, 3, 0), TRAY)
    toast.expire_timer.stop()
    return Shown("nudge", toast, {})


def _after_call(store, settings, clock, card) -> Shown:
    from companion.ui.after_call import AfterCallToast

    toast = AfterCallToast()
    toast.ask_after(6, TRAY)
    toast.expire_timer.stop()
    return Shown("after-call", toast, {})


def _notice(store, settings, clock, card) -> Shown:
    from companion.ui.notice import Notice

    notice = Notice("Companion", "Today's backup of your data could not be made: the disk is full. "
                    "Companion will try again tomorrow.")
    notice.show_near(TRAY)
    notice.close_timer.stop()
    return Shown("notice", notice, {})


def _checkin(store, settings, clock, card) -> Shown:
    from companion.ui.checkin import CheckinPrompt
    from companion.ui.placement import apply_popup_style, place_near_tray, show_without_focus

    prompt = CheckinPrompt(Service(store, settings, clock), tray_rect=lambda: TRAY)
    apply_popup_style(prompt)
    place_near_tray(prompt, TRAY)
    show_without_focus(prompt)
    return Shown("checkin", prompt, {})


def _settings(store, settings, clock, card) -> Shown:
    from companion.ui.settings import SettingsDialog

    dialog = SettingsDialog(settings)
    dialog.tabs.setCurrentIndex(1)  # work hours: times, day buttons and check boxes
    dialog.show()
    return Shown("settings", dialog, {})


def _settings_tags(store, settings, clock, card) -> Shown:
    from companion.ui.settings import SettingsDialog

    dialog = SettingsDialog(settings, service=Service(store, settings, clock))
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # Call tags
    dialog.tag_editor.tag_list.setCurrentRow(0)  # a tag chosen: Rename and Retire are on
    dialog.show()
    return Shown("settings-tags", dialog, {})


def _review_patterns(store, settings, clock, card) -> Shown:
    shown = _review(store, settings, clock, card)
    shown.widget.chart_tabs.setCurrentIndex(1)
    return Shown("review-patterns", shown.widget, {})


def _review(store, settings, clock, card) -> Shown:
    from companion.ui.review import ReviewWindow

    # Two earlier self-checks above the line, for the notes on earlier weeks.
    for weeks, score in ((9, 71.0), (5, 75.0)):
        store.record_selfcheck(score, "{}", "sample", at=clock.now() - timedelta(weeks=weeks))
    window = ReviewWindow(store, settings, clock)
    window.show()
    return Shown("review", window, {})


def _summary(store, settings, clock, card) -> Shown:
    from companion.ui.summary_preview import SummaryPreview

    dialog = SummaryPreview("Companion summary\n\nWeek   Calls  Rough\n2026-W47   8      2\n", ["billing", "delivery"])
    dialog.show()
    return Shown("summary", dialog, {})


def _selfcheck(store, settings, clock, card) -> Shown:
    from companion.ui.selfcheck import SelfCheckDialog

    dialog = SelfCheckDialog(Service(store, settings, clock))
    dialog.show()
    return Shown("selfcheck", dialog, {})


def _selfcheck_result(store, settings, clock, card) -> Shown:
    # A year of earlier scores beside the new one, two of them above the line.
    for weeks, score in ((48, 38.0), (40, 45.0), (32, 71.0), (28, 75.0), (20, 55.0), (12, 46.0), (6, 40.0)):
        store.record_selfcheck(score, "{}", "sample", at=clock.now() - timedelta(weeks=weeks))
    shown = _selfcheck(store, settings, clock, card)
    dialog = shown.widget
    for item in dialog.questionnaire.items:
        dialog.answer(item.id, 1)
    dialog.finish()
    return Shown("selfcheck-result", dialog, {})


def _words(store, settings, clock, card) -> Shown:
    from companion.ui.words import WordsWindow

    window = WordsWindow(card)
    window.show_card()
    return Shown("words", window, {})


def _phrase(store, settings, clock, card) -> Shown:
    from companion.ui.words import PhraseDialog

    dialog = PhraseDialog("Add a phrase", lambda text, instead: None)
    dialog.show()
    return Shown("phrase", dialog, {})


def _confirm(store, settings, clock, card) -> Shown:
    from companion.ui.confirm import ConfirmDialog

    # What History asks before a call goes for good (shown, not waited on).
    dialog = ConfirmDialog("Delete this entry?", "Delete this call from your history? This cannot be undone.",
                           "Delete this call", "Keep it")
    dialog.show()
    return Shown("confirm", dialog, {})


def _history(store, settings, clock, card) -> Shown:
    from companion.ui.history import HistoryWindow

    window = HistoryWindow(Service(store, settings, clock))
    window.show_window()
    window.table.selectRow(0)  # the newest call: its editor shows every control
    return Shown("history", window, {})


def _welcome(store, settings, clock, card) -> Shown:
    from companion.ui.welcome import WelcomeWindow

    window = WelcomeWindow(settings)
    window.show_window()
    return Shown("welcome", window, {})


BUILDERS: dict[str, Callable] = {
    "breathe": _breathe, "breathe-calm": _breathe_calm, "breathe-unmuted": _breathe_unmuted,
    "breathe-rating": _breathe_rating, "tag-popup": _tag_popup, "nudge": _nudge,
    "after-call": _after_call, "notice": _notice, "checkin": _checkin, "settings": _settings,
    "settings-tags": _settings_tags, "review": _review, "review-patterns": _review_patterns, "summary": _summary, "selfcheck": _selfcheck, "selfcheck-result": _selfcheck_result,
    "words": _words, "phrase": _phrase, "history": _history, "welcome": _welcome, "confirm": _confirm,
}


def _main(argv: list[str]) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--prefix", default="looks")
    parser.add_argument("--only", default="")
    parser.add_argument("--text-scale", type=float, default=1.0, help="2 for text at 200 %%")
    args = parser.parse_args(argv)

    app = QApplication([sys.argv[0]])
    set_palette(args.dark)
    if args.text_scale != 1.0:
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * args.text_scale)
        app.setFont(font)
    names = [n for n in args.only.split(",") if n] or list(BUILDERS)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in names:
        # Each window gets its own data, as if it were the first one opened today.
        clock, store, settings, card = sample(Path(tempfile.mkdtemp(prefix="companion-looks-")))
        shown = build(name, store, settings, clock, card)
        for _ in range(5):
            app.processEvents()
        path = args.out / f"{args.prefix}-{name}.png"
        shown.widget.grab().save(str(path))
        print(path, shown.widget.width(), shown.widget.height(), flush=True)
        shown.widget.hide()
        shown.widget.deleteLater()
        app.processEvents()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
