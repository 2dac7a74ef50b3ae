"""Handing freed memory back to the system.

Python and SQLite free what the start used (its reads, its page cache), but
glibc's allocator keeps freed pages inside its heap for reuse, so a tray app
that then idles for hours still holds them. malloc_trim(0) returns every
whole free page. Only glibc has it; elsewhere this does nothing."""

from __future__ import annotations

import sys


def give_back_freed_memory() -> bool:
    """True if the allocator was asked to return its free pages."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # already loaded on X11 (key grabs, idle time); cheap elsewhere

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the libc this process already uses
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True
