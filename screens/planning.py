"""The plan as the screens see it: the core's `plan_view` on the session's date,
and the few words screens use to describe proposals and decisions.

Every screen asks `plan_view` here, which asks `reintegrate.planner.view.plan_view`,
the same function `reintegrate status`, the letters and the reports call.
"""

from __future__ import annotations

from reintegrate.models import Decision, ProposalKind, Student
from reintegrate.planner.view import PlanRecords, PlanView, plan_records
from reintegrate.planner.view import plan_view as core_plan_view
from reintegrate.planner.words import KIND_LABELS
from screens.session import Session

# Proposals that move the current step: overriding with their target is just accepting.
MOVING_KINDS = (ProposalKind.advance, ProposalKind.step_back, ProposalKind.pause_and_stabilise)


def plan_view(session: Session, student: Student, count: int | None = None) -> PlanView:
    """The core's plan view on the session's date: what every screen shows."""
    return core_plan_view(session.store, student, session.today, count)


def planner_records(session: Session, student: Student) -> PlanRecords:
    return plan_records(session.store, student, session.today)


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
