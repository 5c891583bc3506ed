"""The next school days laid out: the step planned for each date if results go as
proposed, counting the good attempts still needed before each move up."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from reintegrate.models import DayKind, ProposalKind, Student
from reintegrate.planner_history import EXCLUDED_DAYS

if TYPE_CHECKING:
    from reintegrate.planner import Proposal


class PlannedDay(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    on: date
    step_id: str | None
    step_title: str = ""
    note: str = ""


def lay_out(
    student: Student, proposal: Proposal, dates: Sequence[date], statuses: dict[date, DayKind]
) -> Iterator[PlannedDay]:
    need = student.settings.advance_after_successes
    steps = list(student.ladder.active)
    ids = [s.id for s in steps]
    kind = proposal.kind
    if proposal.target_step_id not in ids:
        for on in dates:
            yield PlannedDay(on=on, step_id=None, note="No step yet: add steps to the ladder.")
        return
    position = ids.index(proposal.target_step_id)
    done, opening = 0, None
    if kind is ProposalKind.split_step and proposal.split is not None:
        steps.insert(position, proposal.split)
        opening = "in-between step"
    elif kind is ProposalKind.advance and not proposal.at_top:
        opening = "move up"
    elif kind is ProposalKind.step_back:
        opening = "step back"
    elif kind is ProposalKind.address_trigger:
        # The proposal is to stay put while the barrier is worked on: the good
        # attempts count afresh once the workaround is in place.
        opening = "keep while the barrier is tackled"
    elif kind is not ProposalKind.pause_and_stabilise:
        done = proposal.successes_so_far
    for on in dates:
        status = statuses.get(on)
        if status in EXCLUDED_DAYS:
            yield PlannedDay(on=on, step_id=None, note=f"{status.label}: no step planned.")
            continue
        if kind is ProposalKind.pause_and_stabilise:
            # Stabilising is not a countdown to moving up: the team decides when.
            note = "stabilise: keep pressure low"
        elif done >= need and position + 1 < len(steps):
            position, done = position + 1, 0
            note = f"move up if the last went well: 1 of {need}"
        elif done >= need:
            note = "top step: consolidate"
        elif done == 0:
            note = f"{opening}: 1 of {need}" if opening else f"1 of {need}"
        else:
            note = f"repeat {done + 1} of {need}"
        done += 1
        step = steps[position]
        yield PlannedDay(on=on, step_id=step.id, step_title=step.title, note=note)
