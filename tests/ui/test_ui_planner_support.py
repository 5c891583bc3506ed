"""Households that make the planner propose each kind, for the Pilot and snapshot tests
of the proposal on Today (pytest collects this file; it holds no tests).

Every id and date is fixed: attempts are laid on the school days before TODAY (a
Thursday), as the planner's own scenario tests do, so a proposal's reasons cite the
same dates on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from reintegrate.models import (
    Attempt,
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
from reintegrate.schooldays import SchoolDays
from reintegrate.store import Store
from screens.app import ReintegrateApp, make_app

TODAY = date(2026, 11, 26)  # a Thursday
STUDENT_ID = "student-sam"

# (title, place, minutes, supports)
STEPS = [
    ("Drive past school", "In the car", 10, ["parent drives"]),
    ("Car park, 15 minutes", "School car park", 15, ["parent drives"]),
    ("Safe room with trusted adult", "Safe room", 30, ["safe space", "trusted adult meets"]),
    ("Half day, flexible arrival", "School", 180, ["flexible arrival"]),
    ("Full day", "School", 390, []),
]

GOOD = ("completed", 2)
BAD = ("refused", 6)
VAN = ("school van",)


def step_id(n: int) -> str:
    """The fixed id of step `n`, counted from 0 like the planner tests' s0..s4."""
    return f"s{n}"


def make_student(current: int = 2, *, plan_weeks_ago: int | None = None) -> Student:
    steps = [
        Step(id=step_id(n), title=title, place=place, planned_minutes=minutes, supports=supports,
             description=f"{title}, then home.", expected_difficulty=2 * n + 1)
        for n, (title, place, minutes, supports) in enumerate(STEPS)
    ]
    plan = Plan.starting(TODAY - timedelta(weeks=plan_weeks_ago)) if plan_weeks_ago is not None else None
    return Student(
        id=STUDENT_ID, name="Sam", calendar=SchoolCalendar(),
        ladder=Ladder(steps=steps, current_step_id=step_id(current)), plan=plan,
    )


def runs(student: Student, segments: Sequence[tuple[int, Sequence[tuple]]], until: date = TODAY) -> list[Attempt]:
    """Attempts on consecutive school days ending the day before `until`: each segment is
    a step number and results (outcome, peak[, minutes[, triggers]])."""
    total = sum(len(results) for _, results in segments)
    dates = SchoolDays(student.calendar).last(until - timedelta(days=1), total)
    made: list[Attempt] = []
    for number, results in segments:
        step = student.ladder.step(step_id(number))
        assert step is not None
        for outcome, peak, *rest in results:
            on = dates[len(made)]
            minutes = rest[0] if rest else None
            if minutes is None:
                minutes = step.planned_minutes if outcome in ("completed", "did_more") else 0
            made.append(Attempt(
                id=f"attempt-{on.isoformat()}", student_id=student.id, on=on, step_id=step.id,
                step_title=step.title, planned_minutes=step.planned_minutes, outcome=Outcome(outcome),
                minutes_managed=minutes, distress_peak=peak, triggers=list(rest[1]) if len(rest) > 1 else [],
            ))
    return made


def household(student: Student, attempts: Sequence[Attempt] = (), decisions: Sequence[Decision] = ()) -> Household:
    return Household(students=[student], attempts=list(attempts), decisions=list(decisions))


# One household per proposal kind, as the planner's scenario table builds them.
def advance() -> Household:
    s = make_student()
    return household(s, runs(s, [(2, [("completed", 3), GOOD, GOOD])]))


def repeat() -> Household:
    s = make_student()
    return household(s, runs(s, [(2, [GOOD, BAD, GOOD])]))


def step_back() -> Household:
    s = make_student()
    return household(s, runs(s, [(2, [GOOD, ("refused", 6), ("not_started", 5)])]))


def split_step() -> Household:
    s = make_student()
    return household(s, runs(s, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [BAD, BAD]), (1, [GOOD] * 3),
                                 (2, [GOOD, BAD, BAD])]))


def address_trigger() -> Household:
    s = make_student()
    return household(s, runs(s, [(2, [("refused", 5, 0, VAN), GOOD, ("refused", 6, 0, VAN), GOOD,
                                      ("partial", 5, 5, VAN + ("noise",))])]))


def review_plan() -> Household:
    s = make_student(plan_weeks_ago=6)
    return household(s, runs(s, [(2, [GOOD, BAD, GOOD])]))


def pause_and_stabilise() -> Household:
    s = make_student()
    return household(s, runs(s, [(1, [GOOD] * 3), (2, [GOOD, ("completed", 9), ("completed", 10)])]))


KINDS: dict[ProposalKind, Callable[[], Household]] = {
    ProposalKind.advance: advance,
    ProposalKind.repeat: repeat,
    ProposalKind.step_back: step_back,
    ProposalKind.split_step: split_step,
    ProposalKind.address_trigger: address_trigger,
    ProposalKind.review_plan: review_plan,
    ProposalKind.pause_and_stabilise: pause_and_stabilise,
}


def with_decisions(built: Household) -> Household:
    """The household with a few decisions of each sort behind it, for the history."""
    s = built.students[0]
    titles = {step.id: step.title for step in s.ladder.steps}

    def decision(n: int, on: date, kind: ProposalKind, frm: int, proposed: int, chosen: int,
                 accepted: bool = True, note: str = "", reasons: Sequence[str] = ()) -> Decision:
        return Decision(
            id=f"decision-{n}", student_id=s.id, on=on, proposal_kind=kind,
            from_step_id=step_id(frm), from_step_title=titles[step_id(frm)],
            proposed_step_id=step_id(proposed), proposed_step_title=titles[step_id(proposed)],
            chosen_step_id=step_id(chosen), chosen_step_title=titles[step_id(chosen)],
            accepted=accepted, note=note, reasons=list(reasons),
            decided_at=datetime.combine(on, datetime.min.time()) + timedelta(hours=8, minutes=n),
        )

    start = date(2026, 10, 12)
    decisions = [
        decision(1, start, ProposalKind.advance, 0, 1, 1, reasons=[
            "3 of the last 3 attempts at 'Drive past school' completed (Tue 6 Oct, Wed 7 Oct and "
            "Thu 8 Oct); peak distress 2, 2, 1 — all at or under 4."]),
        decision(2, start + timedelta(days=10), ProposalKind.advance, 1, 2, 2),
        decision(3, start + timedelta(days=17), ProposalKind.step_back, 2, 1, 2, accepted=False,
                 note="Half term starts Friday; we keep the safe room until then.", reasons=[
                     "The last 2 attempts at 'Safe room with trusted adult' did not go as planned."]),
        decision(4, start + timedelta(days=24), ProposalKind.address_trigger, 2, 2, 2),
    ]
    return built.model_copy(update={"decisions": decisions})


def open_store(built: Household, tmp_path: Path) -> Store:
    """A store on a fresh file in `tmp_path` holding `built`; the test closes it."""
    store = Store.open(tmp_path / "reintegrate.json", today=TODAY)
    store.put_many([*built.students, *built.attempts, *built.days, *built.decisions,
                    *built.contacts, *built.barriers, *built.checkins])
    store.set_meta("current_student_id", built.students[0].id)
    return store


def app_for(built: Household, tmp_path: Path, today: date = TODAY) -> ReintegrateApp:
    return make_app(open_store(built, tmp_path), today)
