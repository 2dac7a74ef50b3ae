"""Writing and setting aside the user's files safely, in one place.

Every file Companion writes holds something personal, so each is written
whole or not at all (temporary file, fsync, rename, fsync of the folder) and
is readable by the user only. A file that cannot be read is never deleted:
it is moved to a free, timestamped name next to where it was."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

# SQLite keeps these beside a database; they belong with it wherever it goes.
SIDE_FILES = ("-wal", "-shm")


def write_private(path: Path | str, content: str | bytes) -> Path:
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if os.name == "posix":
            os.chmod(temporary, 0o600)  # an existing temporary may have had other bits
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
    return path


def sync_folder(folder: Path) -> None:
    # The rename itself must reach the disk, or a power cut can undo it.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def set_aside(path: Path, label: str = "", after: str = "") -> Path:
    """Move `path` to e.g. companion-damaged-20261123-090000.db (label "damaged")
    or settings-20261123-090000.toml.bak (after ".bak"); a second one in the
    same second gets -2, -3, …. Returns the new name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    middle = f"-{label}-{stamp}" if label else f"-{stamp}"
    kept = path.with_name(f"{path.stem}{middle}{path.suffix}{after}")
    number = 2
    while kept.exists():
        kept = path.with_name(f"{path.stem}{middle}-{number}{path.suffix}{after}")
        number += 1
    os.replace(path, kept)
    for side in SIDE_FILES:
        extra = path.with_name(path.name + side)
        if extra.exists():
            os.replace(extra, kept.with_name(kept.name + side))
    return kept


# Companion's own JSON files (phrases, the self-check) are a few kilobytes.
JSON_MAX_BYTES = 1_000_000


def read_json(path: Path | str, max_bytes: int = JSON_MAX_BYTES) -> object:
    """The JSON in `path`. ValueError, in words, for a file that is too large,
    not UTF-8, not JSON, or nested so deeply that parsing it would exhaust
    the interpreter's stack; OSError when it cannot be read."""
    with open(path, "rb") as source:
        raw = source.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValueError(f"it is larger than {max_bytes} bytes, far more than this file ever needs")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("it is nested too deeply to be read") from None
