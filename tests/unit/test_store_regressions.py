"""Each test here once failed: it names the promise the store broke, and proves the fix."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reintegrate.store import SCHEMA_VERSION, DataFileDamaged, Store, StoreError

TODAY = date(2026, 11, 2)  # a Monday in term time, as in conftest.py


def _v2(**tables) -> bytes:
    return json.dumps({"_meta": {"1": {"schema_version": 2}}, **tables}).encode()


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
        pytest.param(b'{"_meta":{"1":{"schema_version":' + b"7" * 5000 + b"}}}", id="5000-digit-number"),
        pytest.param(_v2(attempts={"abc": {"id": "x"}}), id="table-key-not-a-number"),
        pytest.param(_v2(students={"01": {"id": "a", "name": "A"}, "1": {"id": "b", "name": "B"}}), id="keys-01-and-1"),
        pytest.param(_v2(students={"1": {"id": "a", "name": "A"}, "2": {"id": "a", "name": "B"}}), id="one-id-twice"),
        pytest.param(_v2(_meta={"1": {"schema_version": 2}, "x": {}}), id="meta-key-not-a-number"),
        pytest.param(b'{"_meta":{"1":{"schema_version":true}}}', id="schema-version-true"),
    ],
)
def test_odd_files_are_damage_not_a_traceback(data_file, raw):
    # Was: RecursionError, ValueError from int(), or a file that opened and then
    # crashed (or silently merged records) on the first save.
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(raw)
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(data_file, today=TODAY)
    assert str(data_file) in str(caught.value)
    assert data_file.read_bytes() == raw


@pytest.mark.parametrize(
    "table",
    [
        pytest.param({"a\"b": {"x": 1}}, id="quote-in-key"),
        pytest.param({"1": {"text": "\ud800 alone"}}, id="lone-surrogate"),
        pytest.param({"1": {"text": "Zoë \U0001f600", "n": [1, 2.5, None, True]}}, id="unicode"),
    ],
)
def test_a_table_from_elsewhere_survives_a_save(data_file, student, table):
    # Was: keys were written without escaping (the save produced a file that no longer
    # parsed), and a lone surrogate made every save fail with UnicodeEncodeError.
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(_v2(notes=table))
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        store.set_meta("note", "\ud800 odd")
    with Store.open(data_file, today=TODAY) as store:
        assert store.students() == [student]
        assert store.meta("note") == "\ud800 odd"
    assert json.loads(data_file.read_bytes())["notes"] == table


def test_editing_one_of_many_records_saves_the_edit(data_file, student, make_student, make_attempt):
    # The encoder keeps each record's JSON between saves; an edit must not be hidden
    # by that cache, nor a delete leave the old record behind.
    attempts = [make_attempt(student, notes=f"note {n}") for n in range(600)]
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([student, *attempts])
        edited = attempts[300].model_copy(update={"notes": "changed"})
        store.put(edited)
        store.delete(type(edited), attempts[5].id)
        store.put(make_student("Second"))
        expected = sorted([*attempts[:5], *attempts[6:300], edited, *attempts[301:]], key=lambda a: a.id)
    with Store.open(data_file, today=TODAY) as store:
        assert sorted(store.attempts(student.id), key=lambda a: a.id) == expected


def test_a_failed_save_keeps_the_migrated_shape(data_file, student, monkeypatch):
    # Was: after a failed save, memory was rebuilt from the raw (unmigrated) bytes, so
    # the next save wrote version-1 tables under schema_version 1 with new records in
    # them, and the next migration would have run over data it had already migrated.
    from pathlib import Path

    from reintegrate import store as store_module
    from reintegrate.store import storage as storage_module

    data_file.parent.mkdir(parents=True)
    data_file.write_bytes((Path(__file__).parent / "data" / "v1_household.json").read_bytes())
    store = Store.open(data_file, today=TODAY)

    def no_space(*args):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(storage_module.os, "replace", no_space)
        with pytest.raises(store_module.SaveFailed):
            store.put(student)
    assert store.meta("schema_version") == SCHEMA_VERSION
    store.put(student)
    store.close()
    saved = json.loads(data_file.read_bytes())
    assert saved["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert all("step_title" in doc for doc in saved["attempts"].values())


def test_a_folder_sync_failure_after_the_rename_is_not_reported_as_nothing_saved(data_file, student, monkeypatch):
    # Was: os.replace had already put the new file in place when the folder fsync
    # failed; the store then raised SaveFailed ("Nothing was changed") and rolled memory
    # back, so memory disagreed with the file and the app told the family a saved
    # record was not saved.
    from reintegrate.store import atomic

    store = Store.open(data_file, today=TODAY)

    def io_error(folder):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "fsync_dir", io_error)
    store.put(student)
    monkeypatch.undo()
    assert store.students() == [student]
    store.close()
    with Store.open(data_file, today=TODAY) as again:
        assert again.students() == [student]


def test_a_symlinked_data_file_stays_one_file_with_one_lock(tmp_path, student):
    # Was: opening through a symlink locked a file beside the link (so a second window
    # opening the real path could write at the same time), and the first save replaced
    # the link with a plain file: later saves never reached the real file.
    from reintegrate.store import DataFileLocked

    real = tmp_path / "real" / "reintegrate.json"
    Store.open(real, today=TODAY).close()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with Store.open(link, today=TODAY) as store:
        with pytest.raises(DataFileLocked):
            Store.open(real, today=TODAY)
        store.put(student)
    assert link.is_symlink()
    with Store.open(real, today=TODAY) as store:
        assert store.students() == [student]


def test_a_symlink_loop_is_reported_and_left_alone(tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(StoreError) as caught:
        Store.open(loop, today=TODAY)
    assert "leads round in a loop" in str(caught.value)
    assert loop.is_symlink()


def test_temporaries_left_by_a_killed_save_are_removed_by_the_next_writer(data_file, student):
    # Was: a save killed between writing its temporary and the rename left a hidden
    # full copy of the records beside the file, one more after every such crash.
    from reintegrate.store.paths import backup_dir

    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    leftover = data_file.with_name(f".{data_file.name}.4242.tmp")
    leftover.write_bytes(b'{"half": ')
    leftover.chmod(0o644)
    backup_leftover = backup_dir(data_file) / f".{data_file.stem}.2026-11-02.json.4242.tmp"
    backup_dir(data_file).mkdir(exist_ok=True)
    backup_leftover.write_bytes(b"{")
    unrelated = data_file.with_name("notes.txt.tmp")
    unrelated.write_bytes(b"keep")

    with Store.open(data_file, read_only=True, today=TODAY):
        assert leftover.exists()  # a reader never deletes anything
    with Store.open(data_file, today=TODAY) as store:
        assert not leftover.exists() and not backup_leftover.exists()
        assert unrelated.exists()
        assert store.students() == [student]


def test_a_leftover_temporary_with_a_loose_mode_does_not_loosen_the_file(data_file, student):
    import os
    import stat

    with Store.open(data_file, today=TODAY) as store:
        leftover = data_file.with_name(f".{data_file.name}.{os.getpid()}.tmp")
        leftover.write_bytes(b"old")
        leftover.chmod(0o644)
        store.put(student)
    assert stat.S_IMODE(data_file.stat().st_mode) == 0o600


def test_a_failed_backup_is_named_as_the_backup(data_file, student, make_student):
    # Was: "Could not save to <data file>: File exists" when it was the backups folder
    # that could not be written, sending the family to look at a file that is fine.
    import shutil
    from datetime import timedelta

    from reintegrate.store import SaveFailed
    from reintegrate.store.paths import backup_dir

    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    before = data_file.read_bytes()
    shutil.rmtree(backup_dir(data_file))
    backup_dir(data_file).write_bytes(b"a file where the backups folder should be")
    with Store.open(data_file, today=TODAY + timedelta(days=1)) as store:
        with pytest.raises(SaveFailed) as caught:
            store.put(make_student("Second"))
    assert f"the backup could not be written in {backup_dir(data_file)}" in str(caught.value)
    assert data_file.read_bytes() == before


def test_the_restore_command_works_in_a_folder_with_an_apostrophe(tmp_path, student):
    # Was: cp '<backup>' '<file>' with the paths pasted inside single quotes, which
    # breaks on the first family folder called "O'Neill".
    import subprocess
    from datetime import timedelta

    data_file = tmp_path / "O'Neill family" / "reintegrate.json"
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    with Store.open(data_file, today=TODAY + timedelta(1)) as store:
        store.put(student.model_copy(update={"name": "Mina O'Neill"}))
    data_file.write_bytes(b"{ damaged")
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(data_file, today=TODAY)
    command = [line.strip() for line in str(caught.value).splitlines() if line.strip().startswith("cp ")]
    assert len(command) == 1
    subprocess.run(["sh", "-c", command[0]], check=True)
    with Store.open(data_file, today=TODAY) as store:
        assert store.students() == [student]


def test_a_file_from_a_newer_version_is_not_called_damaged_or_backup_less(data_file, student):
    # Was: "... please update reintegrate / No good backup was found beside it." for a
    # file that is fine, beside perfectly good backups.
    from datetime import timedelta

    from reintegrate.store import DataFileTooNew

    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    with Store.open(data_file, today=TODAY + timedelta(1)) as store:
        store.put(student)
    raw = data_file.read_bytes().replace(
        f'"schema_version":{SCHEMA_VERSION}'.encode(), f'"schema_version":{SCHEMA_VERSION + 1}'.encode()
    )
    data_file.write_bytes(raw)
    with pytest.raises(DataFileTooNew) as caught:
        Store.open(data_file, today=TODAY)
    message = str(caught.value)
    assert "newer version of reintegrate" in message and "please update reintegrate" in message
    assert "backup" not in message and "cp " not in message
    assert data_file.read_bytes() == raw


def test_a_killed_saves_temporary_beside_a_damaged_file_is_left_for_rescue(data_file, student):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    leftover = data_file.with_name(f".{data_file.name}.4242.tmp")
    leftover.write_bytes(data_file.read_bytes())
    data_file.write_bytes(b"{ torn by something else")
    with pytest.raises(DataFileDamaged):
        Store.open(data_file, today=TODAY)
    assert leftover.exists()
