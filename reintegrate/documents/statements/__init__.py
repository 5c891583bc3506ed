"""Data statements: the records turned into sentences a school team can act on.

"We need data first" is answered with the data the family already holds. Each
statement carries its sentence *and* the numbers it was built from, and every number
keeps the dates and record ids behind it, so anyone can ask "which days were those?"
and get an answer. Nothing here reads files or the clock: the period is passed in.

What counts as a successful attempt and how a school day is counted are defined once,
in `reintegrate.stats` (`is_success`, `attendance`): a letter quotes the same numbers
a report or the progress screen shows for the same dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.documents.statements.attendance import attendance_sentence, attendance_statement
from reintegrate.documents.statements.change import change_statement
from reintegrate.documents.statements.mornings import mornings_statement
from reintegrate.documents.statements.repeated_unsuccessful import repeated_unsuccessful_statement
from reintegrate.documents.statements.statement import (
    ATTENDANCE,
    CHANGE,
    CURRENT_STEP,
    MORNINGS,
    REPEATED_UNSUCCESSFUL,
    TRIGGER,
    Figure,
    Statement,
)
from reintegrate.documents.statements.step_attempts import step_attempts_statement
from reintegrate.documents.statements.triggers import trigger_statement
from reintegrate.documents.statements.words import day_month, period_phrase
from reintegrate.models import Attempt, DayStatus, Student
from reintegrate.stats import is_success

__all__ = [
    "ATTENDANCE", "CHANGE", "CURRENT_STEP", "MORNINGS", "REPEATED_UNSUCCESSFUL", "TRIGGER",
    "Figure", "Statement", "attendance_sentence", "attendance_statement", "change_statement", "data_statements",
    "day_month", "is_success", "mornings_statement", "period_phrase",
    "repeated_unsuccessful_statement", "step_attempts_statement", "trigger_statement",
]


def data_statements(
    student: Student,
    attempts: Sequence[Attempt],
    days: Sequence[DayStatus],
    start: date,
    end: date,
    *,
    today: date | None = None,
) -> list[Statement]:
    """Every statement there is something to say about, in the order a letter uses."""
    found = [
        attendance_statement(student, attempts, days, start, end, today=today),
        step_attempts_statement(student, attempts, start, end, today=today),
        repeated_unsuccessful_statement(student, attempts, start, end, today=today),
        trigger_statement(student, attempts, start, end, today=today),
        mornings_statement(student, attempts, start, end, today=today),
    ]
    return [s for s in found if s is not None]
