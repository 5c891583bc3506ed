"""Builders for the reliability suite: a household whose words must never leak, and a
data file with real backups beside it.

A module with a name of its own, imported as `households`: `from conftest import`
would pick whichever of the suite's conftest.py files was loaded last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reintegrate.models import Attempt, Ladder, Outcome, Step, Student
from reintegrate.store import Store
from reintegrate.store.paths import backup_dir

TODAY = date(2026, 11, 2)

# Record content that must never appear in a message: a name and the child's words.
CHILD_NAME = "Zephyrine Okonkwo-Vance"
CHILD_WORDS = "the corridor by the sports hall makes me shake"


def make_student(name: str = CHILD_NAME, steps: int = 5) -> Student:
    rungs = [Step(title=f"Step {n}", planned_minutes=5 * n, place="School") for n in range(1, steps + 1)]
    return Student(name=name, ladder=Ladder(steps=rungs, current_step_id=rungs[0].id))


def make_attempt(student: Student, on: date = TODAY, step: int = 0, **fields) -> Attempt:
    rung = student.ladder.steps[step]
    values = dict(
        student_id=student.id,
        on=on,
        step_id=rung.id,
        step_title=rung.title,
        planned_minutes=rung.planned_minutes,
        outcome=Outcome.partial,
        minutes_managed=1,
        distress_peak=6,
        child_words=CHILD_WORDS,
    )
    values.update(fields)
    return Attempt(**values)


@dataclass
class Household:
    path: Path
    student: Student
    attempts: list[Attempt]
    good: bytes  # the file as last saved
    newest_backup: Path

    def folder_state(self) -> dict[str, bytes | None]:
        """Every file beside the data file and in its backups, with its bytes."""
        found: dict[str, bytes | None] = {}
        for folder in (self.path.parent, backup_dir(self.path)):
            for item in sorted(folder.iterdir()):
                found[str(item)] = item.read_bytes() if item.is_file() and not item.name.endswith(".lock") else None
        return found


def write_household(path: Path) -> Household:
    """Three sessions on three days, so two real backups sit beside the file."""
    student = make_student()
    attempts = [make_attempt(student, on=TODAY - timedelta(n), notes=f"day {n}") for n in range(6)]
    with Store.open(path, today=TODAY - timedelta(2)) as store:
        store.put(student)
    with Store.open(path, today=TODAY - timedelta(1)) as store:
        store.put_many(attempts[:3])
    with Store.open(path, today=TODAY) as store:
        store.put_many(attempts[3:])
        newest = store.backups()[0]
    return Household(path, student, attempts, path.read_bytes(), newest)
