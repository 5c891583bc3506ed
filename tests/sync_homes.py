"""Two homes and a sync tool, simulated: no daemon, no network.

Each `Home` has its own data file and its own config folder, and sees the shared
folder as its own copy of it (`Home.folder`): the `SyncTool` carries files between
the copies when a test says so, whole, late, out of order, half-written, or as the
conflict copies real sync tools make. Households are kept small, and the household key
is made directly (`agefile.new_identity`), not through a passphrase (scrypt takes a
second each way).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reintegrate import agefile
from reintegrate.models import Attempt, Household, Ladder, Outcome, Step, Student
from reintegrate.store import Store
from reintegrate.store.exchange import export_document, read_export
from reintegrate.store.files import data_path
from reintegrate.store.merge import KINDS, canonical
from reintegrate.sync.folder import home_file_name
from reintegrate.sync.kept import SyncSettings, home_id, keep_key, keep_settings
from reintegrate.sync.run import sync_now

TODAY = date(2026, 11, 26)
CHILD = "Marigold"  # a name found nowhere else: grep the folder for it


class Clock:
    """One clock for both homes, moved by hand: every change is dated in order."""

    def __init__(self, start: datetime = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int = 1) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


class Home:
    def __init__(self, root: Path, name: str, identity: str, clock: Clock, household: Household | None = None):
        self.name = name
        self.clock = clock
        base = root / name
        self.folder = base / "shared"  # this computer's copy of the shared folder
        self.folder.mkdir(parents=True)
        self.config = base / "config"
        self.data = base / "reintegrate.json"
        with self.open() as store:
            if household is not None:
                # As an import dates them: a real data file has no undated record (the
                # store dates every save), and undated ones would be dated anew by
                # each home's export.
                household = read_export(json.dumps(export_document(household, TODAY)))
                store.replace_all(household)
                if household.students:
                    store.set_meta("current_student_id", household.students[0].id)
            path = store.path
        keep_key(identity, clock(), self.config)
        keep_settings(SyncSettings(self.folder, data_path(path)), self.config)
        self.id = home_id(self.config)

    @property
    def own_file(self) -> Path:
        return self.folder / home_file_name(self.id)

    def open(self) -> Store:
        return Store.open(self.data, today=TODAY, now=self.clock)

    def sync(self, **options):
        with self.open() as store:
            return sync_now(store, TODAY, config=self.config, **options)

    def records(self) -> dict[str, list[str]]:
        with Store.open(self.data, read_only=True) as store:
            household = store.household()
        return {kind: sorted(canonical(r) for r in getattr(household, kind)) for kind in [*KINDS, "tombstones"]}

    def add_attempt(self, note: str, on: date = TODAY, **fields) -> Attempt:
        self.clock.tick()
        with self.open() as store:
            student = store.students()[0]
            step = student.ladder.current
            attempt = Attempt(student_id=student.id, on=on, step_id=step.id, step_title=step.title,
                              planned_minutes=step.planned_minutes, outcome=Outcome.partial, minutes_managed=3,
                              notes=note, **fields)
            store.put(attempt)
        return attempt

    def change_notes(self, attempt_id: str, note: str) -> None:
        self.clock.tick()
        with self.open() as store:
            attempt = store.get(Attempt, attempt_id)
            store.put(attempt.model_copy(update={"notes": note}))

    def delete(self, attempt_id: str) -> None:
        self.clock.tick()
        with self.open() as store:
            store.delete(Attempt, attempt_id)

    def notes(self) -> dict[str, str]:
        with Store.open(self.data, read_only=True) as store:
            return {a.id: a.notes for s in store.students() for a in store.attempts(s.id)}


class SyncTool:
    """Carries files between the homes' copies of the shared folder, as a sync tool
    would: whole files by a temporary name then a rename, when the test says so."""

    def __init__(self, *homes: Home):
        self.homes = homes

    def carry(self, source: Home, target: Home, name: str | None = None, raw: bytes | None = None) -> None:
        """`source`'s own file (or `name`) into `target`'s copy, whole; `raw`: these bytes instead."""
        name = name or source.own_file.name
        data = raw if raw is not None else (source.folder / name).read_bytes()
        temporary = target.folder / f".syncthing.{name}.tmp"
        temporary.write_bytes(data)
        temporary.replace(target.folder / name)

    def everywhere(self) -> None:
        """Every home's own file into every other home's copy."""
        for source in self.homes:
            if source.own_file.exists():
                for target in self.homes:
                    if target is not source:
                        self.carry(source, target)


def household_of(name: str = CHILD) -> Household:
    steps = [Step(id=f"step-{n}", title=f"Step {n}", planned_minutes=5 * n, place="School gate") for n in (1, 2, 3)]
    student = Student(id="student-1", name=name, ladder=Ladder(steps=steps, current_step_id="step-1"))
    return Household(students=[student])


def new_key() -> str:
    return agefile.new_identity()


def plain_export(raw: bytes, identity: str) -> dict:
    return json.loads(agefile.decrypt_with(raw, identity))


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
