"""How many school days there were, and how many were missed, partial or full."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.statement import ATTENDANCE, Figure, Statement, in_period
from reintegrate.documents.statements.words import capital, period_phrase, plural
from reintegrate.models import Attempt, DayStatus, Student
from reintegrate.stats import DateRange, DayResult, attendance


def attendance_sentence(school_days: int, missed: int, partial: int, full: int,
                        start: date, end: date, today: date | None = None) -> str:
    """'Since 1 October: 34 school days, 19 missed entirely, 9 partial, 6 full.'

    The wording reports use too, so a report and a letter read alike.
    """
    period = capital(period_phrase(start, end, today))
    if school_days == 0:
        return f"{period}: no school days yet."
    return (
        f"{period}: {school_days} school {plural(school_days, 'day')}, "
        f"{missed} missed entirely, {partial} partial, {full} full."
    )


def attendance_statement(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement:
    """'Since 1 October: 34 school days, 19 missed entirely, 9 partial, 6 full.'

    Counted by `reintegrate.stats.attendance`: with `today`, days after it are not
    counted, and neither is today itself while nothing is recorded for it.
    """
    if today is not None:
        end = min(end, today)
    counted = attendance(student, attempts, days, DateRange(start, end), today=today)
    attempts = in_period(student, attempts, start, end)
    statuses = in_period(student, days, start, end)
    groups: dict[DayResult, list[date]] = {result: [] for result in DayResult}
    for day in counted.days:
        groups[day.result].append(day.on)

    def figure(name: str, dates: list[date]) -> Figure:
        wanted = set(dates)
        return Figure(
            name,
            len(dates),
            dates=tuple(dates),
            attempt_ids=tuple(a.id for a in attempts if a.on in wanted),
            day_ids=tuple(s.id for s in statuses if s.on in wanted),
        )

    figures = (
        figure("school_days", [day.on for day in counted.days]),
        figure("missed", groups[DayResult.missed]),
        figure("partial", groups[DayResult.partial]),
        figure("full", groups[DayResult.full]),
    )
    sentence = attendance_sentence(counted.school_days, counted.missed, counted.partial,
                                   counted.full, start, end, today)
    return Statement(ATTENDANCE, sentence, figures)

