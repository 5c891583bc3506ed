"""A save that fails part way must leave the old file, say so plainly, and keep the
store's memory equal to the file, so the next save neither loses nor resurrects
anything. Each failure is injected at one chosen OS call of the save."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from reintegrate.models import Attempt, DayKind, DayStatus, Household, Student
from reintegrate.store import SaveFailed, Store
from reintegrate.store.paths import backup_dir

TODAY = date(2026, 11, 2)  # a Monday in term time, as in conftest.py

SECRET = "I hate the corridor by the hall"  # record content: must never reach a message


class Fault:
    """Make one kind of OS call fail when it touches the data file's or a backup's
    temporary, as a full disk, a failing drive or a network folder would."""

    def __init__(self, monkeypatch, data_file: Path, call: str, target: str, code: int):
        self.data_file, self.target, self.code, self.fired = data_file, target, code, 0
        real = getattr(os, call)
        wrapper = getattr(self, f"_{call}")
        monkeypatch.setattr(os, call, lambda *args, **kwargs: wrapper(real, *args, **kwargs))

    def _hits(self, path) -> bool:
        path = Path(os.fsdecode(path))
        if self.target == "data":
            return path.parent == self.data_file.parent and path.name.startswith(f".{self.data_file.name}.")
        return path.parent == backup_dir(self.data_file)

    def _fail(self, filename=None):
        self.fired += 1
        raise OSError(self.code, os.strerror(self.code), filename)

    def _fd_hits(self, fd: int) -> bool:
        try:
            return self._hits(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            return False

    def _write(self, real, fd, data):
        if self._fd_hits(fd):
            self._fail()
        return real(fd, data)

    def _fsync(self, real, fd):
        if self._fd_hits(fd):
            self._fail()
        return real(fd)

    def _close(self, real, fd):
        hits = self._fd_hits(fd)
        real(fd)  # the descriptor is gone either way, as with a real close error
        if hits:
            self._fail()

    def _open(self, real, path, flags, *args, **kwargs):
        if flags & os.O_CREAT and self._hits(path):
            self._fail(os.fsdecode(path))
        return real(path, flags, *args, **kwargs)

    def _replace(self, real, src, dst, *args, **kwargs):
        if self._hits(src):
            self._fail(os.fsdecode(dst))
        return real(src, dst, *args, **kwargs)


POINTS = {
    "disk-full-writing-the-file": ("write", "data", errno.ENOSPC),
    "disk-full-writing-the-backup": ("write", "backup", errno.ENOSPC),
    "fsync-fails-on-the-file": ("fsync", "data", errno.EIO),
    "fsync-fails-on-the-backup": ("fsync", "backup", errno.EIO),
    "close-fails-on-the-file": ("close", "data", errno.EIO),
    "temporary-cannot-be-created": ("open", "data", errno.EACCES),
    "backup-cannot-be-created": ("open", "backup", errno.EROFS),
    "rename-fails": ("replace", "data", errno.EBUSY),
    "backup-rename-fails": ("replace", "backup", errno.EXDEV),
}


def _operations(
    make_student, make_attempt, student: Student, attempts: list[Attempt]
) -> dict[str, Callable[[Store], None]]:
    newcomer = make_student("Ola")

    def batch(store: Store) -> None:
        with store.batch():
            store.put(make_attempt(student, step=2, child_words=SECRET))
            store.delete(Attempt, attempts[0].id)
            store.set_meta("current_student_id", None)

    return {
        "put-new": lambda s: s.put(make_attempt(student, step=1, child_words=SECRET)),
        "put-replacing": lambda s: s.put(attempts[1].model_copy(update={"child_words": SECRET})),
        "delete": lambda s: s.delete(Attempt, attempts[2].id),
        "put-many": lambda s: s.put_many([newcomer, make_attempt(newcomer, child_words=SECRET)]),
        "batch": batch,
        "set-meta": lambda s: s.set_meta("current_student_id", "someone-else"),
        "replace-all": lambda s: s.replace_all(Household(students=[newcomer])),
        "delete-student": lambda s: s.delete_student(student.id),
    }


OPERATIONS = ["put-new", "put-replacing", "delete", "put-many", "batch", "set-meta", "replace-all", "delete-student"]


def _snapshot(store: Store) -> tuple:
    return store.household().model_dump(mode="json"), store.meta("current_student_id")


def _reopened(path: Path) -> tuple:
    with Store.open(path, read_only=True, today=TODAY) as store:
        return _snapshot(store)


def _leftovers(data_file: Path) -> list[Path]:
    folders = [data_file.parent, backup_dir(data_file)]
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture
def household_file(data_file, make_student, make_attempt):
    """A file written in yesterday's session, so today's first write makes a backup."""
    student = make_student("Mina")
    attempts = [make_attempt(student, on=TODAY - timedelta(n), notes=f"day {n}") for n in (3, 2, 1)]
    with Store.open(data_file, today=TODAY - timedelta(1)) as store:
        store.put_many([student, *attempts, DayStatus(student_id=student.id, on=TODAY, kind=DayKind.ill)])
        store.set_meta("current_student_id", student.id)
    return data_file, student, attempts


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_failed_save_changes_nothing_and_the_next_save_works(
    household_file, monkeypatch, point, operation, make_student, make_attempt
):
    data_file, student, attempts = household_file
    before_bytes = data_file.read_bytes()
    store = Store.open(data_file, today=TODAY)
    before = _snapshot(store)
    call, target, code = POINTS[point]

    with monkeypatch.context() as patch:
        fault = Fault(patch, data_file, call, target, code)
        with pytest.raises(SaveFailed) as caught:
            _operations(make_student, make_attempt, student, attempts)[operation](store)
    assert fault.fired == 1

    message = str(caught.value)
    assert str(data_file) in message and os.strerror(code) in message
    assert "Nothing was changed" in message
    assert "Errno" not in message and "Traceback" not in message and SECRET not in message
    if target == "backup":
        assert "backup" in message

    assert data_file.read_bytes() == before_bytes
    assert _snapshot(store) == before == _reopened(data_file)
    assert _leftovers(data_file) == []

    # The next save lands, carries the backup it owed, and brings nothing of the
    # failed one back with it.
    later = make_attempt(student, step=3, notes="after the failure")
    store.put(later)
    store.close()
    household, current = _reopened(data_file)
    assert current == before[1]
    assert household["attempts"] == sorted(
        [*before[0]["attempts"], later.model_dump(mode="json")], key=lambda a: (a["on"], a["id"])
    )
    assert {k: v for k, v in household.items() if k != "attempts"} == {
        k: v for k, v in before[0].items() if k != "attempts"
    }
    assert (backup_dir(data_file) / f"reintegrate.{TODAY}.json").read_bytes() == before_bytes


@pytest.mark.parametrize("point", [p for p, (_, target, _) in POINTS.items() if target == "data"])
def test_a_failure_after_earlier_saves_in_the_session_keeps_those_saves(
    household_file, monkeypatch, point, make_attempt
):
    data_file, student, _ = household_file
    store = Store.open(data_file, today=TODAY)
    kept = make_attempt(student, step=1)
    store.put(kept)
    before_bytes, before = data_file.read_bytes(), _snapshot(store)
    with monkeypatch.context() as patch:
        Fault(patch, data_file, *POINTS[point])
        with pytest.raises(SaveFailed):
            store.put(make_attempt(student, step=2))
    assert data_file.read_bytes() == before_bytes
    assert _snapshot(store) == before == _reopened(data_file)
    assert store.get(Attempt, kept.id) == kept
    store.close()
