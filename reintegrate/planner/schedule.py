"""The next school days laid out: the step planned for each date if results go as
proposed, counting the good attempts still needed before each move up."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from reintegrate.models import Attempt, Barrier, DayKind, DayStatus, Decision, ProposalKind, Student
from reintegrate.planner.history import read_statuses, school_days
from reintegrate.planner.proposal import PlannedDay, Proposal
from reintegrate.planner.propose import propose
from reintegrate.schooldays import WEEKDAY_NAMES

# The note on each day while a barrier is to be reviewed first: said as the proposal says it.
REVIEW_FIRST = "keep: review the barrier before moving up"


def marked_ahead(kind: DayKind) -> str:
    """What marking a day still to come as `kind` does to the next school days, as
    `lay_out` does it: a day marked closed is no school day and is skipped; any other
    mark keeps the day in the list, with no step planned (it still counts as a school
    day, for the due dates too)."""
    if kind is DayKind.closed:
        return "a day still to come: no longer a school day, so the next school days skip it"
    return "a day still to come: the next school days still list it, with no step planned"


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
    elif kind is ProposalKind.address_trigger and proposal.barrier_id is not None:
        # A barrier not holding (or with no workaround) is reviewed before moving up,
        # as the proposal says: no day shown moves up, whatever the good attempts.
        opening = REVIEW_FIRST
    elif kind is ProposalKind.address_trigger:
        # The proposal is to stay put while the barrier is worked on: the good
        # attempts count afresh once the workaround is in place.
        opening = "keep while the barrier is tackled"
    elif kind is ProposalKind.adjust_supports:
        opening = "with a matched support"
    elif kind is not ProposalKind.pause_and_stabilise:
        done = proposal.successes_so_far
    held = set(proposal.held_weekdays)
    if opening == "move up" and dates and dates[0].weekday() in held and position > 0:
        # The move up waits for a weekday that does not keep going badly.
        position, done, opening = position - 1, need, None
    for on in dates:
        status = statuses.get(on)
        if status is not None:
            # Marked ahead (ill, agreed rest, absent): no step, and the plan does not
            # move on. A day marked closed is no school day, so it is not laid out.
            yield PlannedDay(on=on, step_id=None, note=f"{status.label}: no step planned.")
            continue
        if kind is ProposalKind.pause_and_stabilise:
            # Stabilising is not a countdown to moving up: the team decides when.
            note = "stabilise: keep pressure low"
        elif opening == REVIEW_FIRST:
            note = REVIEW_FIRST
        elif done >= need and position + 1 < len(steps) and on.weekday() in held:
            note = f"no move up on a {WEEKDAY_NAMES[on.weekday()]}"
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
    it to avoid working it out twice). A day already marked ill, agreed rest or absent
    is shown without a step and does not move the plan on; a day marked closed is not
    a school day (`schooldays.SchoolDays`), like a closure in the calendar.
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
    calendar = school_days(student.calendar, statuses)
    start = today
    if not calendar.is_school_day(today) or proposal.today_recorded or today in statuses:
        start = today + timedelta(days=1)
    dates = calendar.upcoming(start, count)
    return list(lay_out(student, proposal, dates, statuses))
