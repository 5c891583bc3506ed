"""The plan view: the one answer every surface gives about the plan.

Today, the schedule, ladder and school screens, the letters, the reports and
`reintegrate status` all call `plan_view` and show what it returns; none of them
gathers records or calls the planner itself. That is what keeps a letter taken to a
meeting saying what the app said that morning.

What it reads, decided once here:
- attempts and decisions dated up to `today` (so `--date` shows the past as it was);
- day statuses on any date: a day marked ill, closed, agreed rest or absent ahead of
  time is skipped in the next school days and shown as such;
- every barrier (open ones are already being tackled, so their trigger is not
  proposed again as a new one; but one whose workaround is not holding is proposed
  for review, and `PlanView.barrier` is that barrier);
- check-ins dated up to `today`: the latest gives the profile (`PlanView.profile`)
  the planner matches supports to.

Whether today (and each date) is a school day is `schooldays.SchoolDays.of(student,
days)`: the calendar and the days marked closed. The view carries it
(`PlanView.school_days`), so Today and `status` say "school closed" from the same
answer the next school days were laid out with.

The latest decision is *in force* until an attempt is recorded on a later day: the
next school days follow the step it chose, and say so ("as chosen on Tue 3 Dec"),
even when the same records would still propose something else. Days with no attempt
(ill, closed, a weekend) do not end it: while the planner makes the very proposal
the family turned down, their choice is what is shown (`PlanView.decided`, said by
`decision_sentence`: "You chose on Fri 6 Nov to keep …, because …"), not the same
proposal again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from reintegrate.contacts import barrier_for_trigger
from reintegrate.models import (
    Attempt,
    Barrier,
    CheckIn,
    DayStatus,
    Decision,
    Household,
    ProposalKind,
    Student,
)
from reintegrate.planner.proposal import PlannedDay, Proposal, ReviewStatus
from reintegrate.planner.propose import propose
from reintegrate.planner.review import review_status
from reintegrate.planner.schedule import schedule
from reintegrate.planner.words import KIND_LABELS, STALLED, join, q
from reintegrate.schooldays import SchoolDays, short_date
from reintegrate.why.profile import FunctionProfile, function_profile


class RecordSource(Protocol):
    """What `plan_view` reads from: the store (sorted per-student lists) fits."""

    def attempts(self, student_id: str) -> list[Attempt]: ...
    def days(self, student_id: str) -> list[DayStatus]: ...
    def all(self, model: type, student_id: str | None = None) -> list: ...


@dataclass(frozen=True)
class PlanRecords:
    """One student's records exactly as the planner reads them on `today`."""

    attempts: list[Attempt]
    days: list[DayStatus]
    decisions: list[Decision]
    barriers: list[Barrier]
    checkins: list[CheckIn] = field(default_factory=list)


@dataclass(frozen=True)
class PlanView:
    """The whole plan for one student on one day."""

    today: date
    proposal: Proposal
    next_days: list[PlannedDay]
    review: ReviewStatus | None
    records: PlanRecords
    # Which dates are school days for this student (the calendar and the days marked
    # closed): the one answer Today, status and the next school days use.
    school_days: SchoolDays
    # The latest decision while no attempt has been recorded on a later day.
    decision: Decision | None = None
    decided_today: list[Decision] = field(default_factory=list)
    # The barrier already noted for the proposal's trigger, if there is one.
    barrier: Barrier | None = None
    # The newest attempt or decision dated after `today` (left out of the plan): the
    # day shown is in the past, looked back at with `--date`, and the ladder is today's.
    newer_record_on: date | None = None

    @property
    def looking_back(self) -> str:
        """'' on any morning; when records dated after the day shown were left out, why
        the step shown may not be the one the child had that day."""
        if self.newer_record_on is None:
            return ""
        return (f"Looking back at {short_date(self.today)}: the records after it are left out, "
                f"but the ladder is as it is now (the newest record is from "
                f"{short_date(self.newer_record_on)}), so the step shown may not be the one of that day.")

    @property
    def school_day(self) -> bool:
        """Whether `today` is a school day for the student."""
        return self.school_days.is_school_day(self.today)

    @property
    def profile(self) -> FunctionProfile | None:
        """What the latest check-in (or a purpose set by hand) says; None without one."""
        return function_profile(self.records.checkins, self.today)

    @property
    def decided(self) -> Decision | None:
        """The decision shown instead of a proposal: the latest taken today, or an
        override still in force from an earlier day (no attempt since: an ill day, a
        closure, a weekend) while the planner makes the very proposal it turned down.
        An accepted proposal made again is the same plan, so it is shown as the proposal."""
        if self.decided_today:
            return self.decided_today[-1]
        decision = self.decision
        if decision is not None and not decision.accepted and answers(decision, self.proposal):
            return decision
        return None

    @property
    def decided_answers_proposal(self) -> bool:
        """Whether the decision shown was taken on the proposal shown: one taken today may
        have changed what the planner proposes since (a barrier decided on, then the
        step is simply kept), and then the proposal is said as the planner's now."""
        decided = self.decided
        return decided is not None and answers(decided, self.proposal)

    @property
    def following(self) -> str:
        """What the next school days follow: 'as proposed (step back)' or 'as chosen on
        Tue 3 Dec: keep 'Half day''."""
        if self.decision is not None:
            return f"as chosen on {short_date(self.decision.on)}: {decision_words(self.decision)}"
        return f"as proposed ({KIND_LABELS[self.proposal.kind]})"


def newer_record_on(source: RecordSource | Household, student: Student, today: date) -> date | None:
    """The date of the student's newest attempt or decision after `today`, if any (days
    marked ahead are not records of what happened, and are left in the plan)."""
    sid = student.id
    if isinstance(source, Household):
        attempts = [a for a in source.attempts if a.student_id == sid]
        decisions = [d for d in source.decisions if d.student_id == sid]
    else:
        attempts, decisions = source.attempts(sid), source.all(Decision, sid)
    later = [r.on for r in (*attempts, *decisions) if r.on > today]
    return max(later) if later else None


def plan_records(source: RecordSource | Household, student: Student, today: date) -> PlanRecords:
    sid = student.id
    if isinstance(source, Household):
        attempts = sorted((a for a in source.attempts if a.student_id == sid), key=lambda a: a.on)
        days = sorted((d for d in source.days if d.student_id == sid), key=lambda d: d.on)
        decisions = [d for d in source.decisions if d.student_id == sid]
        barriers = [b for b in source.barriers if b.student_id == sid]
        checkins = [c for c in source.checkins if c.student_id == sid]
    else:
        attempts = source.attempts(sid)
        days = source.days(sid)
        decisions = source.all(Decision, sid)
        barriers = source.all(Barrier, sid)
        checkins = source.all(CheckIn, sid)
    decisions = [d for d in decisions if d.on <= today]
    # Several decisions on one day keep the order they were taken in.
    decisions.sort(key=lambda d: (d.on, d.decided_at or datetime.min))
    return PlanRecords(
        attempts=[a for a in attempts if a.on <= today],
        days=list(days),
        decisions=decisions,
        barriers=list(barriers),
        checkins=[c for c in checkins if c.on <= today],
    )


def plan_view(
    source: RecordSource | Household, student: Student, today: date, count: int | None = None
) -> PlanView:
    """The proposal with its reasons, the next school days, the review status and the
    decision in force, for `student` on `today`. `count` overrides the student's
    number of school days to lay out."""
    records = plan_records(source, student, today)
    school = SchoolDays.of(student, records.days)
    proposal = propose(
        student, records.attempts, records.days, today,
        decisions=records.decisions, barriers=records.barriers, checkins=records.checkins,
    )
    decision = _in_force(records.decisions, records.attempts)
    followed = _followed(student, proposal, decision)
    next_days = schedule(
        student, records.attempts, records.days, today, count, followed,
        decisions=records.decisions, barriers=records.barriers,
    )
    barrier = next((b for b in records.barriers if b.id == proposal.barrier_id), None)
    if barrier is None and proposal.barrier_tag:
        barrier = barrier_for_trigger(records.barriers, proposal.barrier_tag)
    return PlanView(
        today=today,
        proposal=proposal,
        next_days=next_days,
        review=review_status(student, today, records.days),
        records=records,
        decision=decision,
        decided_today=[d for d in records.decisions if d.on == today],
        barrier=barrier,
        school_days=school,
        newer_record_on=newer_record_on(source, student, today),
    )


def _in_force(decisions: Sequence[Decision], attempts: Sequence[Attempt]) -> Decision | None:
    if not decisions:
        return None
    latest = decisions[-1]
    if attempts and attempts[-1].on > latest.on:
        return None
    return latest


def answers(decision: Decision, proposal: Proposal) -> bool:
    """Whether `decision` was taken on the proposal the planner makes now: the same kind
    of proposal towards the same step (an in-between step's id is made from what it
    is made of, so the same split has the same id)."""
    proposed = proposal.split.id if proposal.split is not None else proposal.target_step_id
    return decision.proposal_kind is proposal.kind and decision.proposed_step_id == proposed


def _followed(student: Student, proposal: Proposal, decision: Decision | None) -> Proposal:
    """The proposal the next school days are laid out from: the planner's own, or,
    when the decision in force chose a step it does not target, that step repeated."""
    current = student.ladder.current
    if decision is None or current is None or decision.chosen_step_id != current.id:
        return proposal
    if proposal.target_step_id == current.id and proposal.kind is not ProposalKind.split_step:
        return proposal
    return proposal.model_copy(update={
        "kind": ProposalKind.repeat,
        "target_step_id": current.id,
        "target_step_title": current.title,
        "split": None,
        "at_top": False,
    })


def decision_words(decision: Decision) -> str:
    """What the family chose, in a few words: 'keep 'Half day'', 'move up to 'Full day''."""
    chosen = q(decision.chosen_step_title) if decision.chosen_step_title else "no step"
    if decision.accepted:
        label = KIND_LABELS[decision.proposal_kind]
        if decision.chosen_step_id != decision.from_step_id:
            return f"{label}, to {chosen}"
        return f"{label}, at {chosen}"
    if decision.chosen_step_id == decision.from_step_id:
        return f"keep {chosen}"
    return f"{chosen} instead of the proposal"


def decision_sentence(decision: Decision, today: date) -> str:
    """What was decided, said wherever the decision is shown instead of a proposal:
    'Decided today: …' on the day, 'You chose on Fri 6 Nov to keep …, because …' after."""
    label = KIND_LABELS[decision.proposal_kind]
    chosen = q(decision.chosen_step_title) if decision.chosen_step_title else "no step"
    moved = decision.chosen_step_id != decision.from_step_id
    if decision.on == today:
        if decision.accepted:
            if moved:
                return f"Decided today: you accepted the proposal to {label}; the step is now {chosen}."
            if decision.supports_added:
                return (f"Decided today: you accepted the proposal to {label}; {chosen} stays the step"
                        f"{supports_added_words(decision.supports_added)}.")
            return f"Decided today: you accepted the proposal to {label}; {chosen} stays the step."
        what = f"you chose {chosen}" if moved else f"you kept {chosen}"
        return f"Decided today: instead of the proposal to {label}, {what}. Your reason: “{decision.note}”"
    on = short_date(decision.on)
    if decision.accepted:
        return f"You chose on {on} to accept the proposal to {label}, at {chosen}; no attempt has been recorded since."
    what = f"to choose {chosen}" if moved else f"to keep {chosen}"
    return f"You chose on {on} {what} instead of the proposal to {label}, because “{decision.note}”."


def supports_added_words(added: list[str]) -> str:
    """', now with 'a'; at home from today: 'b'' for the supports a decision added:
    those carried out at home go to the household's supports at home, not the step."""
    from reintegrate.why.supports import is_home_side

    on_step = [q(t) for t in added if not is_home_side(t)]
    at_home = [q(t) for t in added if is_home_side(t)]
    said = [f", now with {join(on_step)}"] if on_step else []
    if at_home:
        said.append(f"{';' if on_step else ','} and at home from today: {join(at_home)}")
    return "".join(said)


def planned_day_words(day: PlannedDay) -> str:
    """'Half day (repeat 2 of 3)'; a day with no step planned shows only its note.
    Every surface that lists the next school days in one line uses these words."""
    if day.step_title and day.note:
        return f"{day.step_title} ({day.note})"
    return day.step_title or day.note


# How the proposal is introduced: alone, or after the decision shown.
PROPOSAL = "Proposal"
ANSWERED = "The proposal it answered"
NOW = "The planner's proposal now"


@dataclass(frozen=True)
class PlanWords:
    """What Today and `status` say about the plan, worked out once from a `PlanView`.

    With no decision shown: the proposal (`lead` "Proposal"). Once a decision is shown
    (`PlanView.decided`: taken today, or an override still in force), the decision, then
    what comes next: the next school day as laid out (`next_day`), and, when the
    planner's proposal has changed since (a barrier decided on, then a move up is due),
    that proposal (`lead` "The planner's proposal now"), so no surface hides it. When
    the decision answered the very proposal made now (`lead` "The proposal it
    answered"), Today does not put that proposal to the family again; `status` and the
    reports keep it on the record, with the reasons it had when it was answered
    (`answered_reasons`, kept on the decision), not ones from an attempt recorded since.
    """

    decided: str
    next_day: str
    lead: str
    headline: str
    reasons: tuple[str, ...]
    also: str  # the plan has stalled, when the proposal is flagged for review

    @property
    def answered(self) -> bool:
        return self.lead == ANSWERED


def plan_words(view: PlanView) -> PlanWords:
    """The decision shown (if any), what comes next and the proposal, in words."""
    proposal = view.proposal
    decided = view.decided
    lead = PROPOSAL if decided is None else ANSWERED if view.decided_answers_proposal else NOW
    stalled = ProposalKind.review_plan in proposal.flags and proposal.kind is not ProposalKind.review_plan
    # The proposal a decision answered is said with the reasons it had when it was
    # answered (kept on the decision), not with ones worked out from an attempt
    # recorded after it.
    reasons = answered_reasons(decided) if lead == ANSWERED else tuple(proposal.reasons)
    return PlanWords(
        decided=decision_sentence(decided, view.today) if decided is not None else "",
        next_day=next_day_sentence(view) if decided is not None else "",
        lead=lead,
        headline=proposal.headline,
        reasons=reasons,
        also=STALLED if stalled else "",
    )


def answered_reasons(decision: Decision) -> tuple[str, ...]:
    """The reasons of the proposal `decision` answered, as they were when it was taken:
    what `status` and the report's decisions both say about it."""
    return tuple(r.strip() for r in decision.reasons if r.strip())


def next_day_sentence(view: PlanView) -> str:
    """'Next, Thu 19 Nov: 'Walk to the gate' (move up if the last went well: 1 of 3).'
    The first of the next school days, as `status`'s list and the schedule lay it out."""
    if not view.next_days:
        return ""
    day = view.next_days[0]
    when = "today" if day.on == view.today else short_date(day.on)
    if day.step_title:
        what = f"{q(day.step_title)} ({day.note})" if day.note else q(day.step_title)
    else:
        what = day.note.rstrip(".")
    return f"Next, {when}: {what}."
