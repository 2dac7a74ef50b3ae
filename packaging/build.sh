#!/bin/sh
# Builds the one-folder app into dist/companion/ with PyInstaller and runs
# its self-test (start, show the tray icon, quit).
#   sh packaging/build.sh            build and self-test
#   sh packaging/build.sh --no-test  build only
# Needs: python3 -m pip install pyinstaller, plus Companion's own dependencies.
set -eu
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"

start=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/companion.spec
echo "Built dist/companion/ in $(( $(date +%s) - start )) s ($(du -sh dist/companion | cut -f1))."

[ "${1:-}" = "--no-test" ] && exit 0
dist/companion/companion self-test
