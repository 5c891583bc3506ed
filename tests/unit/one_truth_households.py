"""Varied households for the one-truth tests: every surface must tell the same plan.

Students with ladders of three to six steps, a few weeks of attempts near the current
step, days marked in the past and ahead (ill, closed, agreed rest, absent), closures,
barriers open, worked around and resolved, accepted and overridden decisions, and one
or two students. Built only from the public models, so the same households can be
written on any version of the app.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import strategies as st

from reintegrate.models import (
    Attempt,
    Barrier,
    Closure,
    DayKind,
    DayStatus,
    Decision,
    Household,
    Ladder,
    Outcome,
    Plan,
    ProposalKind,
    SchoolCalendar,
    Step,
    Student,
)

TODAY = date(2026, 11, 26)  # a Thursday
TAGS = ["school van", "another student", "noise"]
NAMES = ["Sam", "Ada"]
PAST_DAYS = 22  # school days of history before today
AHEAD = 14  # calendar days ahead in which days may be marked


def weekdays(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1) if (start + timedelta(n)).weekday() < 5]


@st.composite
def students_records(draw, index: int) -> tuple[Student, list, list, list, list]:
    sid = f"student-{index}"
    name = NAMES[index]
    n_steps = draw(st.integers(3, 6))
    steps = [
        Step(id=f"{sid}-step-{n}", title=f"{name} step {n + 1}", planned_minutes=15 * (n + 1),
             place="School" if n else "Car park", supports=["parent drives"] if n % 2 else [])
        for n in range(n_steps)
    ]
    current = draw(st.integers(0, n_steps - 1))
    closures = []
    if draw(st.booleans()):
        start = TODAY + timedelta(days=draw(st.integers(-20, AHEAD)))
        closures.append(Closure(start=start, end=start + timedelta(days=draw(st.integers(0, 4))), label="Closed"))
    calendar = SchoolCalendar(closures=closures)
    plan = Plan.starting(TODAY - timedelta(days=draw(st.integers(10, 50)))) if draw(st.booleans()) else None

    past = [d for d in weekdays(TODAY - timedelta(days=40), TODAY) if not any(c.covers(d) for c in closures)]
    past = past[-PAST_DAYS:]
    attempts: list[Attempt] = []
    days: list[DayStatus] = []
    for on in past:
        what = draw(st.sampled_from(["attempt", "attempt", "attempt", "nothing", "day"]))
        if on == TODAY:
            what = draw(st.sampled_from(["nothing", "attempt", "day"]))
        if what == "attempt":
            at = min(n_steps - 1, max(0, current + draw(st.integers(-1, 1))))
            step = steps[at]
            outcome = draw(st.sampled_from(list(Outcome)))
            minutes = None
            if outcome in (Outcome.completed, Outcome.did_more):
                minutes = step.planned_minutes
            elif outcome is Outcome.partial:
                minutes = draw(st.integers(0, step.planned_minutes))
            attempts.append(Attempt(
                id=f"{sid}-a-{on}", student_id=sid, on=on, step_id=step.id, step_title=step.title,
                planned_minutes=step.planned_minutes, outcome=outcome, minutes_managed=minutes,
                distress_peak=draw(st.one_of(st.none(), st.integers(0, 10))),
                triggers=draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
            ))
        elif what == "day":
            days.append(DayStatus(id=f"{sid}-d-{on}", student_id=sid, on=on, kind=draw(st.sampled_from(list(DayKind)))))
    # Days marked ahead of time.
    for on in weekdays(TODAY + timedelta(days=1), TODAY + timedelta(days=AHEAD)):
        if draw(st.integers(0, 5)) == 0:
            days.append(DayStatus(id=f"{sid}-d-{on}", student_id=sid, on=on, kind=draw(st.sampled_from(list(DayKind)))))

    barriers = []
    for n, tag in enumerate(TAGS):
        status = draw(st.sampled_from([None, "open", "worked_around", "resolved"]))
        if status is None:
            continue
        opened = TODAY - timedelta(days=draw(st.integers(1, 30)))
        barriers.append(Barrier(
            id=f"{sid}-b-{n}", student_id=sid, title=f"About {tag}", trigger_tags=[tag], status=status,
            opened_on=opened, resolved_on=opened + timedelta(days=1) if status == "resolved" else None,
        ))

    decisions = []
    if draw(st.booleans()):
        on = TODAY - timedelta(days=draw(st.integers(0, 6)))
        from_step = steps[current]
        chosen_at = min(n_steps - 1, max(0, current + draw(st.integers(-1, 1))))
        chosen = steps[chosen_at]
        accepted = draw(st.booleans())
        decisions.append(Decision(
            id=f"{sid}-dec", student_id=sid, on=on, proposal_kind=draw(st.sampled_from(list(ProposalKind))),
            from_step_id=from_step.id, from_step_title=from_step.title,
            proposed_step_id=chosen.id, proposed_step_title=chosen.title,
            chosen_step_id=chosen.id, chosen_step_title=chosen.title, accepted=accepted,
            note="" if accepted else "We agreed with the team to go at this pace.",
            reasons=[f"The reason the proposal gave on {on.isoformat()}, before anything recorded since."],
            decided_at=datetime(on.year, on.month, on.day, 9, 0),
        ))
        current = chosen_at
    student = Student(
        id=sid, name=name, calendar=calendar, plan=plan,
        ladder=Ladder(steps=steps, current_step_id=steps[current].id), created_on=TODAY - timedelta(days=60),
    )
    return student, attempts, days, decisions, barriers


@st.composite
def households(draw) -> Household:
    household = Household()
    for index in range(draw(st.integers(1, 2))):
        student, attempts, days, decisions, barriers = draw(students_records(index))
        household.students.append(student)
        household.attempts.extend(attempts)
        household.days.extend(days)
        household.decisions.extend(decisions)
        household.barriers.extend(barriers)
    return household


def marked_ahead(household: Household, student: Student) -> set[date]:
    return {d.on for d in household.days if d.student_id == student.id and d.on > TODAY}
