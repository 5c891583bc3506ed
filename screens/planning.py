"""The planner as the screens see it: the same records `reintegrate status` reads.

Today, the next school days and the decision dialogs all ask the planner through
`plan_view`, which reads exactly what `status_data` reads (records dated up to
today, every barrier), so the app and the command line never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reintegrate.contacts import barrier_for_trigger
from reintegrate.models import Attempt, Barrier, DayStatus, Decision, ProposalKind, Student
from reintegrate.planner import Proposal, ReviewStatus, propose, review_status, schedule
from reintegrate.planner_schedule import PlannedDay
from reintegrate.planner_words import KIND_LABELS
from screens.session import Session

# Proposals that move the current step: overriding with their target is just accepting.
MOVING_KINDS = (ProposalKind.advance, ProposalKind.step_back, ProposalKind.pause_and_stabilise)


@dataclass(frozen=True)
class PlannerRecords:
    """One student's records as the planner reads them on the session's date."""

    attempts: list[Attempt]
    days: list[DayStatus]
    decisions: list[Decision]
    barriers: list[Barrier]


@dataclass(frozen=True)
class PlanView:
    """What Today shows about the plan: the proposal, the review, today's decisions."""

    proposal: Proposal
    review: ReviewStatus | None
    decided_today: list[Decision] = field(default_factory=list)
    # The open barrier already noted for the proposal's trigger, if there is one.
    barrier: Barrier | None = None

    @property
    def decided(self) -> Decision | None:
        """The latest decision taken today: Today shows it instead of a new proposal."""
        return self.decided_today[-1] if self.decided_today else None


def planner_records(session: Session, student: Student) -> PlannerRecords:
    """Records dated after the session's date are left out, as `status --date` does."""
    store, today = session.store, session.today
    decisions = [d for d in store.all(Decision, student.id) if d.on <= today]
    # Several decisions on one day keep the order they were taken in.
    decisions.sort(key=lambda d: (d.on, d.decided_at is not None, d.decided_at or date.min))
    return PlannerRecords(
        attempts=[a for a in store.attempts(student.id) if a.on <= today],
        days=[d for d in store.days(student.id) if d.on <= today],
        decisions=decisions,
        barriers=store.all(Barrier, student.id),
    )


def plan_view(session: Session, student: Student) -> PlanView:
    records = planner_records(session, student)
    today = session.today
    proposal = propose(
        student, records.attempts, records.days, today,
        decisions=records.decisions, barriers=records.barriers,
    )
    barrier = None
    if proposal.barrier_tag:
        barrier = barrier_for_trigger(records.barriers, proposal.barrier_tag)
    return PlanView(
        proposal=proposal,
        review=review_status(student, today),
        decided_today=[d for d in records.decisions if d.on == today],
        barrier=barrier,
    )


def next_school_days(session: Session, student: Student, count: int | None = None) -> tuple[Proposal, list[PlannedDay]]:
    """The proposal and the next `count` school days (the student's setting by default)."""
    records = planner_records(session, student)
    proposal = propose(
        student, records.attempts, records.days, session.today,
        decisions=records.decisions, barriers=records.barriers,
    )
    days = schedule(
        student, records.attempts, records.days, session.today, count, proposal,
        decisions=records.decisions, barriers=records.barriers,
    )
    return proposal, days


def kind_label(kind: ProposalKind) -> str:
    """'Move up', 'Tackle a trigger': the kind as a heading."""
    label = KIND_LABELS[kind]
    return label[:1].upper() + label[1:]


def proposed_text(decision: Decision) -> str:
    """What was proposed, in a few words that start with what kind of proposal it was:
    'move up to 'Half days'', 'tackle a trigger'."""
    kind = decision.proposal_kind
    step = f"'{decision.proposed_step_title or decision.from_step_title}'"
    phrases = {
        ProposalKind.advance: f"move up to {step}",
        ProposalKind.step_back: f"step back to {step}",
        ProposalKind.pause_and_stabilise: f"pause and stabilise at {step}",
        ProposalKind.split_step: f"try an in-between step, {step}",
        ProposalKind.repeat: f"repeat {step}",
    }
    if kind in phrases and step != "''":
        return phrases[kind]
    return KIND_LABELS[kind]


def choice_text(decision: Decision) -> str:
    """What the family chose, in a few words, never by colour alone."""
    chosen = f"'{decision.chosen_step_title}'" if decision.chosen_step_title else "no step"
    if decision.accepted:
        return "Accepted"
    if decision.chosen_step_id == decision.from_step_id:
        return f"Kept {chosen}"
    return f"Chose {chosen}"


def decided_sentence(decision: Decision) -> str:
    """The sentence Today shows once a decision has been taken today."""
    label = KIND_LABELS[decision.proposal_kind]
    chosen = f"'{decision.chosen_step_title}'" if decision.chosen_step_title else "no step"
    if decision.accepted:
        if decision.chosen_step_id != decision.from_step_id:
            return f"Decided today: you accepted the proposal to {label}; the step is now {chosen}."
        return f"Decided today: you accepted the proposal to {label}; {chosen} stays the step."
    if decision.chosen_step_id == decision.from_step_id:
        what = f"you kept {chosen}"
    else:
        what = f"you chose {chosen}"
    return f"Decided today: instead of the proposal to {label}, {what}. Your reason: “{decision.note}”"
