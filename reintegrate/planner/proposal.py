"""What the planner hands back: a proposal, a planned school day, the review's state.

Frozen models, so every surface reads the same values and none can change them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from reintegrate.models import ProposalKind, Step

DISCLAIMER = "This is a suggestion worked out from your records, not medical advice."


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SupportToTry(_Frozen):
    """A support matched to the leading purpose that the step does not have yet."""

    support: str
    purpose: str  # a Purpose value
    why: str


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
    # The barrier to review when its workaround is not holding (an address_trigger
    # proposal about a barrier already noted); None for a trigger not yet a barrier.
    barrier_id: str | None = None
    successes_so_far: int = 0  # good attempts in a row at the current step
    successes_needed: int = 3
    review_questions: list[str] = []
    # Why the plan looks stalled (planner.stall), in the planner's words: not empty
    # exactly when the planner says the plan needs review, as the kind or as a flag.
    review_reasons: list[str] = []
    # Something (an attempt or a day status) is already recorded for today, so the
    # next school days start tomorrow.
    today_recorded: bool = False
    # Empty unless a check-in (or a therapist) names a leading purpose and the current
    # step has no support matched to it.
    supports_to_try: list[SupportToTry] = []
    # Weekdays the records show going badly (planner.patterns): the next school days
    # plan no move up on them.
    held_weekdays: list[int] = []
    # Supports noted as having helped on nearly every good day: ones to keep.
    supports_to_keep: list[str] = []


class ReviewStatus(_Frozen):
    state: Literal["near", "overdue"]
    review_on: date
    school_days: int  # until the review (near) or since it was due (overdue)
    sentence: str


class PlannedDay(_Frozen):
    """One of the next school days: the step planned for it, or why there is none."""

    on: date
    step_id: str | None
    step_title: str = ""
    note: str = ""
