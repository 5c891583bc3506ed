"""The files beside the data file: the writer's lock and leftover temporaries."""

from __future__ import annotations

import glob
import logging
import os
import stat
from pathlib import Path

from reintegrate.store.errors import DataFileLocked
from reintegrate.store.paths import backup_dir, lock_file
from reintegrate.store.storage import reason

log = logging.getLogger(__name__)


def _take_lock(path: Path) -> int:
    import fcntl

    fd = os.open(lock_file(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DataFileLocked(path) from None
    return fd


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporaries left by a save that was killed before its rename.

    Each is a whole copy of the family's records; with the lock held no other writer
    can be using them. Called only by the writer, after taking the lock. Tidying up
    never stops the app: a failure here is only logged.
    """
    try:
        stale = [*path.parent.glob(f".{glob.escape(path.name)}.*.tmp")]
        folder = backup_dir(path)
        if folder.is_dir():
            stale += folder.glob(f".{glob.escape(path.stem)}.*.json.*.tmp")
        for leftover in stale:
            leftover.unlink()
    except OSError as exc:
        log.warning("Could not remove leftover temporary files beside %s: %s", path, reason(exc))


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
