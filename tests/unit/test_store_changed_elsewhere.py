"""A file changed under an open store by another program is never silently written
over: a copy edited elsewhere and moved back over it, or a backup copied over it.
Before every save the store checks, under the lock, that the file still holds the
bytes it read or last wrote; if not, nothing is saved and it can read the file again."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import date, timedelta

import pytest

from reintegrate.models import Contact
from reintegrate.store import ChangedElsewhere, DataFileDamaged, Store
from reintegrate.store.paths import backup_dir

TODAY = date(2026, 11, 2)  # a Monday in term time, as in conftest.py


def _edited_copy(path, student):
    """A copy of the data file with a contact added, edited under another name (the
    open store holds the lock of `path`), as `reintegrate letter --log --data COPY`."""
    copy = path.with_name("copy.json")
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o600)
    contact = Contact(student_id=student.id, on=TODAY, person="Ms Reid", summary="Asked for a meeting")
    with Store.open(copy, today=TODAY) as other:
        other.put(contact)
    return copy, contact


def test_a_copy_moved_back_over_the_file_is_not_overwritten(data_file, student, make_attempt):
    store = Store.open(data_file, today=TODAY)
    store.put(student)
    copy, contact = _edited_copy(data_file, student)
    os.replace(copy, data_file)  # `mv copy.json reintegrate.json` while the store is open
    theirs = data_file.read_bytes()

    attempt = make_attempt(student)
    with pytest.raises(ChangedElsewhere) as raised:
        store.put(attempt)
    assert "Nothing was saved" in str(raised.value)
    assert data_file.read_bytes() == theirs  # the other program's change is intact
    assert store.get(type(attempt), attempt.id) is None  # and memory says what the file says

    store.reload()
    assert [c.id for c in store.all(Contact)] == [contact.id]
    store.put(attempt)  # on top of what is there now: both kept
    store.close()
    with Store.open(data_file, read_only=True, today=TODAY) as again:
        assert [c.id for c in again.all(Contact)] == [contact.id]
        assert [a.id for a in again.attempts(student.id)] == [attempt.id]


def test_a_backup_copied_over_the_open_file_is_not_undone(data_file, student, make_attempt):
    # Restoring a backup with `cp` writes into the same file (same inode).
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    later = TODAY + timedelta(1)
    store = Store.open(data_file, today=later)
    store.put(make_attempt(student, on=later))  # the day's backup: the file before this
    backup = backup_dir(data_file) / f"reintegrate.{later}.json"
    with open(data_file, "r+b") as file:  # as cp does: truncate, write in place
        file.truncate(0)
        file.write(backup.read_bytes())
    with pytest.raises(ChangedElsewhere):
        store.put(make_attempt(student, on=later, step=1))
    assert data_file.read_bytes() == backup.read_bytes()
    store.reload()
    assert store.attempts(student.id) == []  # the restored records, as the family chose
    store.close()


def test_the_same_bytes_written_again_are_no_change(data_file, student, make_attempt):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        same = data_file.read_bytes()
        data_file.with_name("same.json").write_bytes(same)
        os.replace(data_file.with_name("same.json"), data_file)  # new inode, new times, same bytes
        store.put(make_attempt(student))
        store.put(make_attempt(student, step=1))  # its own saves never look like someone else's
        assert len(store.attempts(student.id)) == 2


@pytest.mark.parametrize("replace", ["fifo", "removed", "symlink"])
def test_a_file_that_is_no_longer_a_file_is_a_change_and_never_waited_on(data_file, student, make_attempt, replace):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        kept = data_file.with_name("kept.json")
        os.replace(data_file, kept)
        if replace == "fifo":
            os.mkfifo(data_file, 0o600)
        elif replace == "symlink":
            data_file.symlink_to(kept)
        with pytest.raises(ChangedElsewhere):
            store.put(make_attempt(student))


def test_reading_a_damaged_replacement_again_changes_nothing_and_saves_nothing(data_file, student, make_attempt):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        data_file.write_bytes(b'{"_meta": ')
        with pytest.raises(DataFileDamaged):
            store.reload()
        assert [s.id for s in store.students()] == [student.id]
        with pytest.raises(ChangedElsewhere):
            store.put(make_attempt(student))
        assert data_file.read_bytes() == b'{"_meta": '


def test_a_fifo_in_the_files_place_is_refused_when_read_again_not_waited_on(data_file, student):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        data_file.unlink()
        os.mkfifo(data_file, 0o600)
        raised: list[BaseException] = []

        def reload() -> None:
            try:
                store.reload()
            except BaseException as exc:  # noqa: BLE001 - checked below
                raised.append(exc)

        worker = threading.Thread(target=reload, daemon=True)
        worker.start()
        worker.join(20)
        if worker.is_alive():
            os.close(os.open(data_file, os.O_WRONLY | os.O_NONBLOCK))
            pytest.fail("reading the file again waited on a FIFO")
        assert [type(e) for e in raised] == [DataFileDamaged]
        assert "not a regular file" in str(raised[0])
        assert [s.id for s in store.students()] == [student.id]


def test_the_backup_a_merge_takes_first_is_refused_too_and_never_waits(data_file, student):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        data_file.unlink()
        os.mkfifo(data_file, 0o600)  # read, a FIFO would hang the merge's own backup
        before = sorted(p.name for p in backup_dir(data_file).iterdir())
        with pytest.raises(ChangedElsewhere):
            store.back_up("merge")  # what `store.merge.apply_merge` does before it writes
        assert sorted(p.name for p in backup_dir(data_file).iterdir()) == before
