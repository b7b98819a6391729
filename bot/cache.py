"""Where trained models are kept between runs, and the lock that makes processes starting together
train once: the intent model (bot/dialogue/intents.py) and the photo reader's glyph classifier
(bot/vision/glyphs.py) are trained on first use and read from here afterwards."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("PARTSBOT_CACHE_DIR") or Path.home() / ".cache" / "partsbot")


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` while held (released by the system if the process dies), so one
    process trains and the others wait for its file; none where the cache folder cannot be written —
    then each process trains for itself."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = path.open("a")
    except OSError:
        yield
        return
    with file:
        fcntl.flock(file, fcntl.LOCK_EX)
        yield
