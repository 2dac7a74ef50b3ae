#!/bin/sh
# Installs the Debian/Ubuntu packages Companion needs beyond Python: pipx and
# venv (Debian 12+ and Ubuntu 23.04+ refuse pip installs into the system
# Python), GLib and the X11/EGL libraries Qt loads (libxss1: the idle time for
# breaks taken away from the keyboard), the Wayland client libraries Qt's
# wayland plugin loads, and with --test the tools
# the test suite drives (virtual screen, tray host, PulseAudio and PipeWire
# with WirePlumber and its pulse server - the microphone tests run on both -,
# D-Bus, and GLib's Python bindings for the test desktop portal; sway, waybar,
# mako, foot and grim for the Wayland desktop, with systemd for busctl, which
# makoctl calls). PipeWire installs beside PulseAudio; the tests start each
# privately. Also with --test, where the release has them, the two break
# reminders the benchmark measures as reference rows (benchmarks/peers.py):
# Workrave, and Safe Eyes with the AppIndicator typelib its tray icon needs
# (a Recommends, which --no-install-recommends would leave out). Debian 13 has
# no Safe Eyes: the benchmark then says so in its row.
# Does nothing on other systems or when everything is already there.
set -eu

run_packages="python3-venv pipx libglib2.0-0 libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
libx11-xcb1 libxss1 libfontconfig1 libdbus-1-3 fonts-dejavu-core pulseaudio-utils libwayland-client0
libwayland-cursor0 libwayland-egl1 libxkbcommon0"
# binutils: PyInstaller reads the libraries it bundles with objdump.
test_packages="xvfb trayer openbox xdotool x11-utils imagemagick pulseaudio pipewire pipewire-pulse wireplumber
pipewire-bin dbus dbus-x11 notification-daemon desktop-file-utils appstream binutils python3-gi sway waybar
mako-notifier foot grim systemd"

# About 19 MB to download on Debian 12 next to the test packages (64 MB installed).
peer_packages="workrave safeeyes gir1.2-ayatanaappindicator3-0.1"

wanted="$run_packages"
optional=""
[ "${1:-}" = "--test" ] && wanted="$run_packages $test_packages" && optional="$peer_packages"
# PyInstaller (the packaging test) bundles the Python library itself.
if [ "${1:-}" = "--test" ] && python=$(sh "$(dirname "$0")/find-python.sh" 2>/dev/null); then
    wanted="$wanted libpython$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
fi
# Ubuntu 22.04's python3 is 3.10; Companion needs 3.11, which it offers beside it.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    wanted="$wanted python3.11 python3.11-venv"
fi

command -v dpkg-query >/dev/null 2>&1 || {
    echo "Not a Debian-like system: install pipx (or python3 with venv) and Qt's X11 libraries with your package manager."
    exit 0
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

# Debian 13 and Ubuntu 24.04 renamed some libraries with a t64 suffix (the
# 64-bit time_t move); either name means the library is there.
missing=""
for package in $wanted; do
    installed "$package" || installed "${package}t64" || missing="$missing $package"
done
# An optional package counts as missing only where apt knows it: a release
# without it must not make every run update apt's lists.
available() {
    apt-cache show "$1" >/dev/null 2>&1
}
unlisted=""
for package in $optional; do
    installed "$package" && continue
    if available "$package"; then missing="$missing $package"; else unlisted="$unlisted $package"; fi
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
# `sudo` drops most of the environment, so the variable goes on apt's own
# command line: no debconf questions and no debconf chatter.
apt_get() {
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

echo "Installing system packages (needs sudo):$missing"
apt_get update -qq
# Lists that were empty or old before the update may know them now.
for package in $unlisted; do
    if available "$package"; then missing="$missing $package"; else echo "Not in this release, left out: $package"; fi
done

# Ask apt which name this release uses for each package (t64 or not).
names=""
for package in $missing; do
    if apt-cache show "${package}t64" >/dev/null 2>&1; then
        names="$names ${package}t64"
    else
        names="$names $package"
    fi
done

# apt's errors stay visible; its progress lines and debconf's notes
# ("delaying package configuration") do not.
errors=$(mktemp)
progress=$(mktemp)
trap 'rm -f "$errors" "$progress"' EXIT
status=0
apt_get install -y -qq --no-install-recommends $names >"$progress" 2>"$errors" || status=$?
grep -v '^debconf: ' "$errors" >&2 || true
if [ "$status" -ne 0 ]; then
    # A failing install script writes its reasons among the progress lines.
    tail -n 25 "$progress" >&2
    echo "Installing the system packages failed (apt-get exit $status); see the messages above." >&2
    exit "$status"
fi
