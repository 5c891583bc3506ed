"""The store's everyday promises: what goes in comes back out after a reopen, the
file and folders are owner-only, one writer at a time, daily backups, migrations."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from reintegrate.models import Attempt, Barrier, Contact, DayKind, DayStatus, Decision, Household, Student
from reintegrate.store import (
    BACKUPS_KEPT,
    SCHEMA_VERSION,
    DataFileLocked,
    ReadOnlyStore,
    Store,
    StoreError,
)
from reintegrate.store.paths import backup_dir, lock_file

TODAY = date(2026, 11, 2)  # a Monday in term time, as in conftest.py

V1_FILE = Path(__file__).parent / "data" / "v1_household.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything(store: Store) -> dict:
    """All records and the meta the app uses, in a form two stores can be compared by."""
    return {
        "household": store.household().model_dump(mode="json"),
        "current": store.meta("current_student_id"),
        "version": store.meta("schema_version"),
    }


def reopened(path: Path) -> dict:
    with Store.open(path, read_only=True, today=TODAY) as store:
        return everything(store)


# --- creating the file -------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_new_file_is_owner_only_whatever_the_umask(data_file, umask, make_student):
    old = os.umask(umask)
    try:
        with Store.open(data_file, today=TODAY) as store:
            store.put(make_student())  # the first write also makes the first backup
    finally:
        os.umask(old)
    assert mode(data_file.parent) == 0o700
    assert mode(data_file) == 0o600
    assert mode(lock_file(data_file)) == 0o600
    assert mode(backup_dir(data_file)) == 0o700
    backups = list(backup_dir(data_file).iterdir())
    assert backups and all(mode(b) == 0o600 for b in backups)


def test_a_new_file_holds_the_schema_version_and_nothing_else(data_file):
    with Store.open(data_file, today=TODAY) as store:
        assert store.students() == []
        assert store.meta("schema_version") == SCHEMA_VERSION
    assert json.loads(data_file.read_bytes()) == {"_meta": {"1": {"schema_version": SCHEMA_VERSION}}}


def test_an_existing_folder_keeps_its_own_mode(tmp_path):
    # The family may point --data into a folder of their own; it is not ours to change.
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    Store.open(folder / "kids.json", today=TODAY).close()
    assert mode(folder) == 0o755
    assert mode(folder / "kids.json") == 0o600


def test_read_only_never_creates_a_file(data_file):
    with pytest.raises(StoreError) as caught:
        Store.open(data_file, read_only=True, today=TODAY)
    assert str(data_file) in str(caught.value)
    assert not data_file.exists() and not data_file.parent.exists()


# --- records in and out -------------------------------------------------------------------


def test_every_kind_of_record_comes_back_after_a_reopen(data_file, student, make_attempt):
    records = [
        student,
        make_attempt(student, child_words="I did the gate"),
        DayStatus(student_id=student.id, on=TODAY, kind=DayKind.ill, note="Temperature"),
        Decision(student_id=student.id, on=TODAY, proposal_kind="repeat", accepted=True),
        Contact(student_id=student.id, on=TODAY, person="Ms Hale", request="A quiet room"),
        Barrier(student_id=student.id, title="The van", opened_on=TODAY, trigger_tags=["school van"]),
    ]
    with Store.open(data_file, today=TODAY) as store:
        for record in records:
            store.put(record)
        before = everything(store)
    with Store.open(data_file, today=TODAY) as store:
        for record in records:
            assert store.get(type(record), record.id) == record
        assert everything(store) == before


def test_put_replaces_a_record_with_the_same_id(data_file, student, make_attempt):
    attempt = make_attempt(student, distress_peak=7)
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([student, attempt])
        store.put(attempt.model_copy(update={"distress_peak": 4, "notes": "Calmer than we said"}))
        assert [a.distress_peak for a in store.attempts(student.id)] == [4]
    with Store.open(data_file, today=TODAY) as store:
        assert [(a.distress_peak, a.notes) for a in store.attempts(student.id)] == [(4, "Calmer than we said")]


def test_delete_removes_one_record_and_survives_a_reopen(data_file, student, make_attempt):
    first, second = make_attempt(student), make_attempt(student, on=TODAY + timedelta(1))
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([student, first, second])
        store.delete(Attempt, first.id)
        store.delete(Attempt, "no-such-id")  # deleting what is gone is not an error
        assert store.get(Attempt, first.id) is None
    with Store.open(data_file, today=TODAY) as store:
        assert store.attempts(student.id) == [second]


def test_document_numbers_stay_in_order_through_inserts_changes_and_deletes(data_file, student, make_attempt):
    """Saves change a table without TinyDB's conversion of every document number
    (`storage.KeyedTable`): numbers keep counting up, in file order, never reused."""
    attempts = [make_attempt(student, on=TODAY + timedelta(n)) for n in range(4)]
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([student, *attempts[:3]])
        store.delete(Attempt, attempts[1].id)
        store.put(attempts[0].model_copy(update={"notes": "changed"}))
        store.put(attempts[3])
    table = json.loads(data_file.read_text())["attempts"]
    assert list(table) == ["1", "3", "4"]
    assert [doc["id"] for doc in table.values()] == [attempts[0].id, attempts[2].id, attempts[3].id]
    assert table["1"]["notes"] == "changed"
    with Store.open(data_file, today=TODAY) as store:
        assert [a.id for a in store.attempts(student.id)] == [attempts[0].id, attempts[2].id, attempts[3].id]
        store.put(make_attempt(student, on=TODAY + timedelta(9)))
    assert list(json.loads(data_file.read_text())["attempts"]) == ["1", "3", "4", "5"]


def test_records_come_back_oldest_first_and_per_student(data_file, make_student, make_attempt):
    mina, ola = make_student("Mina"), make_student("Ola")
    days = [TODAY + timedelta(n) for n in (3, 0, 1)]
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([ola, mina, *(make_attempt(mina, on=d) for d in days), make_attempt(ola)])
    with Store.open(data_file, today=TODAY) as store:
        assert [s.name for s in store.students()] == ["Mina", "Ola"]
        assert [a.on for a in store.attempts(mina.id)] == sorted(days)
        assert len(store.all(Attempt)) == 4
        assert store.household(ola.id).students == [ola]
        assert [a.student_id for a in store.household(ola.id).attempts] == [ola.id]


def test_delete_student_removes_everything_about_them_only(data_file, make_student, make_attempt):
    mina, ola = make_student("Mina"), make_student("Ola")
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([mina, ola, make_attempt(mina), make_attempt(ola)])
        store.put(DayStatus(student_id=mina.id, on=TODAY, kind=DayKind.closed))
        store.delete_student(mina.id)
    with Store.open(data_file, today=TODAY) as store:
        assert store.students() == [ola]
        assert store.all(Attempt) == store.attempts(ola.id) and len(store.all(Attempt)) == 1
        assert store.all(DayStatus) == []


def test_put_many_validates_every_record_before_writing_any(data_file, student, make_attempt):
    good = make_attempt(student)
    bad = Attempt.model_construct(**{**make_attempt(student).__dict__, "distress_peak": 42})
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        before = data_file.read_bytes()
        with pytest.raises(ValueError):
            store.put_many([good, bad])
        assert store.attempts(student.id) == []
    assert data_file.read_bytes() == before


def test_batch_is_one_write_and_all_or_nothing(data_file, student, monkeypatch, make_attempt):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
        writes = []
        real = os.replace
        monkeypatch.setattr(os, "replace", lambda *a: (writes.append(a), real(*a)))
        with store.batch():
            store.put(make_attempt(student))
            store.put(make_attempt(student, on=TODAY + timedelta(1)))
            store.set_meta("current_student_id", student.id)
        assert len(writes) == 1
        before = data_file.read_bytes()
        with pytest.raises(RuntimeError):
            with store.batch():
                store.put(make_attempt(student, on=TODAY + timedelta(2)))
                store.delete_student(student.id)
                raise RuntimeError("the form was cancelled half way")
        assert data_file.read_bytes() == before
        assert len(store.attempts(student.id)) == 2 and store.students() == [student]
        assert everything(store) == reopened(data_file)


def test_replace_all_swaps_the_whole_household_in_one_write(data_file, make_student, make_attempt):
    old, new = make_student("Old"), make_student("New")
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([old, make_attempt(old)])
        store.set_meta("current_student_id", old.id)
        household = Household(students=[new], attempts=[make_attempt(new), make_attempt(new, step=1)])
        store.replace_all(household)
        assert store.meta("current_student_id") is None
    with Store.open(data_file, today=TODAY) as store:
        assert store.students() == household.students
        assert sorted(store.all(Attempt), key=lambda a: a.id) == sorted(household.attempts, key=lambda a: a.id)
        store.put(make_attempt(new, step=2))  # ids stay consistent after the swap
    with Store.open(data_file, today=TODAY) as store:
        assert len(store.attempts(new.id)) == 3


def test_meta_is_saved(data_file, student):
    with Store.open(data_file, today=TODAY) as store:
        assert store.meta("current_student_id", "none yet") == "none yet"
        store.set_meta("current_student_id", student.id)
    with Store.open(data_file, today=TODAY) as store:
        assert store.meta("current_student_id") == student.id


def test_a_read_only_store_refuses_every_write_and_leaves_the_file_alone(
    data_file, student, make_student, make_attempt
):
    with Store.open(data_file, today=TODAY) as store:
        store.put(student)
    before = data_file.read_bytes()
    writes = [
        lambda s: s.put(make_attempt(student)),
        lambda s: s.put_many([make_student("Ola")]),
        lambda s: s.delete(Student, student.id),
        lambda s: s.delete_student(student.id),
        lambda s: s.set_meta("current_student_id", None),
        lambda s: s.replace_all(Household()),
        lambda s: s.batch().__enter__(),
    ]
    with Store.open(data_file, read_only=True, today=TODAY) as store:
        for write in writes:
            with pytest.raises(ReadOnlyStore) as caught:
                write(store)
            assert "read-only" in str(caught.value)
        assert store.students() == [student]
    assert data_file.read_bytes() == before


def test_verify_later_still_checks_before_any_write(data_file, student, make_attempt):
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([student, make_attempt(student)])
    with Store.open(data_file, today=TODAY, verify=False) as store:
        assert len(store.attempts(student.id)) == 1
        store.verify()
        store.put(make_attempt(student, step=1))
    with Store.open(data_file, today=TODAY) as store:
        assert len(store.attempts(student.id)) == 2


# --- one writer at a time -----------------------------------------------------------------


def test_a_second_writer_is_refused_with_a_clear_message(data_file, student):
    with Store.open(data_file, today=TODAY) as first:
        with pytest.raises(DataFileLocked) as caught:
            Store.open(data_file, today=TODAY)
        message = str(caught.value)
        assert str(data_file) in message and "already open" in message and "Close that one first" in message
        first.put(student)
        with Store.open(data_file, read_only=True, today=TODAY) as reader:
            assert reader.students() == [student]
    with Store.open(data_file, today=TODAY) as again:  # closing released the lock
        assert again.students() == [student]


def test_a_failed_open_releases_the_lock(data_file):
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(b"not json")
    for _ in range(2):
        with pytest.raises(StoreError):
            Store.open(data_file, today=TODAY)
    data_file.unlink()
    Store.open(data_file, today=TODAY).close()


# --- rolling backups -----------------------------------------------------------------------


def _session(path: Path, day: date, *records) -> None:
    with Store.open(path, today=day) as store:
        store.put_many(list(records))


def test_a_backup_is_made_before_the_first_write_and_holds_the_file_as_it_was(data_file, student, make_attempt):
    _session(data_file, TODAY, student)
    as_it_was = data_file.read_bytes()
    next_day = TODAY + timedelta(1)
    with Store.open(data_file, today=next_day) as store:
        assert store.backups() == [backup_dir(data_file) / f"reintegrate.{TODAY}.json"]  # nothing new yet
        store.put(make_attempt(student))
        newest = store.backups()[0]
        assert newest.name == f"reintegrate.{next_day}.json"
        assert newest.read_bytes() == as_it_was
        store.put(make_attempt(student, step=1))  # later writes that day leave it alone
        assert newest.read_bytes() == as_it_was


def test_a_session_that_writes_nothing_makes_no_backup(data_file, student):
    _session(data_file, TODAY, student)
    count = len(list(backup_dir(data_file).iterdir()))
    with Store.open(data_file, today=TODAY + timedelta(1)) as store:
        store.students()
    assert len(list(backup_dir(data_file).iterdir())) == count


def test_one_backup_a_day_keeps_the_first_state_of_that_day(data_file, student, make_attempt):
    _session(data_file, TODAY, student)
    _session(data_file, TODAY + timedelta(1), make_attempt(student))
    morning = data_file.read_bytes()
    _session(data_file, TODAY + timedelta(2), make_attempt(student, step=1))
    _session(data_file, TODAY + timedelta(2), make_attempt(student, step=2))
    with Store.open(data_file, read_only=True, today=TODAY) as store:
        backups = store.backups()
    assert [b.name for b in backups][:1] == [f"reintegrate.{TODAY + timedelta(2)}.json"]
    assert backups[0].read_bytes() == morning


def test_at_most_fourteen_backups_are_kept_the_newest(data_file, student, make_attempt):
    days = [TODAY + timedelta(n) for n in range(20)]
    for n, day in enumerate(days):
        _session(data_file, day, student if n == 0 else make_attempt(student, on=day))
    names = sorted(p.name for p in backup_dir(data_file).iterdir())
    assert BACKUPS_KEPT == 14
    assert names == [f"reintegrate.{day}.json" for day in days[-14:]]


# --- migrations ------------------------------------------------------------------------------


def test_a_version_1_file_is_migrated_and_its_original_kept_in_the_backups(data_file, make_attempt):
    data_file.parent.mkdir(parents=True)
    original = V1_FILE.read_bytes()
    data_file.write_bytes(original)
    with Store.open(data_file, today=TODAY) as store:
        attempts = {a.id: a for a in store.all(Attempt)}
        # Each attempt now carries the step as it was, so renaming the step later
        # cannot rewrite history.
        snapshot = {key: (a.step_title, a.planned_minutes) for key, a in attempts.items()}
        assert snapshot == {
            "att-1": ("Drive past the school", 10),
            "att-2": ("Sit outside the gate", 15),
            "att-3": ("A step no longer on the ladder", 1),  # its step was deleted; 0 minutes -> 1
        }
        assert attempts["att-1"].triggers == ["School van"]  # kept as typed (issue 25)
        assert store.days("stu-mina")[0].kind is DayKind.ill
        assert store.meta("schema_version") == SCHEMA_VERSION
        assert data_file.read_bytes() == original  # opening alone changes nothing
        store.put(make_attempt(store.students()[0]))
    assert [b.read_bytes() for b in backup_dir(data_file).iterdir()] == [original]
    saved = json.loads(data_file.read_bytes())
    assert saved["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert saved["attempts"]["1"]["step_title"] == "Drive past the school"
    with Store.open(data_file, today=TODAY) as store:
        assert len(store.all(Attempt)) == 4


# --- durable writing -------------------------------------------------------------------------


def test_a_save_syncs_the_new_file_before_the_rename_and_the_folder_after(
    data_file, student, monkeypatch, make_attempt
):
    # SIGKILL tests cannot see this: only a power cut loses what was not fsynced.
    store = Store.open(data_file, today=TODAY)
    store.put(student)  # the first write of the session also makes the backup
    calls: list[str] = []

    def where(fd: int) -> str:
        target = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if target == data_file.parent:
            return "folder"
        return "temporary" if target.name.endswith(".tmp") else str(target)

    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(f"fsync {where(fd)}"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("rename"), real_replace(a, b))[1])
    store.put(make_attempt(student))
    monkeypatch.undo()
    store.close()
    assert calls == ["fsync temporary", "rename", "fsync folder"]


def test_random_writes_across_many_blocks_always_read_back_exactly(data_file, make_student, make_attempt):
    # The encoder keeps documents' and blocks' JSON between saves; whatever mix of
    # inserts, edits, deletes and batches, the file must say exactly what memory says.
    import random

    rng = random.Random(2026)
    students = [make_student("Mina"), make_student("Ola")]
    with Store.open(data_file, today=TODAY) as store:
        store.put_many([*students, *(make_attempt(rng.choice(students), notes=f"{n}") for n in range(530))])
        for step in range(30):
            attempts = store.all(Attempt)
            roll = 1.0 if step % 10 == 9 else rng.random()  # an import every ten steps
            if roll < 0.3:
                store.put(make_attempt(rng.choice(students), notes=f"new {step}"))
            elif roll < 0.55:
                chosen = rng.choice(attempts)
                store.put(chosen.model_copy(update={"notes": f"edit {step}", "distress_peak": rng.randint(0, 10)}))
            elif roll < 0.75:
                store.delete(Attempt, rng.choice(attempts).id)
            elif roll < 0.9:
                with store.batch():
                    for victim in rng.sample(attempts, 3):
                        store.delete(Attempt, victim.id)
                    store.put(make_attempt(rng.choice(students), notes=f"batch {step}"))
                    store.put(rng.choice(students).model_copy(update={"name": f"Renamed {step}"}))
            elif roll < 0.95:
                store.set_meta("current_student_id", rng.choice(students).id)
            else:
                # Two imports in a row: the second gets the very same keys as the first,
                # with all new documents.
                for again in ("", " again"):
                    household = store.household()
                    for attempt in household.attempts:
                        attempt.notes = f"imported {step}{again}"
                    store.replace_all(household)
            with Store.open(data_file, read_only=True, today=TODAY) as again:
                by_id = {a.id: a for a in again.all(Attempt)}
                assert by_id == {a.id: a for a in store.all(Attempt)}, f"after step {step}"
                assert again.students() == store.students()
                assert again.meta("current_student_id") == store.meta("current_student_id")


def test_lists_read_inside_a_batch_are_not_kept_past_it(tmp_path):
    # Lists are kept between reads for speed; a change must never leave one stale,
    # even when the list was read in the middle of the batch that changed it.
    from reintegrate.models import Attempt, Student

    store = Store.open(tmp_path / "r.json")
    student = Student(name="Ada")
    store.put(student)

    def attempt(day: int) -> Attempt:
        return Attempt(student_id=student.id, on=date(2026, 11, day), step_id="s", step_title="Walk",
                       planned_minutes=10, outcome="completed", minutes_managed=10)

    store.put(attempt(2))
    assert len(store.attempts(student.id)) == 1
    with store.batch():
        store.put(attempt(3))
        assert len(store.attempts(student.id)) == 2
        store.put(attempt(4))
    assert [a.on.day for a in store.attempts(student.id)] == [2, 3, 4]
    listed = store.attempts(student.id)
    listed.clear()  # a caller changing its copy does not change the store's
    assert len(store.attempts(student.id)) == 3
    store.close()
