"""What counts as a success, and attendance: the one definition every figure uses.

The data statements quoted in letters, the reports and the progress screen all count
with these functions, so a letter and a report over the same dates never disagree.

How a school day is counted (the same words appear in every report):

- School days come from the student's school calendar (school weekdays minus closures).
  A day recorded as *school closed* is not a school day either. Today is not counted
  while nothing is recorded for it (the day is not over), and days after today never.
- Only steps that happen in school give time in school (`Step.in_school`): driving
  past or sitting in the car park is progress on the ladder, not attendance.
- **Full**: an attempt that day was completed (or more was done) at a step in school,
  and either it was at the last step of the ladder or it gave at least 300 minutes
  (five hours) in school.
- **Partial**: otherwise, any attempt that day with some time in school. A step in
  school that was partly done counts, even when no minutes were written down.
- **Missed**: no time in school: refused, not started, only steps outside school, ill,
  absent, a rest day agreed with the team, or nothing recorded. An agreed rest day is
  counted as missed, because the child was not in school, but it is listed separately:
  it was planned, not a failure, and the planner does not count it against a step.
- Time in school is the minutes managed; when a completed attempt has no minutes
  written down, the step's planned minutes are used.
- Percentages are of school days, rounded to the nearest whole number (halves up).
  "At least in part" counts full and partial days. The tier is read from that
  at-least-in-part figure: 93 % and above; 80–92 %; 51–79 %; 50 % and below.

Attempts that are not successful (see `is_success`) are what the patterns compare.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reintegrate.models import Attempt, DayKind, DayStatus, Outcome, Student
from reintegrate.schooldays import SchoolDays
from reintegrate.stats._ranges import DateRange

FULL_DAY_MINUTES = 300

# The module docstring in the family's words; every report prints these.
COUNTING_RULES = [
    "School days are the school's weekdays minus holidays and closures; a day recorded "
    "as school closed is not counted, and neither is today while nothing is recorded "
    "for it.",
    "Only steps that happen in school count as time in school: driving past or sitting "
    "in the car park is progress on the ladder, not attendance.",
    "Full day: a step in school was completed (or more was done) at the last step of "
    f"the ladder, or with at least {FULL_DAY_MINUTES} minutes in school.",
    "Partial day: any other day with some time in school, including a step in school "
    "partly done with no minutes written down.",
    "Missed day: no time in school (refused, not started, only steps outside school, "
    "ill, absent, a rest day agreed with the team, or nothing recorded). Agreed rest "
    "days are counted as missed because the child was not in school, but they are "
    "listed separately: they were planned, and they do not count against a step.",
    "Time in school is the minutes managed; a completed step with no minutes written "
    "down counts its planned minutes.",
    "Percentages are of school days, rounded to the nearest whole number. The tier is "
    "read from the days attended at least in part: 93 % and above; 80–92 %; 51–79 %; "
    "50 % and below.",
    "A successful attempt is one completed, one where more was done, or one partly done "
    "that still reached its planned minutes. Every other attempt counts as unsuccessful.",
]


# Identity checks, not `in (...)`: these run for every attempt of every report, and
# comparing or hashing enum members goes through slow Python-level methods.


def is_success(attempt: Attempt) -> bool:
    """Completed, did more, or partly done but reaching the planned minutes."""
    outcome = attempt.outcome
    if outcome is Outcome.completed or outcome is Outcome.did_more:
        return True
    return outcome is Outcome.partial and (attempt.minutes_managed or 0) >= attempt.planned_minutes


def outside_school(student: Student) -> frozenset[str]:
    """Ids of the steps that happen outside school, retired ones included: history
    keeps counting a step as it was. A step id not on the ladder counts as in school."""
    return frozenset(step.id for step in student.ladder.steps if not step.in_school)


def minutes_at_step(attempt: Attempt) -> int:
    """Minutes managed; a completed attempt with none written down gave its plan."""
    if attempt.minutes_managed is not None:
        return attempt.minutes_managed
    outcome = attempt.outcome
    if outcome is Outcome.completed or outcome is Outcome.did_more:
        return attempt.planned_minutes
    return 0


def minutes_in_school(attempt: Attempt, outside: Container[str] = frozenset()) -> int:
    """The minutes at the step, or none when the step happens outside school.

    `outside` is `outside_school(student)`; left out, every step counts as in school.
    """
    if attempt.step_id in outside:
        return 0
    return minutes_at_step(attempt)


class DayResult(StrEnum):
    full = "full"
    partial = "partial"
    missed = "missed"


MISSED_REASONS = {
    "refused": "Refused",
    "not_started": "Not started",
    "outside_school": "Only a step outside school",
    "no_time": "Attempt with no time in school",
    DayKind.ill.value: "Ill",
    DayKind.absent.value: "Absent",
    DayKind.agreed_rest.value: "Rest day agreed with the team",
    "no_record": "Nothing recorded",
}

TIERS = [(93, "93 % and above"), (80, "80–92 %"), (51, "51–79 %"), (0, "50 % and below")]


@dataclass(slots=True)  # one per school day: kept light; treat as read-only
class SchoolDay:
    """One school day: how it went, the minutes in school, why it was missed."""

    on: date
    result: DayResult
    minutes: int = 0
    reason: str = ""  # a MISSED_REASONS key when missed


@dataclass(frozen=True)
class Attendance:
    """School days over a range: each one, and how many were full, partial or missed."""

    days: list[SchoolDay]
    full: int
    partial: int
    missed: int
    missed_by_reason: dict[str, int]

    @property
    def school_days(self) -> int:
        return len(self.days)

    @property
    def attended(self) -> int:
        return self.full + self.partial

    @property
    def full_percent(self) -> int | None:
        return percent(self.full, self.school_days)

    @property
    def attended_percent(self) -> int | None:
        return percent(self.attended, self.school_days)

    @property
    def tier(self) -> str | None:
        """The attendance tier, read from the at-least-in-part percentage."""
        return tier_for(self.attended_percent)

    @property
    def agreed_rest(self) -> int:
        return self.missed_by_reason.get(DayKind.agreed_rest.value, 0)


def percent(part: int, whole: int) -> int | None:
    """Whole-number percentage, halves rounded up (no banker's rounding surprises)."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def tier_for(value: int | None) -> str | None:
    if value is None:
        return None
    return next(label for floor, label in TIERS if value >= floor)


def classify_day(on: date, attempts: Sequence[Attempt], status: DayStatus | None,
                 last_step_id: str | None, outside: Container[str] = frozenset()) -> SchoolDay:
    """One school day as full, partial or missed, following the module's rules.

    `last_step_id` is the top active step; `outside` the ids of steps outside school.
    """
    minutes = 0
    full = some_time = away = False
    for attempt in attempts:
        if attempt.step_id in outside:
            away = True
            continue
        given = minutes_at_step(attempt)
        minutes += given
        outcome = attempt.outcome
        if outcome is Outcome.completed or outcome is Outcome.did_more:
            if attempt.step_id == last_step_id or given >= FULL_DAY_MINUTES:
                full = True
        elif outcome is Outcome.partial and attempt.minutes_managed is None:
            some_time = True  # partly done in school; how long was not written down
    if full:
        return SchoolDay(on, DayResult.full, minutes)
    if minutes > 0 or some_time:
        return SchoolDay(on, DayResult.partial, minutes)
    outcomes = [a.outcome for a in attempts]
    if Outcome.refused in outcomes:
        reason = "refused"
    elif Outcome.not_started in outcomes:
        reason = "not_started"
    elif away:
        reason = "outside_school"
    elif attempts:
        reason = "no_time"
    elif status is not None:
        reason = status.kind.value
    else:
        reason = "no_record"
    return SchoolDay(on, DayResult.missed, 0, reason)


def attendance(student: Student, attempts: Iterable[Attempt], days: Iterable[DayStatus],
               rng: DateRange, *, today: date | None = None) -> Attendance:
    """Every school day in the range, counted by `classify_day`.

    With `today`, days after it are left out, and so is today itself while nothing is
    recorded for it: a morning not yet over is not a missed day.
    """
    start, end, me = rng.start, rng.end, student.id
    if today is not None and today < end:
        end = today
    by_date: dict[date, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.student_id == me and start <= attempt.on <= end:
            by_date[attempt.on].append(attempt)
    status: dict[date, DayStatus] = {}
    for day in days:
        if day.student_id == me and start <= day.on <= end:
            status[day.on] = day
    active = student.ladder.active
    last_step_id = active[-1].id if active else None
    outside = outside_school(student)
    # A day marked closed is no school day: the one definition is SchoolDays.
    school = SchoolDays.of(student, status.values())
    skipped = set()
    if today is not None and today not in by_date and today not in status:
        skipped.add(today)
    nothing: list[Attempt] = []
    results = [
        classify_day(on, by_date.get(on, nothing), status.get(on), last_step_id, outside)
        for on in school.between(start, end)
        if on not in skipped
    ]
    full = partial = 0
    reasons: Counter[str] = Counter()
    for day in results:
        if day.result is DayResult.full:
            full += 1
        elif day.result is DayResult.partial:
            partial += 1
        else:
            reasons[day.reason] += 1
    ordered = {key: reasons[key] for key in MISSED_REASONS if reasons[key]}
    return Attendance(results, full, partial, len(results) - full - partial, ordered)
