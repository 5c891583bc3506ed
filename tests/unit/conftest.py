"""Small builders for the core's unit tests: a student on a short ladder, attempts at
its steps, and a data file path inside the test's own temporary folder."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.models import Attempt, Ladder, Outcome, Step, Student

# A Monday in term time: every date in these tests is fixed, never date.today().
TODAY = date(2026, 11, 2)


def make_student(name: str = "Mina", steps: int = 4) -> Student:
    ladder_steps = [
        Step(title=f"Step {n}", planned_minutes=5 * n, place="School gate", supports=["Parent drives"])
        for n in range(1, steps + 1)
    ]
    return Student(name=name, ladder=Ladder(steps=ladder_steps, current_step_id=ladder_steps[0].id))


def make_attempt(student: Student, on: date = TODAY, step: int = 0, **fields) -> Attempt:
    chosen = student.ladder.steps[step]
    values = dict(
        student_id=student.id,
        on=on,
        step_id=chosen.id,
        step_title=chosen.title,
        planned_minutes=chosen.planned_minutes,
        outcome=Outcome.completed,
        minutes_managed=chosen.planned_minutes,
        distress_peak=3,
    )
    values.update(fields)
    return Attempt(**values)


@pytest.fixture
def student() -> Student:
    return make_student()


@pytest.fixture
def data_file(tmp_path):
    """A data file in a folder that does not exist yet, as on a first run."""
    return tmp_path / "home" / "reintegrate" / "reintegrate.json"
