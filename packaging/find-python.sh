#!/bin/sh
# Prints the command of a Python new enough for Companion (3.11 or later):
# python3 itself on Debian 12+/Ubuntu 23.04+, python3.11 beside it on older
# releases (Ubuntu 22.04's own python3 is 3.10; system-deps.sh installs 3.11).
for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        command -v "$candidate"
        exit 0
    fi
done
echo "Companion needs Python 3.11 or later; install it with your package manager." >&2
exit 1
