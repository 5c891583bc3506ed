"""The planner: from what actually happened, what to do next and why.

Pure functions, no I/O; `today` is always passed in. The public API:

- `propose(student, attempts, days, today)` -> Proposal
- `schedule(student, attempts, days, today, count, proposal)` -> list[PlannedDay]
- `review_status(student, today)` -> ReviewStatus | None
- `apply_decision(student, proposal, accepted=..., ...)` -> (Student, Decision)

Precedence when several rules apply (safety first, then the size of the step, then
what stands in the way, then the pace):

1. pause_and_stabilise
2. split_step / step_back (they never apply together)
3. address_trigger
4. advance / repeat

A stalled plan (see planner_stall) adds review_plan to `flags` alongside
whatever wins; when nothing but repeating applies, review_plan is the kind itself.
Two exceptions, both deliberate: with no attempts at all the proposal is to start
(repeat) and a stall is only a flag; and at the top step, when the results say
"consolidate", a stall is not flagged, because the proposal already asks to plan the
end with the school team.

Records are read as planner_history describes: oldest-first lists, of which only
the recent end is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from reintegrate.models import (
    Attempt,
    Barrier,
    DayStatus,
    Decision,
    Ladder,
    ProposalKind,
    Step,
    Student,
)
from reintegrate.planner_context import Context, Finding, stay, trailing
from reintegrate.planner_history import SUCCESS, SchoolDays, read_history, read_statuses
from reintegrate.planner_rules import (
    advance_rule,
    pause_rule,
    repeat_finding,
    step_back_rule,
    trigger_rule,
)
from reintegrate.planner_schedule import PlannedDay, lay_out
from reintegrate.planner_stall import stall_reasons
from reintegrate.planner_words import KIND_GERUNDS, REVIEW_QUESTIONS, count, join, q
from reintegrate.schooldays import count_school_days, long_date

DISCLAIMER = "This is a suggestion worked out from your records, not medical advice."

PRECEDENCE = [
    ProposalKind.pause_and_stabilise,
    ProposalKind.split_step,
    ProposalKind.step_back,
    ProposalKind.address_trigger,
    ProposalKind.advance,
    ProposalKind.repeat,
    ProposalKind.review_plan,
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Proposal(_Frozen):
    """What the planner suggests next, and why."""

    kind: ProposalKind
    target_step_id: str | None
    target_step_title: str = ""
    current_step_id: str | None = None
    current_step_title: str = ""
    headline: str
    reasons: list[str]
    flags: list[ProposalKind] = []
    # Rules that also applied but lost on precedence, shown for transparency.
    outranked: list[ProposalKind] = []
    split: Step | None = None
    at_top: bool = False
    barrier_tag: str | None = None
    successes_so_far: int = 0  # good attempts in a row at the current step
    successes_needed: int = 3
    review_questions: list[str] = []
    # Something (an attempt or a day status) is already recorded for today, so the
    # next school days start tomorrow.
    today_recorded: bool = False

    @property
    def successes_to_go(self) -> int:
        return max(0, self.successes_needed - self.successes_so_far)


class ReviewStatus(_Frozen):
    state: Literal["near", "overdue"]
    review_on: date
    school_days: int  # until the review (near) or since it was due (overdue)
    sentence: str


# ---- propose ----------------------------------------------------------------------


def propose(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    today: date,
    *,
    decisions: Sequence[Decision] = (),
    barriers: Sequence[Barrier] = (),
) -> Proposal:
    ladder = student.ladder
    active = ladder.active
    need = student.settings.advance_after_successes
    if not active:
        words = "the ladder has no steps yet" if not ladder.steps else "every step on the ladder is retired"
        return Proposal(
            kind=ProposalKind.review_plan,
            target_step_id=None,
            headline="Add the first steps to the ladder.",
            reasons=[f"Nothing to propose yet: {words}. Add steps to the ladder to get a proposal."],
            successes_needed=need,
        )
    current = ladder.current
    if current is None:
        first = active[0]
        return Proposal(
            kind=ProposalKind.review_plan,
            target_step_id=first.id,
            target_step_title=first.title,
            headline=f"Choose where to start: the first step is {q(first.title)}.",
            reasons=[
                "No step is marked as the current one yet. Choose where to start; the "
                f"first step on the ladder is {q(first.title)}."
            ],
            successes_needed=need,
        )
    history = read_history(student.id, student.calendar, attempts, days, decisions, today)
    ctx = Context(student, student.settings, current, active, history, today, barriers)
    return _decide(ctx)


def _decide(ctx: Context) -> Proposal:
    entries = stay(ctx)
    found = [
        pause_rule(ctx),
        step_back_rule(ctx, entries),
        trigger_rule(ctx),
        advance_rule(ctx, entries),
    ]
    fired = sorted((f for f in found if f is not None), key=lambda f: PRECEDENCE.index(f.kind))
    winner = fired[0] if fired else repeat_finding(ctx, entries)
    outranked = [f.kind for f in fired[1:]]
    at_top = ctx.above(ctx.current) is None
    consolidating = winner.kind is ProposalKind.advance and at_top
    stalled = [] if consolidating else stall_reasons(ctx)
    reasons = list(winner.reasons)
    flags: list[ProposalKind] = []
    if stalled:
        if winner.kind is ProposalKind.repeat and ctx.history.attempts:
            winner = Finding(ProposalKind.review_plan, ctx.current, [])
            reasons = stalled + [
                f"Meanwhile keep going with {q(ctx.current.title)}."
            ] + reasons
        else:
            flags.append(ProposalKind.review_plan)
            reasons += stalled
    if outranked:
        reasons.append(
            f"Also considered: {join([KIND_GERUNDS[k] for k in outranked])}; "
            f"{KIND_GERUNDS[winner.kind]} comes first."
        )
    reviewing = winner.kind is ProposalKind.review_plan or bool(flags)
    target = winner.target
    return Proposal(
        kind=winner.kind,
        target_step_id=target.id if target else None,
        target_step_title=target.title if target else "",
        current_step_id=ctx.current.id,
        current_step_title=ctx.current.title,
        headline=_headline(winner, ctx, at_top),
        reasons=reasons,
        flags=flags,
        outranked=outranked,
        split=winner.split,
        at_top=at_top,
        barrier_tag=winner.barrier_tag,
        successes_so_far=trailing(entries, SUCCESS),
        successes_needed=ctx.settings.advance_after_successes,
        review_questions=list(REVIEW_QUESTIONS) if reviewing else [],
        today_recorded=ctx.history.attempted_on(ctx.today) or ctx.today in ctx.history.statuses,
    )


def _headline(finding: Finding, ctx: Context, at_top: bool) -> str:
    target = q(finding.target.title) if finding.target else ""
    current = q(ctx.current.title)
    kind = finding.kind
    if kind is ProposalKind.advance:
        if at_top:
            return f"Keep going with {current}, the top step: consolidate it and plan the end with the school team."
        return f"Move up to {target}."
    if kind is ProposalKind.step_back:
        return f"Step back to {target} for now."
    if kind is ProposalKind.split_step:
        return f"Try an in-between step: {q(finding.split.title)}."
    if kind is ProposalKind.address_trigger:
        return f"Keep {current} and tackle {q(finding.barrier_tag or '')} as a barrier."
    if kind is ProposalKind.pause_and_stabilise:
        return f"Pause and stabilise: go back to {target}, keep pressure low, and involve the clinician."
    if kind is ProposalKind.review_plan:
        return f"Ask the school team for a plan review; keep {current} meanwhile."
    return f"Repeat {current}."


# ---- schedule ---------------------------------------------------------------------


def schedule(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    today: date,
    count: int | None = None,
    proposal: Proposal | None = None,
    *,
    decisions: Sequence[Decision] = (),
    barriers: Sequence[Barrier] = (),
) -> list[PlannedDay]:
    """The next school days and the step planned for each if results go as proposed.

    Starts today when today is a school day with nothing recorded yet, otherwise with
    the next school day. `proposal` must be this student's proposal for `today` (pass
    it to avoid working it out twice). A day already marked closed, ill or agreed rest
    is shown without a step and does not move the plan on.
    """
    settings = student.settings
    count = settings.schedule_days if count is None else count
    if count < 1:
        raise ValueError("Lay out at least one school day.")
    if proposal is None:
        proposal = propose(student, attempts, days, today, decisions=decisions, barriers=barriers)
    # The proposal already knows whether today is recorded: only the (short) list of
    # day statuses is read again, for days marked ahead (an agreed rest day).
    statuses = read_statuses(student.id, days)
    calendar = SchoolDays(student.calendar, today)
    start = today
    if not calendar.is_school_day(today) or proposal.today_recorded or today in statuses:
        start = today + timedelta(days=1)
    dates = calendar.upcoming(start, count)
    return list(lay_out(student, proposal, dates, statuses))


# ---- the plan review date ---------------------------------------------------------

REVIEW_NEAR = 5  # school days


def review_status(student: Student, today: date) -> ReviewStatus | None:
    """`near` within five school days of the plan's review date, `overdue` after it."""
    plan = student.plan
    if plan is None:
        return None
    due = plan.review_on
    one = timedelta(days=1)
    if today > due:
        n = count_school_days(student.calendar, due + one, today)
        by = f" by {count(n, 'school day')}" if n else ""
        sentence = (
            f"The plan review was due on {long_date(due)} and is overdue{by}: ask the "
            "school team for a review meeting."
        )
        return ReviewStatus(state="overdue", review_on=due, school_days=n, sentence=sentence)
    n = count_school_days(student.calendar, today + one, due)
    if n > REVIEW_NEAR:
        return None
    if due == today:
        sentence = f"The plan review is due today, {long_date(due)}."
    else:
        sentence = (
            f"The plan review is due on {long_date(due)}, in {count(n, 'school day')}: "
            "make sure a meeting is booked."
        )
    return ReviewStatus(state="near", review_on=due, school_days=n, sentence=sentence)


# ---- decisions --------------------------------------------------------------------


def apply_decision(
    student: Student,
    proposal: Proposal,
    *,
    accepted: bool,
    chosen_step_id: str | None = None,
    note: str = "",
    today: date,
    now: datetime | None = None,
) -> tuple[Student, Decision]:
    """The student as it is after the decision, and the Decision to store.

    Accepting moves the current step to the proposal's target; an accepted split
    inserts the split step (edited or not: pass a proposal whose `split` was edited)
    just below the step it splits and makes it current. Overriding keeps the current
    step unless `chosen_step_id` names another active step, and needs a note
    (Decision raises a ValidationError without one).
    """
    ladder = student.ladder
    origin = ladder.current
    steps = list(ladder.steps)
    split = proposal.split if proposal.kind is ProposalKind.split_step else None
    if split is not None:
        # An edited split comes from a form: validate it like any other step.
        split = Step.model_validate(split.model_dump())
    proposed = split or (ladder.step(proposal.target_step_id) if proposal.target_step_id else None)
    if accepted:
        if split is not None:
            if ladder.step(split.id) is not None:
                raise ValueError("This in-between step is already on the ladder.")
            target = _active(ladder, proposal.target_step_id)
            steps.insert([s.id for s in steps].index(target.id), split)
            chosen = split
        elif proposal.target_step_id is None:
            chosen = origin
        else:
            chosen = _active(ladder, proposal.target_step_id)
        if chosen_step_id is not None and (chosen is None or chosen_step_id != chosen.id):
            raise ValueError("Accepting follows the proposal; choose another step by overriding it.")
    else:
        chosen = _active(ladder, chosen_step_id) if chosen_step_id is not None else origin
    decision = Decision(
        student_id=student.id,
        on=today,
        proposal_kind=proposal.kind,
        from_step_id=origin.id if origin else None,
        from_step_title=origin.title if origin else "",
        proposed_step_id=proposed.id if proposed else None,
        proposed_step_title=proposed.title if proposed else "",
        chosen_step_id=chosen.id if chosen else None,
        chosen_step_title=chosen.title if chosen else "",
        accepted=accepted,
        reasons=[r[:4000] for r in proposal.reasons],
        note=note,
        decided_at=now,
    )
    updated = student.model_copy(deep=True)
    updated.ladder = Ladder(
        steps=[s.model_copy(deep=True) for s in steps],
        current_step_id=chosen.id if chosen else None,
    )
    return updated, decision


def _active(ladder: Ladder, step_id: str | None) -> Step:
    step = ladder.step(step_id) if step_id else None
    if step is None:
        raise ValueError("That step is no longer on the ladder; make a new proposal.")
    if step.retired:
        raise ValueError(f"{q(step.title)} has been retired; choose a step still on the ladder.")
    return step
