"""Unsuccessful attempts that repeat: how many, and the runs in a row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.statement import (
    REPEATED_UNSUCCESSFUL,
    Figure,
    Statement,
    in_date_order,
    in_period,
)
from reintegrate.documents.statements.words import capital, day_month, period_phrase
from reintegrate.models import Attempt, Student
from reintegrate.stats import is_success


def _runs(attempts: Sequence[Attempt]) -> list[list[Attempt]]:
    """Consecutive unsuccessful attempts, in date order, as separate runs."""
    runs: list[list[Attempt]] = []
    current: list[Attempt] = []
    for attempt in attempts:
        if is_success(attempt):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(attempt)
    if current:
        runs.append(current)
    return runs


def longest_run(ordered: Sequence[Attempt]) -> list[Attempt]:
    """The longest run of unsuccessful attempts in a row (the earliest of equally long
    runs), from attempts in date order; empty when every attempt succeeded."""
    # max() keeps the first of equally long runs: the earliest one is reported.
    return max(_runs(ordered), key=len, default=[])


def run_span(run: Sequence[Attempt]) -> str:
    first, last = run[0].on, run[-1].on
    if first == last:
        return day_month(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {day_month(last)}"
    return f"{day_month(first)} to {day_month(last)}"


def repeated_unsuccessful_statement(
    student: Student,
    attempts: Sequence[Attempt],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> Statement | None:
    """'Since 1 October, 12 of 20 attempts did not succeed, including the last 4 in a row.'

    None when fewer than two attempts were unsuccessful: nothing has been repeated.
    """
    ordered = in_date_order(in_period(student, attempts, start, end))
    failed = [a for a in ordered if not is_success(a)]
    if len(failed) < 2:
        return None
    runs = _runs(ordered)
    latest = runs[-1] if runs and runs[-1][-1] is ordered[-1] else []
    longest = longest_run(ordered)
    figures = (
        Figure.of_attempts("attempts", ordered),
        Figure.of_attempts("not_succeeded", failed),
        Figure.of_attempts("latest_run", latest),
        Figure.of_attempts("longest_run", longest),
    )
    sentence = (
        f"{capital(period_phrase(start, end, today))}, {len(failed)} of {len(ordered)} "
        f"attempts did not succeed"
    )
    if len(latest) >= 2:
        sentence += f", including the last {len(latest)} in a row."
    elif len(longest) >= 2:
        sentence += f"; the longest run was {len(longest)} in a row, {run_span(longest)}."
    else:
        sentence += "."
    return Statement(REPEATED_UNSUCCESSFUL, sentence, figures)

