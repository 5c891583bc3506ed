"""A statement and its figures: a sentence, and the numbers it was built from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reintegrate.models import Attempt, Student

ATTENDANCE = "attendance"
CURRENT_STEP = "current_step"
REPEATED_UNSUCCESSFUL = "repeated_unsuccessful"
TRIGGER = "trigger"
MORNINGS = "mornings"
CHANGE = "change"


@dataclass(frozen=True)
class Figure:
    """One number in a statement, with the records it was counted from."""

    name: str
    value: int | float
    dates: tuple[date, ...] = ()
    attempt_ids: tuple[str, ...] = ()
    day_ids: tuple[str, ...] = ()

    @classmethod
    def of_attempts(cls, name: str, attempts: Sequence[Attempt]) -> Figure:
        """A count of attempts, traceable to their dates and ids."""
        return cls(name, len(attempts), tuple(a.on for a in attempts), tuple(a.id for a in attempts))


@dataclass(frozen=True)
class Statement:
    kind: str
    sentence: str
    figures: tuple[Figure, ...]

    def figure(self, name: str) -> Figure:
        for figure in self.figures:
            if figure.name == name:
                return figure
        raise KeyError(name)

    @property
    def numbers(self) -> dict[str, int | float]:
        return {f.name: f.value for f in self.figures}



def in_period(student: Student, records: Iterable, start: date, end: date) -> list:
    return [r for r in records if r.student_id == student.id and start <= r.on <= end]


def in_date_order(attempts: Iterable[Attempt]) -> list[Attempt]:
    # sorted() is stable: attempts on one date keep the order they were recorded in.
    return sorted(attempts, key=lambda a: a.on)
