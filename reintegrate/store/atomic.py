"""Atomic file replacement, and OS errors in plain words.

Every file this program writes is written to a temporary file beside its target,
flushed and fsynced, renamed over it, and the folder fsynced: a crash leaves the old
file or the new one, never a torn one. Apart from `reintegrate.store.storage` (the
TinyDB storage built on it) so that the launcher can take the lock and write without
loading TinyDB before the first paint.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("reintegrate.store.storage")


def reason(exc: OSError) -> str:
    """An OSError in plain words ('No space left on device'), never a file's content."""
    return os.strerror(exc.errno) if exc.errno else str(exc)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)



def atomic_write(path: Path, payload: bytes | Sequence[bytes]) -> None:
    """Write a temporary file beside `path`, fsync it, rename it over, fsync the folder.

    A crash at any point leaves either the old file or the new one, never a torn one.
    `payload` may be given in pieces, written one after another, so a large file never
    has to be joined into one more copy in memory first.
    """
    # An unpredictable name, created exclusively and never through a link (mkstemp:
    # O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600): in a folder others can write to, nobody can
    # plant the temporary beforehand and have a child's records written into their file.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        try:
            for piece in [payload] if isinstance(payload, bytes) else payload:
                view = memoryview(piece)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(tmp)  # write and fsync errors name no file: say which one
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        # The rename has happened and every reader now sees the new file, so this save
        # must not be reported as "nothing changed" (memory would then disagree with
        # the file). Only its survival of a power cut in the next seconds is less sure.
        log.warning("Saved %s, but its folder could not be synced: %s", path, reason(exc))
