"""The Store: the family's records, opened from one data file."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from tinydb import TinyDB

from reintegrate.models import (
    Attempt,
    Barrier,
    CheckIn,
    Contact,
    DayStatus,
    Decision,
    Household,
    Student,
    Tombstone,
)
from reintegrate.store.backups import keep_copy
from reintegrate.store.changes import BOOKKEEPING, restamp, utc_now
from reintegrate.store.checks import Damage, _validate, check_keys, newest_good_backup
from reintegrate.store.errors import (
    ChangedElsewhere,
    DataFileDamaged,
    ReadOnlyStore,
    SaveFailed,
)
from reintegrate.store.files import (
    LockLost,
    _remove_stale_temporaries,
    lock_still_held,
)
from reintegrate.store.opening import damage_reported, data_path, lock_for_writing, read_data_file, read_one_student
from reintegrate.store.paths import backup_dir
from reintegrate.store.storage import META_TABLE, AtomicJSONStorage, KeyedTable
from reintegrate.store.tables import TABLES, record_key

log = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)

# Small tables are validated when the file opens. Attempts and day statuses can run to
# thousands: each student's are validated when first asked for, and `verify` checks the
# rest (the app calls it in a worker after the first paint; any write calls it first).
_EAGER = (Student, Decision, Contact, Barrier, CheckIn, Tombstone)
_LAZY = (Attempt, DayStatus)


class Store:
    """The family's records, opened from one data file."""

    def __init__(
        self, path: Path, data: dict, on_disk: bytes | None, *, read_only: bool, today: date | None,
        now: Callable[[], datetime] | None = None,
    ):
        self.path = path
        self.read_only = read_only
        self._today = today
        self.clock = now or utc_now  # dates each change; tests pass their own
        self._lock_fd: int | None = None
        self._backed_up = False
        self._guard = threading.RLock()
        self._take(data, on_disk)

    def _take(self, data: dict, on_disk: bytes | None) -> None:
        """Hold the records of `data`, read from the file as `on_disk`: at opening, and
        again when the file is read anew (`reload`)."""
        # The student whose attempts and days alone were read (`open(one_student=…)`);
        # None: everyone's (and always once the file is read again).
        self.one_student_id: str | None = None
        self._storage = AtomicJSONStorage(self.path, data, on_disk, self._check_before_write, frozenset(TABLES.values()))
        self._db = TinyDB(storage=lambda: self._storage)
        self._db.table_class = KeyedTable
        self._records: dict[type, dict[str, BaseModel]] = {model: {} for model in TABLES}
        # Where each record is in TinyDB's tables, for writing it back: a store opened
        # only to read (as Today is worked out before the first paint) never needs it.
        self._doc_ids: dict[type, dict] = {
            model: {} if self.read_only else {
                record_key(model, doc): int(doc_id) for doc_id, doc in data.get(table, {}).items()}
            for model, table in TABLES.items()
        }
        self._verified: set[type] = set()
        # The bytes read at opening, until `verify` has looked for a key repeated in one
        # record (None: looked for already, or written by this store).
        self._keys_unchecked: bytes | None = None
        self._listed: dict[tuple[type, str | None], list] = {}
        self._loaded: dict[type, set[str]] = {model: set() for model in _LAZY}
        for model in _EAGER:
            self._load_table(model)

    def reload(self) -> None:
        """Read the file again, as it is on disk now, checked whole, in place of what was
        read before: after `ChangedElsewhere`, so the family sees (and saves on top of)
        what another program put there. StoreError (damage, ...) if it cannot be used:
        then nothing changes here, and nothing can be saved until it is fixed."""
        with self._guard:
            data, raw = read_data_file(self.path, read_only=True)
            keep = self.__dict__.copy()
            try:
                with damage_reported(self.path):
                    self._take(data, raw)
                self.verify()
            except BaseException:
                self.__dict__.update(keep)
                raise
            # The day's backup is of the file as it was when first changed today: keep
            # one of these bytes too, before the next save, if the day has none yet.
            self._backed_up = False

    @classmethod
    def open(
        cls, path: Path, *, read_only: bool = False, today: date | None = None, verify: bool = True,
        now: Callable[[], datetime] | None = None, lock_fd: int | None = None, one_student: str | None = None,
    ) -> Store:
        # `today` only names the day's backup; the command line leaves it to the real
        # date, so acting as if it were another day (--date) never misfiles a backup.
        """Open (or create) the data file. Raises StoreError with a message to show.

        With `verify=False` the thousands of attempts are checked later, by `verify()`,
        so the first screen can paint sooner. `now` is the clock that dates each change
        (`changed_at`, tombstones): UTC, to the second, unless a test passes another.
        `lock_fd` is the writer's lock when it is already held (`lock_for_writing` on
        the same path: the app takes it before its first paint); the store owns it then.
        `one_student` (read-only, with `verify=False`) is a meta key: only the attempts and
        days of the student it names are read, when the file allows (`store.partial`),
        and only that student's can be asked for (`one_student_id`).
        """
        if one_student is not None and not (read_only and not verify):
            raise ValueError("one student's records are read only by a read-only store, unverified")
        path = data_path(path)
        if lock_fd is None and not read_only:
            lock_fd = lock_for_writing(path)
        try:
            store = cls._load(path, read_only=read_only, today=today, now=now, keys=verify, one_student=one_student)
            if verify:
                store.verify()
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        store._lock_fd = lock_fd
        if lock_fd is not None:
            # Only once the file has opened cleanly: if it is damaged, a killed save's
            # temporary might be worth rescuing, and is left for whoever does.
            _remove_stale_temporaries(path)
        return store

    @classmethod
    def _load(cls, path: Path, *, read_only: bool, today: date | None, now, keys: bool = True,
              one_student: str | None = None) -> Store:
        validated = None
        if one_student is not None:
            data, raw, only, validated = read_one_student(path, one_student)
        else:
            (data, raw), only = read_data_file(path, read_only=read_only, keys=keys), None
        # Building the Store validates the small tables: damage there is damage too.
        with damage_reported(path):
            store = cls(path, data, raw, read_only=read_only, today=today, now=now)
        store.one_student_id = only
        for model, records in (validated or {}).items():
            # The student's attempts and days, validated as they were read.
            store._records[model].update((record_key(model, r), r) for r in records)
            store._loaded[model].add(only)
        if not keys:
            store._keys_unchecked = raw
        return store

    def verify(self) -> None:
        """Validate every record not validated yet; DataFileDamaged if one is bad.

        One student's records at a time, each under the store's lock: run in a worker
        (as the app does after its first paint), it leaves the screen room to be drawn
        and read from between students instead of holding both for the whole file.
        """
        self._holds_everyone()
        try:
            unchecked = self._keys_unchecked  # bytes never change: no need to hold the lock
            if unchecked is not None:
                check_keys(unchecked)
                self._keys_unchecked = None
            for model in _LAZY:
                for student_id in self._students_unchecked(model):
                    with self._guard:
                        if model not in self._verified and student_id not in self._loaded[model]:
                            self._load_table(model, student_id)
                with self._guard:
                    self._load_table(model)  # the rest: records that name no known student
        except Damage as exc:
            raise DataFileDamaged(self.path, str(exc), newest_good_backup(self.path)) from None

    def _students_unchecked(self, model: type[BaseModel]) -> list[str]:
        with self._guard:
            if model in self._verified:
                return []
            return [s for s in self._records[Student] if s not in self._loaded[model]]

    def _load_table(self, model: type[BaseModel], student_id: str | None = None) -> None:
        """Validate one student's records of `model`, or (with no student) all the rest."""
        if model in self._verified:
            return
        table = TABLES[model]
        docs = self._storage.read().get(table, {}).values()
        if student_id is not None:
            docs = [d for d in docs if d.get("student_id") == student_id]
        else:
            done = self._loaded.get(model, set())
            docs = [d for d in docs if not _in(d.get("student_id"), done)]
        found = _validate(model, table, docs)
        self._records[model].update((record_key(model, r), r) for r in found)
        self._listed.clear()
        if student_id is None:
            self._verified.add(model)
        else:
            self._loaded[model].add(student_id)

    def _holds_everyone(self) -> None:
        if self.one_student_id is not None:
            raise RuntimeError("this store read one student's attempts and days only")

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------

    @contextmanager
    def steady(self) -> Iterator[str]:
        """No save lands inside: yields the SHA-256 of the file's bytes on disk, which
        the records read inside match (what `screens.today_cache` keys its views by)."""
        with self._guard:
            yield self._storage.content_key()

    def read_from(self, raw: bytes) -> bool:
        """Are the records read here the bytes `raw` (a caller that hashed `raw` has
        their key then, without hashing the file again)?"""
        with self._guard:
            return self._storage.read_from(raw)

    def all(self, model: type[R], student_id: str | None = None) -> list[R]:
        """Records of one kind, oldest first; only one student's when `student_id` is given."""
        if model in _LAZY and student_id != self.one_student_id:
            self._holds_everyone()
        with self._guard:
            if model not in self._verified:
                if student_id is None:
                    self.verify()
                elif student_id not in self._loaded[model]:
                    try:
                        self._load_table(model, student_id)
                    except Damage as exc:
                        raise DataFileDamaged(self.path, str(exc), newest_good_backup(self.path)) from None
            key = (model, student_id)
            listed = self._listed.get(key)
            if listed is None:
                found = self._records[model].values()
                if student_id is not None:
                    found = [r for r in found if getattr(r, "student_id", None) == student_id]
                # Screens ask for the same lists many times while drawing one frame:
                # sorted once, kept until the next change.
                listed = self._listed[key] = sorted(found, key=_sort_key(model))
        return list(listed)

    def get(self, model: type[R], record_id: str) -> R | None:
        with self._guard:
            if model not in self._verified:
                self.verify()
            return self._records[model].get(record_id)  # type: ignore[return-value]

    def students(self) -> list[Student]:
        return self.all(Student)

    def attempts(self, student_id: str) -> list[Attempt]:
        return self.all(Attempt, student_id)

    def days(self, student_id: str) -> list[DayStatus]:
        return self.all(DayStatus, student_id)

    def household(self, student_id: str | None = None) -> Household:
        fields = {}
        for model, table in TABLES.items():
            if model is Student:
                fields[table] = [s for s in self.students() if student_id in (None, s.id)]
            else:
                fields[table] = self.all(model, student_id)
        return Household(**fields)

    def meta(self, key: str, default: Any = None) -> Any:
        with self._guard:
            return self._storage.read()[META_TABLE]["1"].get(key, default)

    # --- writing -----------------------------------------------------------------------

    def put(self, record: BaseModel) -> None:
        """Insert or replace one record (by id), durably, before returning."""
        self.put_many([record])

    def put_many(self, records: list[BaseModel]) -> None:
        """Several records in one atomic write: all of them are saved or none is.

        Each is dated now (`changed_at`), and so are the callers' own copies once
        saved, so that what a screen holds is what the file holds.
        """
        stamp = self.clock()
        checked = [type(r).model_validate(r.model_dump()) for r in records]
        with self._transaction():
            for record in checked:
                restamp(record, self._saved(type(record), record), stamp)
            self._put(checked)
        for record, saved in zip(records, checked):
            for name in BOOKKEEPING & set(type(record).model_fields):
                setattr(record, name, getattr(saved, name))

    def _saved(self, model: type[R], record: BaseModel) -> R | None:
        """The version of `record` the file holds (read from the file's own document, so
        a copy a screen changed in place never passes for what was saved)."""
        doc_id = self._doc_ids[model].get(record_key(model, record))
        doc = None if doc_id is None else self._storage.read().get(TABLES[model], {}).get(str(doc_id))
        return model.model_validate(doc) if doc is not None else None

    def _put(self, checked: list[BaseModel]) -> None:
        new: dict[type, list[BaseModel]] = {}
        revived: list[tuple[type[BaseModel], str]] = []
        for record in checked:
            model = type(record)
            table_name = TABLES[model]
            key = record_key(model, record)
            doc_id = self._doc_ids[model].get(key)
            if doc_id is None:
                new.setdefault(model, []).append(record)
            else:
                self._db.table(table_name).update(_replace_with(record.model_dump(mode="json")), doc_ids=[doc_id])
                self._storage.forget(table_name, doc_id)
            self._records[model][key] = record
            if model is not Tombstone and (table_name, record.id) in self._records[Tombstone]:
                revived.append((Tombstone, (table_name, record.id)))  # saved again: no longer deleted
        for model, records_ in new.items():
            # One TinyDB insert for many records: TinyDB rebuilds the table per call.
            ids = self._db.table(TABLES[model]).insert_multiple([r.model_dump(mode="json") for r in records_])
            self._doc_ids[model].update((record_key(model, r), i) for r, i in zip(records_, ids))
        self._remove(revived)

    def delete(self, model: type[BaseModel], record_id: str) -> None:
        self.delete_many([(model, record_id)])

    def delete_many(self, items: list[tuple[type[BaseModel], str]]) -> None:
        """Remove records, leaving a tombstone for each, so a merge does not bring it back."""
        when = self.clock()
        with self._transaction():
            gone = [(m, i) for m, i in items if m is not Tombstone and i in self._records[m]]
            self._remove(items)
            self._put([Tombstone(id=i, kind=TABLES[m], deleted_at=when) for m, i in gone])

    def _remove(self, items: list[tuple[type[BaseModel], str | tuple[str, str]]]) -> None:
        """Records by model and `record_key` (a tombstone's is its kind and id)."""
        for model, record_id in items:
            doc_id = self._doc_ids[model].pop(record_id, None)
            if doc_id is not None:
                self._db.table(TABLES[model]).remove(doc_ids=[doc_id])
            self._records[model].pop(record_id, None)

    def absorb(self, records: list[BaseModel], tombstones: list[Tombstone], removed: list[tuple[type, str]]) -> None:
        """What a merge (`reintegrate.store.merge`) brings from another copy, as it was
        made there (its own `changed_at` and tombstones), in one atomic write."""
        checked = [type(r).model_validate(r.model_dump()) for r in [*records, *tombstones]]
        with self._transaction():
            self._remove(removed)
            self._put(checked)

    def delete_student(self, student_id: str) -> None:
        """A student and every record about them, in one write."""
        items: list[tuple[type[BaseModel], str]] = [(Student, student_id)]
        for model in TABLES:
            if model is not Student:
                items += [(model, r.id) for r in self.all(model, student_id)]
        self.delete_many(items)

    def set_meta(self, key: str, value: Any) -> None:
        with self._transaction():
            self._db.table(META_TABLE).update({key: value}, doc_ids=[1])

    def replace_all(self, household: Household) -> None:
        """Swap in a whole household (an import) in a single atomic write."""
        # Records keep the dates of their last change (`read_export` dates an old
        # export's), so an import never makes old records look like new changes.
        household = Household.model_validate(household.model_dump())
        with self._transaction():
            for model, table in TABLES.items():
                self._db.drop_table(table)
                self._records[model] = {}
                self._doc_ids[model] = {}
            self._db.table(META_TABLE).update({"current_student_id": None}, doc_ids=[1])
            self._put([r for table in TABLES.values() for r in getattr(household, table)])

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several puts and deletes into one atomic write."""
        with self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.read_only:
            raise ReadOnlyStore(self.path)
        with self._guard:
            self.verify()
            self._listed.clear()
            snapshot = {model: dict(found) for model, found in self._records.items()}
            ids = {model: dict(found) for model, found in self._doc_ids.items()}
            try:
                with self._storage.held():
                    yield
                self._listed.clear()  # a list read inside the batch is out of date now
            except BaseException as exc:
                self._records, self._doc_ids = snapshot, ids
                self._listed.clear()
                self._db.clear_cache()
                if isinstance(exc, OSError):
                    raise SaveFailed(self.path, exc) from None
                raise

    # --- backups -----------------------------------------------------------------------

    def _check_before_write(self, on_disk: list[bytes] | None) -> None:
        """Before every write, under the lock: is the lock still ours, and does the file
        still hold the bytes read (or last written) here? Then, once a session, before
        changing anything, keep a copy of the file as it was."""
        if self._lock_fd is not None and not lock_still_held(self.path, self._lock_fd):
            raise LockLost(self.path)
        if self._storage.changed_on_disk():
            raise ChangedElsewhere(self.path)
        if self._backed_up or not on_disk:
            return
        keep_copy(self.path, on_disk, self._today or date.today())
        self._backed_up = True

    def back_up(self, label: str) -> None:
        """Keep a copy of the file as it is now, whatever the day's backup holds: a
        merge takes one just before it writes. Raises SaveFailed if it cannot, and
        ChangedElsewhere if the file is no longer what this store read (the write that
        follows would be refused: no copy of another program's file is kept for it)."""
        with self._guard:
            if self._storage.changed_on_disk():
                raise ChangedElsewhere(self.path)
            try:
                keep_copy(self.path, [self.path.read_bytes()], self._today or date.today(), label)
            except OSError as exc:
                raise SaveFailed(self.path, exc) from None

    def backups(self) -> list[Path]:
        return sorted(backup_dir(self.path).glob(f"{self.path.stem}.*.json"), reverse=True)


def _replace_with(doc: dict):
    def replace(stored: dict) -> None:
        stored.clear()
        stored.update(doc)

    return replace


def _in(student_id: object, students: set[str]) -> bool:
    return isinstance(student_id, str) and student_id in students


def _sort_key(model: type[BaseModel]) -> Callable[[BaseModel], Any]:
    """How records of `model` are listed: by date (`on`, else `opened_on`; every kind's
    date is required), then name, then id. One key per kind, reading in C only the
    fields the kind has: asking a pydantic record for a field it lacks goes through its
    slow `__getattr__`, once per record of thousands, on the way to the first paint."""
    key = _SORT_KEYS.get(model)
    if key is None:
        fields = model.model_fields
        day = next((name for name in ("on", "opened_on") if name in fields), None)
        key = _SORT_KEYS[model] = attrgetter(*[name for name in (day, "name", "id") if name and name in fields])
    return key


_SORT_KEYS: dict[type[BaseModel], Callable[[BaseModel], Any]] = {}
