"""Small builders for the core's unit tests: a student on a short ladder, attempts at
its steps, and a data file path inside the test's own temporary folder.

Offered as fixtures (`make_student`, `make_attempt`) rather than imported, because
several folders have a conftest.py and `from conftest import` would pick whichever
was loaded last."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.models import Attempt, Ladder, Outcome, Step, Student

# A Monday in term time: every date in these tests is fixed, never date.today().
TODAY = date(2026, 11, 2)


def _make_student(name: str = "Mina", steps: int = 4) -> Student:
    ladder_steps = [
        Step(title=f"Step {n}", planned_minutes=5 * n, place="School gate", supports=["Parent drives"])
        for n in range(1, steps + 1)
    ]
    return Student(name=name, ladder=Ladder(steps=ladder_steps, current_step_id=ladder_steps[0].id))


def _make_attempt(student: Student, on: date = TODAY, step: int = 0, **fields) -> Attempt:
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
def make_student():
    return _make_student


@pytest.fixture
def make_attempt():
    return _make_attempt


@pytest.fixture
def student() -> Student:
    return _make_student()


@pytest.fixture
def data_file(tmp_path):
    """A data file in a folder that does not exist yet, as on a first run."""
    return tmp_path / "home" / "reintegrate" / "reintegrate.json"


@pytest.fixture
def no_real_data(tmp_path, monkeypatch):
    """A command given no --data would open this path, inside the test's own folder, and
    never the real default data file. Command-line test modules use it for every test:
    `pytestmark = pytest.mark.usefixtures("no_real_data")`."""
    monkeypatch.setenv("REINTEGRATE_DATA", str(tmp_path / "never-used" / "real.json"))
