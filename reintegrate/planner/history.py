"""What the planner reads from the records: the recent history, put in order once.

The planner must stay fast on a history of thousands of attempts, so it never reads
the whole of it. The contract with the caller (the store keeps records this way):
attempts, day statuses and decisions are lists kept oldest first. The planner walks
each list from its end and keeps this student's most recent HISTORY_LIMIT records,
then sorts those by date (stable, so a backfilled record appended late still lands
in its place). A list no longer than the limit is read whole, so it may be in any
order. Older history than the limit never changes today's proposal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import TypeVar

from reintegrate.models import (
    Attempt,
    CameTrue,
    DayKind,
    DayStatus,
    Decision,
    Outcome,
    PlannerSettings,
    SchoolCalendar,
)
from reintegrate.schooldays import SchoolDays

HISTORY_LIMIT = 400

# Days that neither count as failures nor break a run of successes. A day marked
# closed is not a school day at all (`History.days` leaves it out).
EXCLUDED_DAYS = frozenset({DayKind.closed, DayKind.ill, DayKind.agreed_rest})

SUCCESS = "success"
MIXED = "mixed"
FAILURE = "failure"

_R = TypeVar("_R", Attempt, DayStatus, Decision)


def _recent(records: Sequence[_R], student_id: str) -> tuple[list[_R], bool]:
    """This student's last HISTORY_LIMIT records, oldest first; and whether some were left."""
    # Fast path: the last HISTORY_LIMIT records of the list are all this student's
    # (the store hands over one student's records, or the household has one child).
    tail = records[-HISTORY_LIMIT:]
    mine = [r for r in tail if r.student_id == student_id]
    truncated = len(records) > len(tail)
    if len(mine) < len(tail) and truncated:
        # A household list mixing children is read whole: one comprehension over it
        # is quicker than walking back record by record.
        mine = [r for r in records if r.student_id == student_id]
        truncated = len(mine) > HISTORY_LIMIT
        mine = mine[-HISTORY_LIMIT:]
    mine.sort(key=attrgetter("on"))
    return mine, truncated


@dataclass(frozen=True, slots=True)
class Entry:
    """One counted record at a step: an attempt, or a school day marked absent."""

    on: date
    attempt: Attempt | None
    verdict: str
    # The step's title when the attempt was at the step just left, recorded after the
    # move where the move was not known yet (planner.context.stay); else "".
    elsewhere: str = ""


def verdict(attempt: Attempt, settings: PlannerSettings) -> str:
    """success, mixed or failure.

    failure: refused, not started, or partly with under half the planned minutes.
    success: completed, did more, or partly reaching the planned minutes (the
    attempt's own snapshot of them), with peak distress at or under the threshold;
    with no peak recorded the outcome alone decides. Anything else is mixed: it
    breaks a run of successes and a run of failures alike.

    With the student's `advance_on_expectancy` setting on, a completed attempt whose
    feared outcome did not happen is a success with peak distress up to
    `expectancy_peak_margin` over the threshold (see expectancy_success).
    """
    outcome = attempt.outcome
    if outcome in (Outcome.refused, Outcome.not_started):
        return FAILURE
    if outcome is Outcome.partial:
        if attempt.minutes_managed is None:
            return MIXED  # how much was managed is unknown: neither way
        if attempt.minutes_managed * 2 < attempt.planned_minutes:
            return FAILURE
        if attempt.minutes_managed < attempt.planned_minutes:
            return MIXED
    peak = attempt.distress_peak
    if peak is not None and peak > settings.success_peak_max:
        return SUCCESS if expectancy_success(attempt, settings) else MIXED
    return SUCCESS


def expectancy_success(attempt: Attempt, settings: PlannerSettings) -> bool:
    """A good attempt only because what the child feared did not happen."""
    peak = attempt.distress_peak
    return (
        settings.advance_on_expectancy
        and peak is not None
        and settings.success_peak_max < peak <= settings.success_peak_max + settings.expectancy_peak_margin
        and attempt.prediction_came_true is CameTrue.no
        and completed(attempt)
    )


def completed(attempt: Attempt) -> bool:
    """The step was done in full: completed, did more, or partly with every planned
    minute. The one definition is the statistics' `is_success`; a partial attempt
    that counts is still said as partial (`words.went_well_words`). Imported here, not
    with the module: the command line imports the planner, and the statistics wait until
    a figure is asked for."""
    from reintegrate.stats._attendance import is_success

    return is_success(attempt)


@dataclass(frozen=True, slots=True)
class Stint:
    """A run of consecutive attempts at one step."""

    step_id: str
    first_on: date
    last_on: date


@dataclass(frozen=True, slots=True)
class Move:
    """The family moved from one step to another on a date."""

    on: date
    from_id: str
    to_id: str


@dataclass
class History:
    """One student's records up to today, as the planner's rules read them."""

    attempts: list[Attempt]  # this student's, on or before today, oldest first
    truncated: bool
    statuses: dict[date, DayKind]  # every recorded day status, future ones included
    decisions: list[Decision]  # this student's, on or before today, oldest first
    days: SchoolDays
    today: date
    _stints: list[Stint] | None = field(default=None, repr=False)

    def counts(self, day: date) -> bool:
        """A school day that counts: not closed (then it is no school day), ill or agreed rest."""
        return self.days.is_school_day(day) and self.statuses.get(day) not in EXCLUDED_DAYS

    def attempted_on(self, day: date) -> bool:
        for attempt in reversed(self.attempts):
            if attempt.on < day:
                return False
            if attempt.on == day:
                return True
        return False

    @property
    def stints(self) -> list[Stint]:
        if self._stints is None:
            stints: list[Stint] = []
            attempts = self.attempts
            begin = 0
            for i in range(1, len(attempts) + 1):
                if i == len(attempts) or attempts[i].step_id != attempts[begin].step_id:
                    stints.append(Stint(attempts[begin].step_id, attempts[begin].on, attempts[i - 1].on))
                    begin = i
            self._stints = stints
        return self._stints

    def attempt_moves(self) -> list[Move]:
        """Moves inferred from attempts: one step's run followed by another step's."""
        stints = self.stints
        return [
            Move(later.first_on, earlier.step_id, later.step_id)
            for earlier, later in zip(stints, stints[1:])
        ]

    def decision_moves(self) -> list[Move]:
        return [
            Move(d.on, d.from_step_id, d.chosen_step_id)
            for d in self.decisions
            if d.from_step_id and d.chosen_step_id and d.from_step_id != d.chosen_step_id
        ]

    @property
    def decisions_say_where_from(self) -> bool:
        return any(d.from_step_id for d in self.decisions)

    def first_use(self, step_id: str) -> date | None:
        """The earliest date the step was attempted or chosen, within the history read."""
        dates = [s.first_on for s in self.stints if s.step_id == step_id]
        dates += [d.on for d in self.decisions if d.chosen_step_id == step_id]
        return min(dates) if dates else None


def read_statuses(student_id: str, days: Sequence[DayStatus]) -> dict[date, DayKind]:
    statuses, _ = _recent(days, student_id)
    return {s.on: s.kind for s in statuses}


def school_days(calendar: SchoolCalendar, statuses: dict[date, DayKind]) -> SchoolDays:
    """The student's school days (`schooldays.SchoolDays`) from the day statuses read."""
    return SchoolDays.from_kinds(calendar, statuses)


def read_history(
    student_id: str,
    calendar: SchoolCalendar,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    decisions: Iterable[Decision],
    today: date,
) -> History:
    recent, truncated = _recent(attempts, student_id)
    # Records dated after `today` are ignored, so `status --date` replays a past day.
    recent = [a for a in recent if a.on <= today]
    decided, _ = _recent(list(decisions), student_id)
    decided = [d for d in decided if d.on <= today]
    statuses = read_statuses(student_id, days)
    return History(
        attempts=recent,
        truncated=truncated,
        statuses=statuses,
        decisions=decided,
        days=school_days(calendar, statuses),
        today=today,
    )
