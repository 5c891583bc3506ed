"""Opening the data file: where it really is, the writer's lock, and the first read.

Each step answers a failure in words a family can act on (`StoreError` and its kinds);
the Store is built from what `read_data_file` returns.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import reintegrate.store.migrations as migrations
from reintegrate.store.checks import Damage, _parse, newest_good_backup, parse_one_student
from reintegrate.store.errors import DataFileDamaged, DataFileTooNew, StoreError
from reintegrate.store.files import (  # noqa: F401 (data_path, lock_for_writing: opened here)
    check_single_name,
    data_path,
    lock_for_writing,
    unreadable,
)
from reintegrate.store.storage import META_TABLE, atomic_write, encode, reason

SCHEMA_VERSION = migrations.CURRENT_VERSION


@contextmanager
def damage_reported(path: Path) -> Iterator[None]:
    """A file too new or damaged, found while reading or validating it, said as such."""
    try:
        yield
    except migrations.TooNew as exc:
        raise DataFileTooNew(path, str(exc)) from None
    except Damage as exc:
        raise DataFileDamaged(path, str(exc), newest_good_backup(path)) from None


def read_data_file(path: Path, *, read_only: bool, keys: bool = True) -> tuple[dict, bytes]:
    """The file's tables and its bytes as read; a new, empty file when there is none yet.
    `keys=False`: repeated keys are left for the store's `verify` (`checks.check_keys`)."""
    data, raw, _, _ = _read(path, read_only=read_only, keys=keys)
    return data, raw


def read_one_student(path: Path, meta_key: str) -> tuple[dict, bytes, str | None, dict | None]:
    """As `read_data_file(path, read_only=True, keys=False)`, but with only the attempts
    and days of the student the meta table's `meta_key` names, when the file can be read
    so (`checks.parse_one_student`); with that student's id, or None (everyone's), and
    their attempts and days validated already by kind, or None (in the tables)."""
    return _read(path, read_only=True, keys=False, one_student=meta_key)


def _read(path: Path, *, read_only: bool, keys: bool,
          one_student: str | None = None) -> tuple[dict, bytes, str | None, dict | None]:
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder is where the data file should be")
        # Never waits on a FIFO or reads a device for ever: only a regular file is read.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise DataFileDamaged(path, "it is not a regular file (a pipe or a device)", newest_good_backup(path))
            check_single_name(path, info.st_nlink)
            raw = file.read()
    except FileNotFoundError:
        if read_only:
            raise StoreError(f"There is no data file at {path} yet.") from None
        data = {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}}
        payload = encode(data)
        try:
            atomic_write(path, payload)
        except OSError as exc:
            raise StoreError(f"Could not create the data file {path}: {reason(exc)}.") from None
        return data, payload, None, None
    except PermissionError:
        raise unreadable(path) from None
    except OSError as exc:
        why = exc.strerror if exc.errno == errno.EISDIR else reason(exc)
        raise DataFileDamaged(path, f"it cannot be read ({why})", newest_good_backup(path)) from None
    with damage_reported(path):
        if one_student is not None:
            data, student_id, validated = parse_one_student(raw, one_student)
            return data, raw, student_id, validated
        return _parse(raw, keys=keys), raw, None, None
