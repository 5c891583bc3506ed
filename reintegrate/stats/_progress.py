"""Every figure for one student and range, computed once for a screen or report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reintegrate.models import Attempt, DayStatus, Decision, Student
from reintegrate.stats._attendance import Attendance, attendance, is_success, outside_school
from reintegrate.stats._patterns import (
    BeforeDistress,
    Mornings,
    TagCount,
    TagRow,
    WeekdayRow,
    before_distress,
    helped_on_successful,
    left_early,
    mornings,
    outcome_by_weekday,
    tag_pattern,
)
from reintegrate.stats._ranges import DateRange, select
from reintegrate.stats._series import (
    StepChange,
    StepPoint,
    Trend,
    WeekMinutes,
    distress_trend,
    minutes_per_week,
    peak_distress_series,
    step_history,
    step_series,
)


@dataclass(frozen=True)
class Progress:
    """Every figure for one student and range, computed once for a screen or report."""

    range: DateRange
    attempts: list[Attempt]
    days: list[DayStatus]
    attendance: Attendance
    steps: list[StepPoint]
    distress: list[tuple[date, int]]
    distress_trend: Trend | None
    weeks: list[WeekMinutes]
    weekdays: list[WeekdayRow]
    triggers: list[TagRow]
    symptoms: list[TagRow]
    before: BeforeDistress
    helped: list[TagCount]
    mornings: Mornings
    left_early: list[Attempt]  # attempts that ended with leaving school early, by date
    decisions: list[Decision]
    step_history: list[StepChange]

    @property
    def successes(self) -> int:
        return sum(1 for a in self.attempts if is_success(a))


def progress(student: Student, attempts: Iterable[Attempt], days: Iterable[DayStatus],
             decisions: Iterable[Decision], rng: DateRange, *,
             today: date | None = None) -> Progress:
    """With `today`, attendance leaves out today while nothing is recorded for it
    (see `attendance`); screens and reports pass it, so they match the letters."""
    chosen = select(student, attempts, rng)
    chosen_days = select(student, days, rng)
    # Decisions before the range still tell where the step stood when it began.
    mine = [d for d in decisions if d.student_id == student.id and d.on <= rng.end]
    history = [c for c in step_history(student, mine) if c.on in rng]
    distress = peak_distress_series(chosen)
    return Progress(
        range=rng,
        attempts=chosen,
        days=chosen_days,
        attendance=attendance(student, chosen, chosen_days, rng, today=today),
        steps=step_series(student, chosen),
        distress=distress,
        distress_trend=distress_trend(distress),
        weeks=minutes_per_week(chosen, rng, outside_school(student)),
        weekdays=outcome_by_weekday(student, chosen),
        triggers=tag_pattern(chosen, "triggers"),
        symptoms=tag_pattern(chosen, "symptoms"),
        before=before_distress(chosen),
        helped=helped_on_successful(chosen),
        mornings=mornings(chosen),
        left_early=left_early(chosen),
        decisions=sorted((d for d in mine if d.on in rng), key=lambda d: d.on),
        step_history=history,
    )
