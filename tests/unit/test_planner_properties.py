"""Properties of the planner over any valid history hypothesis can think of."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_planner_support import TODAY

from reintegrate.models import (
    Attempt,
    Barrier,
    BarrierStatus,
    Closure,
    DayKind,
    DayStatus,
    Decision,
    Ladder,
    Outcome,
    Plan,
    PlannerSettings,
    ProposalKind,
    SchoolCalendar,
    Step,
    Student,
)
from reintegrate.planner import PRECEDENCE, apply_decision, propose, schedule
from reintegrate.schooldays import SchoolDays

TAGS = ["school van", "noise", "maths", "being late"]
SUPPORTS = ["parent drives", "safe space", "flexible arrival"]
EXAMPLES = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@st.composite
def planner_settings(draw) -> PlannerSettings:
    window = draw(st.integers(1, 5))
    return PlannerSettings(
        advance_after_successes=draw(st.integers(1, 4)),
        success_peak_max=draw(st.integers(2, 10)),
        step_back_after_failures=draw(st.integers(1, 4)),
        step_back_peak=draw(st.integers(0, 10)),
        split_after_step_backs=draw(st.integers(1, 3)),
        review_after_school_days=draw(st.integers(3, 60)),
        pause_peak=draw(st.integers(0, 10)),
        pause_days=draw(st.integers(1, window)),
        pause_window=window,
        trigger_min_unsuccessful=draw(st.integers(1, 5)),
        trigger_unsuccessful_share=draw(st.sampled_from([0.0, 0.5, 0.6, 1.0])),
        trigger_successful_share=draw(st.sampled_from([0.0, 0.2, 1.0])),
        schedule_days=draw(st.integers(5, 10)),
    )


@st.composite
def calendars(draw) -> SchoolCalendar:
    weekdays = draw(st.just({0, 1, 2, 3, 4}) | st.sets(st.integers(0, 6), min_size=1, max_size=7))
    closures = []
    for _ in range(draw(st.integers(0, 2))):
        start = TODAY + timedelta(days=draw(st.integers(-40, 20)))
        closures.append(Closure(start=start, end=start + timedelta(days=draw(st.integers(0, 9)))))
    return SchoolCalendar(weekdays=sorted(weekdays), closures=closures)


@st.composite
def students(draw) -> Student:
    n = draw(st.integers(1, 5))
    retired = draw(st.sets(st.integers(0, n - 1), max_size=n))
    steps = [
        Step(
            id=f"s{i}",
            title=f"Step {i}",
            planned_minutes=draw(st.integers(1, 400)),
            supports=draw(st.lists(st.sampled_from(SUPPORTS), max_size=2)),
            expected_difficulty=draw(st.none() | st.integers(0, 10)),
            retired=i in retired,
        )
        for i in range(n)
    ]
    active = [s.id for s in steps if not s.retired]
    current = draw(st.sampled_from(active)) if active and draw(st.integers(0, 9)) else None
    plan = None
    if draw(st.booleans()):
        plan = Plan.starting(TODAY - timedelta(days=draw(st.integers(0, 80))))
    return Student(
        id="kid",
        name="Sam",
        calendar=draw(calendars()),
        settings=draw(planner_settings()),
        ladder=Ladder(steps=steps, current_step_id=current),
        plan=plan,
    )


def offsets(draw, size: int, unique: bool) -> list[date]:
    days = st.integers(-30, 2)
    values = draw(st.lists(days, max_size=size, unique=unique))
    return sorted(TODAY + timedelta(days=d) for d in values)


@st.composite
def histories(draw, unique_dates: bool = False) -> dict:
    student = draw(students())
    ids = [s.id for s in student.ladder.steps]
    attempts = []
    # Mostly the current step, so the rules about a step's results get exercised.
    likely = ids + [student.ladder.current_step_id] * 3 * len(ids) if student.ladder.current_step_id else ids
    for on in offsets(draw, 30, unique_dates):
        step = student.ladder.step(draw(st.sampled_from(likely)))
        outcome = draw(st.sampled_from([Outcome.completed] * 4 + list(Outcome)))
        minutes = 0 if outcome in (Outcome.refused, Outcome.not_started) else draw(st.none() | st.integers(0, 600))
        attempts.append(Attempt(
            student_id=draw(st.sampled_from(["kid", "kid", "kid", "sibling"])),
            on=on, step_id=step.id, step_title=step.title, planned_minutes=step.planned_minutes,
            outcome=outcome, minutes_managed=minutes,
            distress_peak=draw(st.none() | st.integers(0, 10) | st.integers(0, 4)),
            triggers=draw(st.lists(st.sampled_from(TAGS), max_size=2)),
        ))
    days = [
        DayStatus(student_id="kid", on=on, kind=draw(st.sampled_from(list(DayKind))))
        for on in offsets(draw, 8, True)
    ]
    decisions = [
        Decision(
            student_id="kid", on=on, proposal_kind=draw(st.sampled_from(list(ProposalKind))),
            from_step_id=draw(st.none() | st.sampled_from(ids)),
            chosen_step_id=draw(st.sampled_from(ids)), accepted=True,
        )
        for on in offsets(draw, 5, True)
    ]
    barriers = [
        Barrier(student_id="kid", title="A barrier", trigger_tags=[draw(st.sampled_from(TAGS))],
                status=draw(st.sampled_from(list(BarrierStatus))), opened_on=TODAY - timedelta(days=30),
                resolved_on=TODAY - timedelta(days=draw(st.integers(0, 30))))
        for _ in range(draw(st.integers(0, 2)))
    ]
    return dict(student=student, attempts=attempts, days=days, decisions=decisions, barriers=barriers)


def _propose(h: dict, today: date = TODAY):
    return propose(h["student"], h["attempts"], h["days"], today, decisions=h["decisions"], barriers=h["barriers"])


@EXAMPLES
@given(histories())
def test_any_history_gets_a_sound_proposal(h: dict) -> None:
    student = h["student"]
    proposal = _propose(h)
    event(f"kind: {proposal.kind.value}")
    event(f"flagged: {bool(proposal.flags)}")
    active = {s.id: s for s in student.ladder.active}
    if active:
        assert proposal.target_step_id in active
    else:
        assert proposal.target_step_id is None
    assert proposal.reasons and all(r.strip() for r in proposal.reasons)
    assert proposal.headline
    assert set(proposal.flags) <= {ProposalKind.review_plan} and proposal.kind not in proposal.flags
    rank = PRECEDENCE.index
    assert all(rank(k) > rank(proposal.kind) for k in proposal.outranked)
    assert 0 <= proposal.successes_so_far
    if proposal.kind is ProposalKind.split_step:
        split, target = proposal.split, active[proposal.target_step_id]
        assert Step.model_validate(split.model_dump()) == split
        assert split.id not in {s.id for s in student.ladder.steps}
        assert split.planned_minutes <= target.planned_minutes
    else:
        assert proposal.split is None
    if proposal.kind is ProposalKind.address_trigger:
        assert proposal.barrier_tag in TAGS
    assert _propose(h) == proposal  # deterministic


@EXAMPLES
@given(histories(unique_dates=True), st.randoms(use_true_random=False))
def test_the_order_records_come_in_does_not_matter(h: dict, rnd) -> None:
    proposal = _propose(h)
    shuffled = dict(h)
    for key in ("attempts", "days"):
        shuffled[key] = rnd.sample(h[key], len(h[key]))
    assert _propose(shuffled) == proposal


@EXAMPLES
@given(histories(), st.integers(0, 6), st.none() | st.integers(1, 12))
def test_the_schedule_is_school_days_on_the_ladder(h: dict, shift: int, count: int | None) -> None:
    student = h["student"]
    today = TODAY + timedelta(days=shift)
    proposal = _propose(h, today)
    days = schedule(student, h["attempts"], h["days"], today, count, proposal, decisions=h["decisions"])
    expected = student.settings.schedule_days if count is None else count
    assert len(days) == expected
    dates = [d.on for d in days]
    assert dates == sorted(set(dates)) and dates[0] >= today
    school = SchoolDays.of(student, h["days"])  # a day marked closed is never laid out
    assert all(school.is_school_day(on) for on in dates)
    allowed = {s.id for s in student.ladder.active} | ({proposal.split.id} if proposal.split else set())
    assert all(d.step_id is None or d.step_id in allowed for d in days)
    assert all(d.note for d in days)


@EXAMPLES
@given(histories())
def test_accepting_any_proposal_leaves_a_valid_student(h: dict) -> None:
    student = h["student"]
    proposal = _propose(h)
    updated, decision = apply_decision(student, proposal, accepted=True, today=TODAY)
    assert Student.model_validate(updated.model_dump()) == updated
    expected = proposal.split.id if proposal.split else proposal.target_step_id or student.ladder.current_step_id
    assert updated.ladder.current_step_id == expected
    assert decision.accepted and decision.proposal_kind is proposal.kind
    # Proposing again over the same records never fails either.
    assert _propose({**h, "student": updated, "decisions": [*h["decisions"], decision]}).reasons


@settings(max_examples=200, deadline=None)
@given(calendars(), st.integers(-900, 400), st.integers(1, 25), st.sets(st.integers(-60, 60), max_size=8))
def test_school_days_agree_with_asking_day_by_day(calendar: SchoolCalendar, shift: int, n: int,
                                                  marked: set[int]) -> None:
    """SchoolDays answers from merged closures (a binary search); asked day by day, the
    definition is: a school weekday, in no closure, not marked closed."""
    closed = {TODAY + timedelta(days=m): "" for m in marked}
    school = SchoolDays(calendar, closed)

    def plain(day: date) -> bool:
        return (day.weekday() in calendar.weekdays and day not in closed
                and not any(c.covers(day) for c in calendar.closures))

    def walk(start: date, step: int, count: int) -> list[date]:
        found, day = [], start
        for _ in range(3 * 366):
            if len(found) >= count:
                break
            if plain(day):
                found.append(day)
            day += timedelta(days=step)
        return found

    day = TODAY + timedelta(days=shift)
    assert school.is_school_day(day) == plain(day)
    assert school.last(day, n) == walk(day, -1, n)[::-1]
    assert school.upcoming(day, n) == walk(day, 1, n)
    assert school.previous(day) == next(iter(walk(day - timedelta(days=1), -1, 1)), None)
    assert list(school.between(day, day + timedelta(days=n * 3))) == [
        d for d in (day + timedelta(days=k) for k in range(n * 3 + 1)) if plain(d)]
