"""Date ranges for reviews: last 2 weeks, last 6 weeks, this plan, all, or chosen dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from reintegrate.models import Attempt, DayStatus, Student


class RangePreset(StrEnum):
    two_weeks = "two_weeks"
    six_weeks = "six_weeks"
    plan = "plan"
    all = "all"
    custom = "custom"


RANGE_LABELS = {
    RangePreset.two_weeks: "Last 2 weeks",
    RangePreset.six_weeks: "Last 6 weeks",
    RangePreset.plan: "This plan",
    RangePreset.all: "All records",
    RangePreset.custom: "Chosen dates",
}


@dataclass(frozen=True)
class DateRange:
    """Dates from start to end, both included. End before start means an empty range.

    The constructors never reach past `today`: a school day that has not happened yet
    must not be counted as missed.
    """

    start: date
    end: date
    preset: RangePreset = RangePreset.custom

    @property
    def label(self) -> str:
        return RANGE_LABELS[self.preset]

    @property
    def empty(self) -> bool:
        return self.end < self.start

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def last_weeks(cls, today: date, weeks: int,
                   preset: RangePreset = RangePreset.custom) -> DateRange:
        """`weeks` whole weeks ending today: last 2 weeks is today and the 13 days before."""
        return cls(today - timedelta(days=7 * weeks - 1), today, preset)

    @classmethod
    def last_two_weeks(cls, today: date) -> DateRange:
        return cls.last_weeks(today, 2, RangePreset.two_weeks)

    @classmethod
    def last_six_weeks(cls, today: date) -> DateRange:
        return cls.last_weeks(today, 6, RangePreset.six_weeks)

    @classmethod
    def this_plan(cls, student: Student, today: date, attempts=(), days=()) -> DateRange:
        """From the plan's start to today; all records when there is no plan yet."""
        if student.plan is None:
            return cls.all_records(student, attempts, days, today)
        return cls(student.plan.start, today, RangePreset.plan)

    @classmethod
    def all_records(cls, student: Student, attempts: Iterable[Attempt], days: Iterable[DayStatus],
            today: date) -> DateRange:
        dates = [a.on for a in attempts if a.student_id == student.id]
        dates += [d.on for d in days if d.student_id == student.id]
        for known in (student.created_on, student.plan.start if student.plan else None):
            if known is not None:
                dates.append(known)
        return cls(min(dates, default=today), today, RangePreset.all)

    @classmethod
    def custom(cls, start: date, end: date, today: date) -> DateRange:
        if end < start:
            raise ValueError("The end date must be on or after the start date.")
        return cls(start, min(end, today), RangePreset.custom)

    @classmethod
    def preset_for(cls, preset: RangePreset | str, student: Student, attempts: Sequence[Attempt],
                   days: Sequence[DayStatus], today: date, start: date | None = None,
                   end: date | None = None) -> DateRange:
        preset = RangePreset(preset)
        if preset is RangePreset.two_weeks:
            return cls.last_two_weeks(today)
        if preset is RangePreset.six_weeks:
            return cls.last_six_weeks(today)
        if preset is RangePreset.plan:
            return cls.this_plan(student, today, attempts, days)
        if preset is RangePreset.all:
            return cls.all_records(student, attempts, days, today)
        if start is None or end is None:
            raise ValueError("Choose both a start and an end date.")
        return cls.custom(start, end, today)


def select(student: Student, records: Iterable, rng: DateRange) -> list:
    """The student's records (attempts, days, decisions, contacts) inside the range,
    oldest first; records on one date keep the order they were given in."""
    chosen = [r for r in records if r.student_id == student.id and r.on in rng]
    chosen.sort(key=lambda r: r.on)
    return chosen
