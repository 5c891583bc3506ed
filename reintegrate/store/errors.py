"""What can go wrong with the data file, each said in words a family can act on."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from reintegrate.store.atomic import reason
from reintegrate.store.paths import backup_dir


class StoreError(Exception):
    """A problem with the data file, worded for the person at the keyboard."""


class DataFileDamaged(StoreError):
    def __init__(self, path: Path, reason: str, backup: Path | None):
        self.path, self.reason, self.backup = path, reason, backup
        lines = [
            f"The data file {path} could not be opened: {reason}",
            "Nothing has been changed: the file is exactly as it was.",
        ]
        if backup is not None:
            lines += [
                f"The newest good backup is {backup}.",
                "To restore it, close reintegrate and copy the backup over the file:",
                f"    cp {shlex.quote(str(backup))} {shlex.quote(str(path))}",
                "(keep the damaged file somewhere first if you want to try to rescue it).",
            ]
        else:
            lines.append("No good backup was found beside it.")
        super().__init__("\n".join(lines))


class DataFileTooNew(DataFileDamaged):
    """Written by a newer reintegrate. Nothing is wrong with it: no restore advice,
    which would send a family back to older records for no reason."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason, self.backup = path, reason, None
        StoreError.__init__(
            self,
            f"The data file {path} could not be opened: {reason}.\n"
            "Nothing has been changed: the file is exactly as it was.",
        )


class DataFileUnreadable(StoreError):
    """The permissions keep the family out of a file that may be perfectly good: the fix
    is the permissions, not an older backup."""


class DataFileLocked(StoreError):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"The data file {path} is already open in another reintegrate window. "
            "Close that one first, so the two cannot overwrite each other's records."
        )


class ReadOnlyStore(StoreError):
    def __init__(self, path: Path):
        super().__init__(f"The data file {path} was opened read-only; nothing can be saved.")


class ChangedElsewhere(StoreError):
    """The file no longer holds the bytes this store read or last wrote: another program
    rewrote or replaced it under the writer's lock (a backup copied over it, a copy
    moved back over it). Writing now would silently undo that; nothing was written."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"Nothing was saved: the data file {path} was changed by another program since "
            "reintegrate read it, and saving would have undone that change."
        )


class SaveFailed(StoreError):
    def __init__(self, path: Path, error: OSError):
        self.error = error
        why = reason(error)
        folder = backup_dir(path)
        failed = Path(os.fsdecode(error.filename)) if error.filename else None
        if failed is not None and folder in (failed, failed.parent):
            # The backup made before the first save failed: say so, or the family
            # would look for a fault in a data file that is fine.
            why = f"the backup could not be written in {folder} ({why})"
        super().__init__(
            f"Could not save to {path}: {why}. Nothing was changed; "
            "the file still holds what was last saved."
        )
