"""The real app on a real Wayland desktop: headless sway, waybar's tray and
mako's notifications (tests/sway_desktop.py), all run as a second local user.
On Wayland a program cannot keep a window of its own from taking the
keyboard, so whatever Companion shows unasked - the follow-ups of a call a
script logged, the nudge - must go out as desktop notifications and leave the
focus with the window the agent is typing in. Breathe, opened from the icon,
mutes the user's own PulseAudio's "headset microphone" (a null source) and
closing it puts it back. Screenshots are saved as test-artifacts/sway-*.png
for looking at."""

from __future__ import annotations

import time

from e2e_helpers import distinct_colours, wait_until
from sway_desktop import APP_ID, WATCHER, sway_desktop, users  # noqa: F401 - fixtures

ITEM = "org.kde.StatusNotifierItem"
NUDGE = "A moment for you"


def companion_items(desktop) -> list[tuple[str, str]]:
    """(bus name, object path) of each item waybar's watcher lists that belongs to Companion's process."""
    registered = desktop.bus_property(WATCHER, "/StatusNotifierWatcher", WATCHER, "RegisteredStatusNotifierItems")
    found = []
    for entry in registered:
        name, _, path = entry.partition("/")
        if desktop.bus_daemon("GetConnectionUnixProcessID", "s", name) == [desktop.app.pid]:
            found.append((name, "/" + path if path else "/StatusNotifierItem"))
    return found


def companion_notes(desktop) -> list[dict]:
    return [note for note in desktop.notifications() if note.get("app-name") == "Companion"]


def start_crm(desktop) -> dict:
    """A focused typing window: a terminal writing what is typed into a file."""
    typed = desktop.home / "typed.txt"
    desktop.start("crm", "foot", "--app-id", "crm", "--title", "CRM", "sh", "-c", f"cat > {typed}")
    return wait_until(lambda: (w := desktop.focused()) and w["app_id"] == "crm" and w,
                      "the CRM window to have focus", watch={"crm": desktop.processes.running["crm"]},
                      logs=desktop.logs)


def test_the_icon_is_registered_with_waybars_tray(sway_desktop):
    desktop = sway_desktop
    app = desktop.start_companion()
    [(name, path)] = wait_until(lambda: companion_items(desktop), "Companion's item in the watcher's list",
                                watch={"companion": app}, logs=desktop.logs)
    assert desktop.bus_property(name, path, ITEM, "Status") in ("Active", "NeedsAttention")
    assert "Companion" in desktop.bus_property(name, path, ITEM, "Title")
    # waybar draws it: the tray's corner of the bar holds more than the bar's flat colour.
    corner = (1280 - 40, 0, 40, 30)  # the bar is 30 px high, the tray at its right end
    wait_until(lambda: distinct_colours(desktop.screenshot("sway-tray.png"), corner) >= 8,
               "waybar to draw the icon", logs=desktop.logs)
    assert app.poll() is None, desktop.processes.log("companion")


def test_activate_on_the_item_opens_breathe_with_the_microphone_muted(sway_desktop):
    desktop = sway_desktop
    pulse = desktop.start_pulse()  # the user's sound server, before Companion starts, as at a login
    app = desktop.start_companion()
    [(name, path)] = wait_until(lambda: companion_items(desktop), "Companion's item in the watcher's list",
                                watch={"companion": app}, logs=desktop.logs)
    assert desktop.window_titled("Breathe") is None
    assert pulse.mute_of() == "Mute: no"  # the agent's microphone, live before the break
    # What a left click on the icon in waybar sends.
    desktop.run("busctl", "--user", "call", name, path, ITEM, "Activate", "ii", "0", "0")
    breathe = wait_until(lambda: desktop.window_titled("Breathe"), "the Breathe window", watch={"companion": app},
                         logs=desktop.logs)
    assert breathe["app_id"] == APP_ID and breathe["shell"] == "xdg_shell"
    rect = breathe["rect"]
    assert rect["width"] >= 200 and rect["height"] >= 200, breathe
    # The one action muted it: the sound server itself says so, while Breathe is on screen.
    wait_until(lambda: pulse.mute_of() == "Mute: yes", "the microphone to be muted while Breathe runs",
               timeout=10, watch={"companion": app}, logs=desktop.logs)
    wait_until(lambda: distinct_colours(desktop.screenshot("sway-breathe.png"),
                                        (rect["x"], rect["y"], rect["width"], rect["height"])) >= 64,
               "the Breathe window to paint", logs=desktop.logs)
    assert desktop.window_titled("Breathe")["id"] == breathe["id"] and pulse.mute_of() == "Mute: yes"
    # Closed as its title bar's x or sway's kill binding closes it (mid-session), the microphone comes back.
    desktop.run("swaymsg", f"[con_id={breathe['id']}] kill")
    wait_until(lambda: desktop.window_titled("Breathe") is None, "Breathe to close", watch={"companion": app},
               logs=desktop.logs)
    wait_until(lambda: pulse.mute_of() == "Mute: no", "the microphone to be put back after Breathe",
               timeout=10, watch={"companion": app}, logs=desktop.logs)
    assert app.poll() is None, desktop.processes.log("companion")


def test_a_rough_calls_follow_ups_leave_the_focus_with_the_crm(sway_desktop):
    desktop = sway_desktop
    app = desktop.start_companion()
    crm = start_crm(desktop)
    before = {w["id"] for w in desktop.companion_windows()}
    for _ in range(3):  # three rough calls from a softphone script
        done = desktop.companion("log", "rough")
        assert done.returncode == 0, done.stderr

    # Watch for a while: nothing of Companion's may take a window, or the focus, unasked.
    appeared, focus_lost, shot_taken = {}, [], False
    call_notes = []
    started = time.monotonic()
    while time.monotonic() - started < 10:
        for window in desktop.companion_windows():
            if window["id"] not in before and window["id"] not in appeared:
                appeared[window["id"]] = window
                if not shot_taken:
                    desktop.screenshot("sway-rough-call.png")
                    shot_taken = True
        focused = desktop.focused()
        if focused is None or focused["id"] != crm["id"]:
            focus_lost.append(focused and focused["name"])
        # The call's own follow-up (the tag question), not the nudge that may come after it.
        call_notes = [n for n in companion_notes(desktop) if n.get("summary") != NUDGE]
        if call_notes and time.monotonic() - started > 4:
            break
        time.sleep(0.1)
    if not shot_taken:
        desktop.screenshot("sway-rough-call.png")

    problems = []
    if appeared:
        problems.append("Companion opened windows of its own: " + ", ".join(
            f"{w['name']!r}{' (focused)' if w['focused'] else ''}" for w in appeared.values()))
    if focus_lost:
        problems.append(f"the CRM lost the focus to {sorted(set(map(str, focus_lost)))}")
    if not call_notes:
        problems.append(f"no notification from Companion for the call (mako shows {desktop.notifications()})")
    assert not problems, "After three logged rough calls: " + "; ".join(problems)
    assert desktop.focused()["id"] == crm["id"]
    [note] = call_notes  # each newer call's notification replaced the one before
    assert note["summary"] == "Rough call logged" and {"tags", "undo"} <= set(note["actions"]), note

    # Asked for with the notification's button, the tag popup opens (and may take the keys now).
    desktop.run("makoctl", "invoke", "-n", str(note["id"]), "tags")
    wait_until(lambda: [w for w in desktop.companion_windows() if w["id"] not in before], "the tag popup, asked for",
               watch={"companion": app}, logs=desktop.logs)
    assert app.poll() is None, desktop.processes.log("companion")


def test_a_nudge_is_a_notification_whose_breathe_action_opens_breathe(sway_desktop):
    desktop = sway_desktop
    # The tag popup (a window of its own today) closes by itself soonest; the nudge waits for it.
    app = desktop.start_companion('popup_seconds = 3\n')
    for _ in range(3):  # the default threshold: three rough calls in a row
        done = desktop.companion("log", "rough")
        assert done.returncode == 0, done.stderr
    nudge = wait_until(lambda: next((n for n in companion_notes(desktop) if n.get("summary") == NUDGE), None),
                       "the nudge as a mako notification", timeout=20, watch={"companion": app}, logs=desktop.logs)
    assert "3 rough calls" in nudge["body"], nudge
    assert "breathe" in nudge["actions"], nudge
    desktop.screenshot("sway-nudge.png")
    assert desktop.window_titled("Breathe") is None

    desktop.run("makoctl", "invoke", "-n", str(nudge["id"]), "breathe")
    breathe = wait_until(lambda: desktop.window_titled("Breathe"), "the Breathe window from the nudge's action",
                         watch={"companion": app}, logs=desktop.logs)
    assert breathe["app_id"] == APP_ID
    wait_until(lambda: not any(n["id"] == nudge["id"] for n in desktop.notifications()), "the nudge to go")
    desktop.screenshot("sway-nudge-breathe.png")
    assert app.poll() is None, desktop.processes.log("companion")
