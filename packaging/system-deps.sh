#!/bin/sh
# Installs the Debian/Ubuntu packages Companion needs beyond Python:
# the X11/EGL libraries Qt's xcb plugin loads, and with --test the tools
# the test suite drives (virtual screen, tray host, PulseAudio, D-Bus).
# Does nothing on other systems or when everything is already there.
set -eu

run_packages="libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
libfontconfig1 libdbus-1-3 fonts-dejavu-core pulseaudio-utils"
test_packages="xvfb trayer xdotool x11-utils imagemagick pulseaudio dbus dbus-x11
notification-daemon desktop-file-utils appstream"

wanted="$run_packages"
[ "${1:-}" = "--test" ] && wanted="$run_packages $test_packages"

command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian-like system: install Qt's X11 libraries yourself."; exit 0; }

missing=""
for package in $wanted; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
