"""What the ladder editor keeps besides the ladder itself: the plan's history and the order of saves.

A change of the current step is a change of plan, so it is stored as a Decision, the
same record the planner's proposals produce. A therapist reading the plan's history
then sees every move between steps, whoever made it, with what the planner proposed
at the time: `accepted` is True only when the family moved exactly where the planner
proposed, and the note always says the move was made on the ladder screen (plus the
reason, when one was given). The planner also counts step-backs from these records,
so a move made here is never invisible to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel
from textual.dom import DOMNode

from reintegrate.models import Decision, Ladder, ProposalKind, Student
from reintegrate.planner import Proposal
from reintegrate.store import Store
from screens.saving import save_in_background

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
    for step in ladder.active:
        for support in step.supports:
            used[support] = used.get(support, 0) + 1
    return used


class SaveQueue:
    """Saves the student one write after another, in the order the changes were made.

    Changes come faster than the disk (a few key presses in a row); thread workers
    started side by side could land out of order and an older ladder could win. So one
    write runs at a time, and whatever changed meanwhile goes in the next one: the
    newest student, and every decision added or taken back.
    """

    def __init__(self, node: DOMNode, store: Store) -> None:
        self.node = node
        self.store = store
        self.busy = False
        self._student: Student | None = None
        self._put: dict[str, BaseModel] = {}
        self._delete: list[tuple[type[BaseModel], str]] = []
        self._summaries: list[str] = []

    @property
    def idle(self) -> bool:
        return not self.busy and self._student is None

    def add(
        self,
        student: Student,
        summary: str,
        *,
        put: Sequence[Decision] = (),
        delete: Sequence[str] = (),
    ) -> None:
        """Queue the student as it is now, decisions to store and decision ids to remove."""
        self._student = student
        for decision in put:
            self._put[decision.id] = decision
        for decision_id in delete:
            # A decision taken back before it was written never needs writing at all.
            if self._put.pop(decision_id, None) is None:
                self._delete.append((Decision, decision_id))
        self._summaries.append(summary)
        if not self.busy:
            self._start()

    def finished(self) -> None:
        """The write in progress is over (saved or not): start the next one, if any."""
        self.busy = False
        if self._student is not None:
            self._start()

    def forget(self) -> None:
        """Drop what is queued (after a failed save, the screen reloads from the file)."""
        self._student = None
        self._put.clear()
        self._delete.clear()
        self._summaries.clear()

    def _start(self) -> None:
        assert self._student is not None
        put: list[BaseModel] = [self._student, *self._put.values()]
        delete = list(self._delete)
        summary = " ".join(self._summaries)
        self.forget()
        self.busy = True
        save_in_background(self.node, self.store, put=put, delete=delete, summary=summary)
