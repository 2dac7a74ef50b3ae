#!/bin/sh
# Regenerate the translation template from every tr() in companion/ and from
# core's English (setting labels, pattern names) listed in core_text.py.
#
#   sh packaging/update_translations.sh [OUT_DIR]
#
# OUT_DIR defaults to companion/translations. It receives core_text.py and
# companion_en.ts; any companion_<lang>.ts already there is updated too (new
# strings added, gone ones dropped) and compiled to companion_<lang>.qm.
# A translator copies companion_en.ts to companion_de.ts, say, and fills it in
# with Qt Linguist (pyside6-linguist).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/companion/translations"}
mkdir -p "$out"
python=${PYTHON:-python3}

# The tools ship inside the PySide6 wheel; the pyside6-* wrappers may not be on PATH.
tool() {
    if command -v "pyside6-$1" >/dev/null 2>&1; then
        echo "pyside6-$1"
    else
        echo "$("$python" -c 'import os, PySide6; print(os.path.dirname(PySide6.__file__))')/$1"
    fi
}
lupdate=$(tool lupdate)
lrelease=$(tool lrelease)

cd "$root"
PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" "$python" -m companion.translations.catalogue "$out/core_text.py"

# Every source file, except a core_text.py left in the tree when OUT_DIR is elsewhere.
sources=$(find companion -name '*.py' ! -path 'companion/translations/core_text.py' | sort)
# shellcheck disable=SC2086 # one word per file name: none has spaces
"$lupdate" -silent -no-obsolete -locations relative -source-language en -target-language en \
    $sources "$out/core_text.py" -ts "$out/companion_en.ts"

for ts in "$out"/companion_*.ts; do
    [ "$ts" = "$out/companion_en.ts" ] && continue
    lang=${ts##*/companion_}
    lang=${lang%.ts}
    # shellcheck disable=SC2086
    "$lupdate" -silent -no-obsolete -locations relative -source-language en -target-language "$lang" \
        $sources "$out/core_text.py" -ts "$ts"
    "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
echo "$out/companion_en.ts: $(grep -c '<message' "$out/companion_en.ts") messages"
