"""What the ladder editor keeps besides the ladder itself: the plan's history.

A change of the current step is a change of plan, so it is stored as a Decision, the
same record the planner's proposals produce. A therapist reading the plan's history
then sees every move between steps, whoever made it, with what the planner proposed
at the time: `accepted` is True only when the family moved exactly where the planner
proposed, and the note always says the move was made on the ladder screen (plus the
reason, when one was given). The planner also counts step-backs from these records,
so a move made here is never invisible to it.
"""

from __future__ import annotations

from datetime import date

from reintegrate.models import Decision, Ladder, ProposalKind, Student, tag_key
from reintegrate.planner import Proposal

LADDER_SCREEN_NOTE = "Chosen on the ladder screen"


def plan_change(
    student: Student,
    before: Ladder,
    after: Ladder,
    proposal: Proposal,
    today: date,
    why: str = "",
) -> Decision | None:
    """The Decision recording a move of the current step from `before` to `after`.

    None when the current step did not move, or when there was none before (the first
    step of a new ladder is where the plan starts, not a change of plan).
    """
    old, new = before.current, after.current
    if old is None or new is None or old.id == new.id:
        return None
    proposed = proposal.split if proposal.kind is ProposalKind.split_step else None
    proposed_id = proposed.id if proposed else proposal.target_step_id
    proposed_title = proposed.title if proposed else proposal.target_step_title
    note = f"{LADDER_SCREEN_NOTE}: {why}" if why else f"{LADDER_SCREEN_NOTE}."
    return Decision(
        student_id=student.id,
        on=today,
        proposal_kind=proposal.kind,
        from_step_id=old.id,
        from_step_title=old.title,
        proposed_step_id=proposed_id,
        proposed_step_title=proposed_title or "",
        chosen_step_id=new.id,
        chosen_step_title=new.title,
        accepted=proposed_id == new.id,
        reasons=[reason[:4000] for reason in proposal.reasons],
        note=note[:4000],
    )


def supports_in_use(ladder: Ladder) -> dict[str, int]:
    """Each support the active steps rely on, with how many steps, in ladder order."""
    used: dict[str, int] = {}
    shown: dict[str, str] = {}  # one support in any case, as first typed
    for step in ladder.active:
        for support in step.supports:
            support = shown.setdefault(tag_key(support), support)
            used[support] = used.get(support, 0) + 1
    return used

