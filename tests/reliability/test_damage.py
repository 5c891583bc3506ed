"""A damaged or unreadable data file is never overwritten.

Every variant below must give a clear message that names the file and, where one
exists, the newest good backup with the command that restores it; must leave the
file (and everything beside it) byte for byte as it was; and must never quote the
family's records back, because such messages end up in bug reports and screenshots.
"""

from __future__ import annotations

import errno
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from households import CHILD_NAME, CHILD_WORDS, TODAY, make_attempt, write_household

from reintegrate.store import SCHEMA_VERSION, DataFileDamaged, SaveFailed, Store, StoreError
from reintegrate.store.paths import backup_dir

SEED = 20261102


def _edit(change: Callable[[dict], object]) -> Callable[[bytes], bytes]:
    """A variant made by changing the parsed good file and writing it back."""

    def variant(good: bytes) -> bytes:
        data = json.loads(good)
        replaced = change(data)
        return json.dumps(data if replaced is None else replaced).encode()

    return variant


def _first(table: str) -> Callable[[dict], dict]:
    return lambda data: next(iter(data[table].values()))


def _set(table: str, **fields) -> Callable[[bytes], bytes]:
    return _edit(lambda data: _first(table)(data).update(fields))


def _truncated(n: int) -> Callable[[bytes], bytes]:
    def variant(good: bytes) -> bytes:
        offset = random.Random(SEED + n).randrange(1, len(good) - 1)
        return good[:offset]

    return variant


def _garbage(good: bytes) -> bytes:
    return random.Random(SEED).randbytes(len(good))


def _flipped_bytes(good: bytes) -> bytes:
    rng, damaged = random.Random(SEED + 1), bytearray(good)
    for _ in range(8):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


BYTE_VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda good: b"",
    "only-whitespace": lambda good: b" \n\t\n",
    **{f"truncated-{n}": _truncated(n) for n in range(8)},
    "truncated-to-one-byte": lambda good: good[:1],
    "random-garbage": _garbage,
    "eight-bytes-flipped": _flipped_bytes,
    "nul-bytes": lambda good: b"\0" * 4096,
    "not-utf8": lambda good: good.replace(b'"day 1"', b'"d\xe9\xff 1"'),
    "trailing-garbage": lambda good: good + b"\n}{garbage",
    "two-documents": lambda good: good + good,
    "nested-too-deep": lambda good: b"[" * 50_000 + b"]" * 50_000,
    "number-too-long": lambda good: good.replace(
        f'"schema_version":{SCHEMA_VERSION}'.encode(), b'"schema_version":' + b"9" * 6000
    ),
    "a-list": lambda good: json.dumps([json.loads(good)]).encode(),
    "a-string": lambda good: json.dumps(f"{CHILD_NAME}: {CHILD_WORDS}").encode(),
    "a-number": lambda good: b"42",
    "null": lambda good: b"null",
    "tables-are-lists": _edit(lambda data: {k: list(v.values()) for k, v in data.items()}),
    "a-table-is-a-string": _edit(lambda data: data.update(attempts=CHILD_WORDS)),
    "record-is-a-list": _edit(lambda data: data["attempts"].update({"1": [CHILD_WORDS]})),
    "record-missing-its-id": _edit(lambda data: _first("attempts")(data).pop("id")),
    "record-id-is-a-number": _set("students", id=7),
    "two-records-one-id": _edit(lambda data: data["attempts"].update({"99": _first("attempts")(data)})),
    "table-key-not-a-number": _edit(lambda data: data["attempts"].update({"first": _first("attempts")(data)})),
    "attempt-distress-42": _set("attempts", distress_peak=42),
    "attempt-unknown-field": _set("attempts", mood="grey"),
    "attempt-minutes-when-refused": _set("attempts", outcome="refused", minutes_managed=30),
    "attempt-date-not-a-date": _set("attempts", on="last Tuesday"),
    "attempt-outcome-unknown": _set("attempts", outcome="meltdown"),
    "student-name-empty": _set("students", name=""),
    "student-current-step-missing": _edit(lambda data: _first("students")(data)["ladder"].update(current_step_id="x")),
    "no-schema-version": _edit(lambda data: data.pop("_meta")),
    "meta-without-its-record": _edit(lambda data: data.update(_meta={})),
    "schema-version-a-string": _edit(lambda data: data["_meta"]["1"].update(schema_version="2")),
    "schema-version-zero": _edit(lambda data: data["_meta"]["1"].update(schema_version=0)),
    "newer-schema-version": _edit(lambda data: data["_meta"]["1"].update(schema_version=99)),
}

NO_RESTORE_ADVICE = {"newer-schema-version"}  # the file is fine; the app is too old


def assert_clear_message(message: str, path: Path, backup: Path | None) -> None:
    assert str(path) in message
    assert "Nothing has been changed" in message or "Nothing was changed" in message
    for secret in (CHILD_NAME, CHILD_WORDS, "Zephyrine"):
        assert secret not in message
    for noise in ("Traceback", "Errno", "pydantic", "JSONDecodeError", "input_value"):
        assert noise not in message
    if backup is not None:
        assert f"The newest good backup is {backup}." in message
        assert f"cp {backup} {path}" in message


@pytest.mark.parametrize("variant", BYTE_VARIANTS)
def test_a_damaged_file_is_explained_and_left_exactly_as_it_was(household, variant):
    damaged = BYTE_VARIANTS[variant](household.good)
    assert damaged != household.good
    household.path.write_bytes(damaged)
    household.path.chmod(0o600)
    before = household.folder_state()

    for read_only in (False, True):
        with pytest.raises(DataFileDamaged) as caught:
            Store.open(household.path, read_only=read_only, today=TODAY)
        backup = None if variant in NO_RESTORE_ADVICE else household.newest_backup
        assert_clear_message(str(caught.value), household.path, backup)
        assert caught.value.backup == backup

    assert household.folder_state() == before  # no new backup, no pruning, no temporaries
    assert household.path.read_bytes() == damaged


def test_the_newest_good_backup_is_offered_when_the_newest_is_damaged_too(household):
    backups = sorted(backup_dir(household.path).iterdir(), reverse=True)
    assert len(backups) == 3  # one per session: days -2, -1 and today
    backups[0].write_bytes(b'{"_meta": ')
    household.path.write_bytes(b"")
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(household.path, today=TODAY)
    assert_clear_message(str(caught.value), household.path, backups[1])


def test_without_a_good_backup_the_message_says_so(household):
    for backup in backup_dir(household.path).iterdir():
        backup.write_bytes(b"garbage")
    household.path.write_bytes(b"garbage")
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(household.path, today=TODAY)
    assert "No good backup was found beside it." in str(caught.value)
    assert_clear_message(str(caught.value), household.path, None)


def test_a_bad_record_found_after_a_quick_open_still_blocks_every_write(household):
    # With verify=False the app paints before checking thousands of attempts; a bad one
    # found later must stop the first save just the same.
    damaged = BYTE_VARIANTS["attempt-distress-42"](household.good)
    household.path.write_bytes(damaged)
    store = Store.open(household.path, today=TODAY, verify=False)
    with pytest.raises(DataFileDamaged) as caught:
        store.put(make_attempt(household.student))
    store.close()
    assert_clear_message(str(caught.value), household.path, household.newest_backup)
    assert household.path.read_bytes() == damaged


def test_a_folder_where_the_file_should_be(tmp_path):
    path = tmp_path / "reintegrate.json"
    (path / "something").mkdir(parents=True)
    with pytest.raises(DataFileDamaged) as caught:
        Store.open(path, today=TODAY)
    assert "a folder is where the data file should be" in str(caught.value)
    assert_clear_message(str(caught.value), path, None)
    assert [p.name for p in path.iterdir()] == ["something"]


def test_a_file_where_the_folder_should_be(tmp_path):
    blocker = tmp_path / "family"
    blocker.write_bytes(b"a file, not a folder")
    path = blocker / "reintegrate.json"
    with pytest.raises(StoreError) as caught:
        Store.open(path, today=TODAY)
    assert str(blocker) in str(caught.value) and "cannot be used" in str(caught.value)
    assert blocker.read_bytes() == b"a file, not a folder"


def test_a_symlink_loop(tmp_path):
    path = tmp_path / "reintegrate.json"
    path.symlink_to(path)
    with pytest.raises(StoreError) as caught:
        Store.open(path, today=TODAY)
    assert f"The data file {path} is a symbolic link that leads round in a loop" in str(caught.value)
    assert path.is_symlink()


def _give_to_nobody(folder: Path) -> None:
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam("nobody")
        for item in [folder, *folder.rglob("*")]:
            os.chown(item, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def test_an_unreadable_file(shared_folder, unprivileged):
    household = write_household(shared_folder / "family" / "reintegrate.json")
    _give_to_nobody(shared_folder)
    household.path.chmod(0o000)
    outcome = unprivileged(lambda: Store.open(household.path, today=TODAY))
    # Was: "cp BACKUP FILE", which fails on this file, and an older backup when the
    # records are fine: the fix is the permissions.
    assert "DataFileUnreadable" in outcome.raised, outcome
    assert "its permissions (----------) do not allow you to read it" in outcome.message
    assert f"chmod 600 {household.path}" in outcome.message
    assert "cp " not in outcome.message and "backup" not in outcome.message
    assert_clear_message(outcome.message, household.path, None)
    household.path.chmod(0o600)
    assert household.path.read_bytes() == household.good


def test_a_read_only_folder_for_a_new_file(shared_folder, unprivileged):
    folder = shared_folder / "read-only"
    folder.mkdir()
    _give_to_nobody(shared_folder)
    folder.chmod(0o500)
    for path in (folder / "reintegrate.json", folder / "new" / "reintegrate.json"):
        outcome = unprivileged(lambda path=path: Store.open(path, today=TODAY))
        assert "StoreError" in outcome.raised, outcome
        assert "cannot be used: Permission denied." in outcome.message
        assert str(path.parent) in outcome.message or str(folder) in outcome.message
    assert list(folder.iterdir()) == []


def test_an_existing_file_in_a_read_only_folder_can_still_be_read(shared_folder, unprivileged):
    household = write_household(shared_folder / "family" / "reintegrate.json")
    _give_to_nobody(shared_folder)
    household.path.parent.chmod(0o500)
    writer = unprivileged(lambda: Store.open(household.path, today=TODAY))
    assert "StoreError" in writer.raised and "cannot be used: Permission denied." in writer.message

    def read_names():
        with Store.open(household.path, read_only=True, today=TODAY) as store:
            return [s.name for s in store.students()]

    assert unprivileged(read_names).value == [CHILD_NAME]
    assert household.path.read_bytes() == household.good


def _full_disk(monkeypatch) -> None:
    real = os.write

    def write(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_a_full_disk_when_creating_the_file(tmp_path, monkeypatch):
    path = tmp_path / "family" / "reintegrate.json"
    _full_disk(monkeypatch)
    with pytest.raises(StoreError) as caught:
        Store.open(path, today=TODAY)
    monkeypatch.undo()
    assert str(caught.value) == f"Could not create the data file {path}: No space left on device."
    assert [p.name for p in path.parent.iterdir()] == [f".{path.name}.lock"]


def test_a_full_disk_when_saving(household, monkeypatch):
    store = Store.open(household.path, today=TODAY)
    _full_disk(monkeypatch)
    with pytest.raises(SaveFailed) as caught:
        store.put(make_attempt(household.student, notes=CHILD_WORDS))
    monkeypatch.undo()
    store.close()
    assert "No space left on device" in str(caught.value)
    assert_clear_message(str(caught.value), household.path, None)
    assert household.path.read_bytes() == household.good
