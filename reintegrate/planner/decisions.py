"""What a decision does to the ladder, and the Decision record that keeps it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reintegrate.models import Decision, HomeSupport, Ladder, ProposalKind, Step, Student, home_supports_on
from reintegrate.models.base import clean_tags, tag_key, tag_keys
from reintegrate.planner.proposal import Proposal
from reintegrate.planner.words import proposal_is_home_side, q
from reintegrate.why.supports import is_home_side


def apply_decision(
    student: Student,
    proposal: Proposal,
    *,
    accepted: bool,
    chosen_step_id: str | None = None,
    note: str = "",
    today: date,
    now: datetime | None = None,
    supports_added: Sequence[str] = (),
) -> tuple[Student, Decision]:
    """The student as it is after the decision, and the Decision to store.

    Accepting moves the current step to the proposal's target; an accepted split
    inserts the split step (edited or not: pass a proposal whose `split` was edited)
    just below the step it splits and makes it current. Overriding keeps the current
    step unless `chosen_step_id` names another active step, and needs a note
    (Decision raises a ValidationError without one). Accepting a proposal to change
    supports adds `supports_added` (the family ticks them from those suggested): a
    support carried out at home (why.supports: side "home") to the student's supports
    at home, started today, kept for every step; any other to the step it keeps, so the
    next attempts are at that step with those supports.
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
    added = _added_supports(proposal, chosen, supports_added, home_supports_on(student, today)) if accepted else []
    at_home = [t for t in added if is_home_side(t)]
    on_step = [t for t in added if not is_home_side(t)]
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
        supports_added=added,
        barrier_tag=(proposal.barrier_tag or "") if proposal.kind is ProposalKind.address_trigger else "",
        home_side=proposal_is_home_side(proposal.kind, [t.support for t in proposal.supports_to_try]),
    )
    copies = [s.model_copy(deep=True) for s in steps]
    if on_step:
        at = next(i for i, s in enumerate(copies) if s.id == chosen.id)
        copies[at] = Step.model_validate({**copies[at].model_dump(), "supports": [*copies[at].supports, *on_step]})
    updated = student.model_copy(deep=True)
    updated.home_supports = [*updated.home_supports,
                             *(HomeSupport(support=t, started_on=today) for t in at_home)]
    updated.ladder = Ladder(
        steps=copies,
        current_step_id=chosen.id if chosen else None,
    )
    return updated, decision


def _added_supports(proposal: Proposal, step: Step | None, wanted: Sequence[str], at_home: Sequence[str]) -> list[str]:
    """The supports to add, tidied as tags, those the step or home already has left out."""
    if not wanted:
        return []
    if proposal.kind is not ProposalKind.adjust_supports or step is None:
        raise ValueError("Only a proposal to change the supports adds supports to a step.")
    have = tag_keys([*step.supports, *at_home])
    return [tag for tag in clean_tags(wanted) if tag_key(tag) not in have]


def _active(ladder: Ladder, step_id: str | None) -> Step:
    step = ladder.step(step_id) if step_id else None
    if step is None:
        raise ValueError("That step is no longer on the ladder; make a new proposal.")
    if step.retired:
        raise ValueError(f"{q(step.title)} has been retired; choose a step still on the ladder.")
    return step
