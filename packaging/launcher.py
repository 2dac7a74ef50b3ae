"""Entry point of the packaged app: the same `companion` command as a pip install."""

import sys

from companion.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
