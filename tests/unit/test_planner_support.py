"""Builders shared by the planner tests (pytest collects this file; it holds no tests).

Every history is laid out on real school days counted back from TODAY, a Thursday, so
weekends fall where the calendar puts them and a test reads like the family's week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from reintegrate.models import (
    Attempt,
    DayKind,
    DayStatus,
    Decision,
    Ladder,
    Outcome,
    PlannerSettings,
    ProposalKind,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.schooldays import SchoolDays

TODAY = date(2026, 11, 26)  # a Thursday
assert TODAY.weekday() == 3

TITLES = [
    ("Drive past school", 10, ["parent drives"]),
    ("Car park, 15 minutes", 15, ["parent drives"]),
    ("Safe room with trusted adult", 30, ["safe space", "trusted adult meets"]),
    ("Half day, flexible arrival", 180, ["flexible arrival"]),
    ("Full day", 390, []),
]


def make_student(
    current: int = 2,
    steps: int = 5,
    retired: Sequence[int] = (),
    calendar: SchoolCalendar | None = None,
    **settings,
) -> Student:
    ladder_steps = [
        Step(
            id=f"s{n}",
            title=title,
            planned_minutes=minutes,
            supports=supports,
            place="School" if n > 1 else "Car",
            expected_difficulty=2 * n + 1,
            retired=n in retired,
        )
        for n, (title, minutes, supports) in enumerate(TITLES[:steps])
    ]
    return Student(
        id="kid",
        name="Sam",
        calendar=calendar or SchoolCalendar(),
        settings=PlannerSettings(**settings),
        ladder=Ladder(steps=ladder_steps, current_step_id=f"s{current}"),
    )


def school_days_back(student: Student, n: int, until: date = TODAY) -> list[date]:
    """The n school days before `until` (not included), oldest first."""
    return SchoolDays(student.calendar).last(until - timedelta(days=1), n)


def attempt(
    student: Student,
    on: date,
    step: int | str,
    outcome: str = "completed",
    peak: int | None = 2,
    minutes: int | None = None,
    triggers: Sequence[str] = (),
    student_id: str | None = None,
) -> Attempt:
    step_obj = student.ladder.step(step if isinstance(step, str) else f"s{step}")
    assert step_obj is not None
    if minutes is None and outcome in ("completed", "did_more"):
        minutes = step_obj.planned_minutes
    if outcome in ("refused", "not_started"):
        minutes = 0
    return Attempt(
        student_id=student_id or student.id,
        on=on,
        step_id=step_obj.id,
        step_title=step_obj.title,
        planned_minutes=step_obj.planned_minutes,
        outcome=Outcome(outcome),
        minutes_managed=minutes,
        distress_peak=peak,
        triggers=list(triggers),
    )


def run(student: Student, step: int, results: Sequence[tuple], until: date = TODAY) -> list[Attempt]:
    """Attempts at one step on consecutive school days ending the day before `until`.

    Each result is (outcome, peak) or (outcome, peak, minutes) or
    (outcome, peak, minutes, triggers).
    """
    dates = school_days_back(student, len(results), until)
    made = []
    for on, result in zip(dates, results):
        outcome, peak, *rest = result
        minutes = rest[0] if rest else None
        triggers = rest[1] if len(rest) > 1 else ()
        made.append(attempt(student, on, step, outcome, peak, minutes, triggers))
    return made


def day(student: Student, on: date, kind: str) -> DayStatus:
    return DayStatus(student_id=student.id, on=on, kind=DayKind(kind))


def moved(student: Student, on: date, from_step: int, to_step: int, kind: str = "step_back") -> Decision:
    return Decision(
        student_id=student.id,
        on=on,
        proposal_kind=ProposalKind(kind),
        from_step_id=f"s{from_step}",
        proposed_step_id=f"s{to_step}",
        chosen_step_id=f"s{to_step}",
        accepted=True,
    )


GOOD = ("completed", 2)
BAD = ("refused", 6)


def runs(student: Student, segments: Sequence[tuple[int, Sequence[tuple]]], until: date = TODAY) -> list[Attempt]:
    """Consecutive runs at several steps, e.g. [(2, [BAD, BAD]), (1, [GOOD] * 3)], laid
    on consecutive school days ending the day before `until`."""
    total = sum(len(results) for _, results in segments)
    dates = school_days_back(student, total, until)
    made: list[Attempt] = []
    for step, results in segments:
        for result in results:
            on = dates[len(made)]
            outcome, peak, *rest = result
            minutes = rest[0] if rest else None
            triggers = rest[1] if len(rest) > 1 else ()
            made.append(attempt(student, on, step, outcome, peak, minutes, triggers))
    return made
