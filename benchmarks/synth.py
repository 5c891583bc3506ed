"""Synthetic households for the benchmark: large, plausible, reproducible.

`school_years(1 student, 3 years)` is a long but ordinary history; `school_years(5
students, 10 years)` is about 10,000 attempts, far past anything a family will record.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from reintegrate.models import (
    Attempt,
    Closure,
    DayKind,
    DayStatus,
    Household,
    Ladder,
    Morning,
    Outcome,
    Plan,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.schooldays import SchoolDays

TRIGGERS = ["school van", "crowded corridor", "noise", "maths lesson", "being late"]
SYMPTOMS = ["headache", "stomach ache", "panic", "crying", "shutdown"]
HELPED = ["music in the car", "safe space", "trusted adult", "breathing", "early arrival"]
MORNING = ["would not get out of bed", "clung to a parent", "physical complaints"]


def _ladder(rng: random.Random) -> Ladder:
    minutes = [10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 390]
    steps = [
        Step(
            title=f"Step {n}: {m} minutes at school",
            place="School" if n > 2 else "Car park",
            planned_minutes=m,
            supports=rng.sample(["parent drives", "safe space", "flexible arrival"], 2),
            expected_difficulty=min(10, n),
        )
        for n, m in enumerate(minutes, start=1)
    ]
    return Ladder(steps=steps, current_step_id=steps[0].id)


def _holidays(first_year: int, last_year: int) -> SchoolCalendar:
    """About 13 weeks of closures a year, as in a UK school year (~195 school days)."""
    closures = []
    for year in range(first_year, last_year + 1):
        for (m1, d1), (m2, d2), label in [
            ((1, 1), (1, 4), "New Year"),
            ((2, 14), (2, 22), "February half term"),
            ((4, 1), (4, 15), "Easter"),
            ((5, 25), (5, 31), "May half term"),
            ((7, 22), (9, 3), "Summer holidays"),
            ((10, 24), (11, 1), "October half term"),
            ((12, 20), (12, 31), "Christmas"),
        ]:
            closures.append(Closure(start=date(year, m1, d1), end=date(year, m2, d2), label=label))
    return SchoolCalendar(closures=closures)


def school_years(students: int, years: int, today: date, seed: int = 7) -> Household:
    """`students` children, each with `years` school years of attempts ending yesterday."""
    rng = random.Random(seed)
    household = Household()
    start = today - timedelta(days=round(365.25 * years))
    calendar = _holidays(start.year, today.year)
    for number in range(students):
        ladder = _ladder(rng)
        student = Student(
            name=f"Child {number + 1}", ladder=ladder, calendar=calendar, plan=Plan.starting(start)
        )
        position = 0
        for day in SchoolDays(student.calendar).between(start, today - timedelta(days=1)):
            if rng.random() < 0.06:
                kind = rng.choice([DayKind.ill, DayKind.agreed_rest, DayKind.absent])
                household.days.append(DayStatus(student_id=student.id, on=day, kind=kind))
                continue
            step = ladder.active[position]
            roll = rng.random()
            outcome = (
                Outcome.completed if roll < 0.55 else Outcome.partial if roll < 0.75
                else Outcome.refused if roll < 0.9 else Outcome.not_started
            )
            managed = {
                Outcome.completed: step.planned_minutes,
                Outcome.partial: max(1, step.planned_minutes // 2),
            }.get(outcome, 0)
            household.attempts.append(
                Attempt(
                    student_id=student.id,
                    on=day,
                    step_id=step.id,
                    step_title=step.title,
                    planned_minutes=step.planned_minutes,
                    outcome=outcome,
                    minutes_managed=managed,
                    distress_before=rng.randint(0, 8),
                    distress_peak=rng.randint(1, 10),
                    distress_after=rng.randint(0, 6),
                    triggers=rng.sample(TRIGGERS, rng.randint(0, 2)),
                    symptoms=rng.sample(SYMPTOMS, rng.randint(0, 2)),
                    helped=rng.sample(HELPED, rng.randint(0, 2)),
                    notes="A synthetic note about how the step went." if rng.random() < 0.3 else "",
                    morning=Morning(
                        woke_on_time=rng.random() < 0.7,
                        behaviours=rng.sample(MORNING, rng.randint(0, 2)),
                    ),
                )
            )
            if outcome is Outcome.completed and rng.random() < 0.15:
                position = min(position + 1, len(ladder.active) - 1)
            elif outcome is Outcome.refused and rng.random() < 0.2:
                position = max(position - 1, 0)
        ladder = ladder.model_copy(update={"current_step_id": ladder.active[position].id})
        household.students.append(student.model_copy(update={"ladder": ladder}))
    return household
