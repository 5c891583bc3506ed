"""A fixed household for tests: one student, a 10-step ladder, four weeks of records.

Every id and date is derived from `today`, never from the clock or uuid4, so tests and
snapshots see the same records on every run. Other test modules reuse this builder:
keep it general (no test-specific quirks) and add variations in the tests themselves.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from reintegrate.models import (
    Attempt,
    DayKind,
    DayStatus,
    Household,
    Ladder,
    Morning,
    Outcome,
    Plan,
    SchoolCalendar,
    SchoolInfo,
    StaffMember,
    Step,
    Student,
)
from reintegrate.schooldays import SchoolDays
from reintegrate.store import Store

STUDENT_ID = "student-sam"
STUDENT_NAME = "Sam"
CURRENT_STEP = 4  # 1-based: "Fifteen minutes in the safe room"

# (title, place, planned minutes, supports, expected difficulty)
STEPS = [
    ("Drive past the school", "In the car", 10, ["parent drives"], 2),
    ("Sit in the car park", "School car park", 15, ["parent drives"], 3),
    ("Walk to the school gate", "School gate", 15, ["parent drives", "trusted adult meets"], 4),
    ("Fifteen minutes in the safe room", "Safe room, student support", 15,
     ["parent drives", "safe space", "trusted adult meets"], 5),
    ("Forty-five minutes in the safe room", "Safe room, student support", 45,
     ["parent drives", "safe space", "trusted adult meets"], 5),
    ("One preferred lesson", "Art room", 60, ["parent drives", "flexible arrival", "safe space"], 6),
    ("Two lessons with flexible arrival", "Classrooms", 120, ["parent drives", "flexible arrival"], 7),
    ("Mornings with flexible arrival", "School", 180, ["flexible arrival", "reduced workload"], 7),
    ("Half days", "School", 210, ["flexible arrival"], 8),
    ("Full days with the usual transport", "School", 390, [], 9),
]


def step_id(number: int) -> str:
    """The fixed id of the 1-based step `number`."""
    return f"step-{number:02d}"


# The last 18 school days before today, oldest first: a step number with
# (outcome, minutes managed, distress before, peak, after, triggers, symptoms, helped),
# or a DayKind for a day without an attempt. Ups and downs, a step back, the van.
HISTORY: list = [
    (2, Outcome.completed, 15, 5, 6, 3, [], ["stomach ache"], ["music in the car"]),
    (2, Outcome.completed, 15, 4, 4, 2, [], [], ["music in the car"]),
    (2, Outcome.completed, 15, 3, 3, 2, [], [], []),
    (3, Outcome.partial, 8, 6, 7, 4, ["crowded corridor"], ["panic"], ["breathing"]),
    DayKind.ill,
    (3, Outcome.completed, 15, 5, 5, 3, [], ["headache"], ["trusted adult"]),
    (3, Outcome.completed, 15, 4, 4, 2, [], [], ["trusted adult"]),
    (3, Outcome.completed, 15, 3, 3, 1, [], [], []),
    (4, Outcome.refused, 0, 8, 9, 6, ["school van"], ["crying", "shutdown"], []),
    (4, Outcome.partial, 5, 7, 8, 5, ["school van"], ["stomach ache"], ["safe space"]),
    (3, Outcome.completed, 15, 4, 4, 2, [], [], ["music in the car"]),
    DayKind.agreed_rest,
    (4, Outcome.completed, 15, 6, 6, 3, [], ["headache"], ["safe space", "trusted adult"]),
    (4, Outcome.not_started, 0, 7, 7, 5, ["school van"], ["panic"], []),
    DayKind.closed,
    (4, Outcome.completed, 15, 5, 5, 2, [], [], ["safe space"]),
    (4, Outcome.did_more, 25, 4, 4, 2, [], [], ["safe space", "trusted adult"]),
    (4, Outcome.completed, 15, 4, 3, 2, [], [], ["safe space"]),
]

CHILD_WORDS = {
    Outcome.completed: "It was OK once I was inside.",
    Outcome.did_more: "I stayed longer because Ms Reid was there.",
    Outcome.refused: "I can't. Not the van.",
}


def make_steps() -> list[Step]:
    return [
        Step(
            id=step_id(number),
            title=title,
            description=f"{title}, then home. Stop early if it gets too much: that still counts.",
            place=place,
            planned_minutes=minutes,
            supports=supports,
            expected_difficulty=difficulty,
        )
        for number, (title, place, minutes, supports, difficulty) in enumerate(STEPS, start=1)
    ]


def make_student(today: date) -> Student:
    steps = make_steps()
    start = SchoolDays(SchoolCalendar()).last(SchoolDays(SchoolCalendar()).previous(today), 18)[0]
    return Student(
        id=STUDENT_ID,
        name=STUDENT_NAME,
        calendar=SchoolCalendar(weekdays=[0, 1, 2, 3, 4]),
        ladder=Ladder(steps=steps, current_step_id=step_id(CURRENT_STEP)),
        plan=Plan.starting(start),
        school=SchoolInfo(
            name="Hillside Secondary",
            staff=[StaffMember(name="Ms Reid", role="Head of year", email="reid@example.org")],
            parent_name="Alex",
        ),
        created_on=start,
    )


def make_attempt(student: Student, on: date, number: int, row: tuple) -> Attempt:
    outcome, minutes, before, peak, after, triggers, symptoms, helped = row
    step = student.ladder.step(step_id(number))
    assert step is not None
    return Attempt(
        id=f"attempt-{on.isoformat()}",
        student_id=student.id,
        on=on,
        step_id=step.id,
        step_title=step.title,
        planned_minutes=step.planned_minutes,
        outcome=outcome,
        minutes_managed=minutes,
        distress_before=before,
        distress_peak=peak,
        distress_after=after,
        triggers=triggers,
        symptoms=symptoms,
        helped=helped,
        child_words=CHILD_WORDS.get(outcome, ""),
        morning=Morning(
            woke_on_time=peak < 8,
            behaviours=["physical complaints"] if symptoms else [],
            left_home_at=time(8, 40) if minutes else None,
        ),
    )


def make_household(today: date) -> Household:
    """Sam's household as it stands on `today`: nothing recorded for `today` itself.

    The records cover the 18 school days before `today` (Monday to Friday, no
    closures), so `today` may be any date, a school day or not.
    """
    student = make_student(today)
    days = SchoolDays(student.calendar).last(SchoolDays(student.calendar).previous(today), 18)
    attempts: list[Attempt] = []
    statuses: list[DayStatus] = []
    for on, entry in zip(days, HISTORY):
        if isinstance(entry, DayKind):
            statuses.append(
                DayStatus(id=f"day-{on.isoformat()}", student_id=student.id, on=on, kind=entry)
            )
        else:
            number, *row = entry
            attempts.append(make_attempt(student, on, number, tuple(row)))
    return Household(students=[student], attempts=attempts, days=statuses)


def store_with(household: Household, tmp_path: Path, *, today: date | None = None) -> Store:
    """A Store on a fresh file in `tmp_path` holding `household`; the caller closes it."""
    store = Store.open(tmp_path / "reintegrate.json", today=today)
    records = [*household.students, *household.attempts, *household.days,
               *household.decisions, *household.contacts, *household.barriers]
    if records:
        store.put_many(records)
    if household.students:
        store.set_meta("current_student_id", household.students[0].id)
    return store
