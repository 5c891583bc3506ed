"""A short table of attempts: date, outcome in words, minutes, peak distress."""

from __future__ import annotations

from collections.abc import Iterable

from reintegrate.models import Attempt
from reintegrate.schooldays import short_date
from screens.widgets.plain import PlainTable


def distress_text(value: int | None) -> str:
    return "—" if value is None else f"{value}/10"


def minutes_text(attempt: Attempt) -> str:
    managed = "—" if attempt.minutes_managed is None else str(attempt.minutes_managed)
    return f"{managed} of {attempt.planned_minutes}"


class AttemptsTable(PlainTable):
    """Read-only list of attempts; the outcome is always a word, never colour alone."""

    DEFAULT_CSS = """
    AttemptsTable { height: auto; max-height: 8; }
    """

    def __init__(self, attempts: Iterable[Attempt] = (), **kwargs) -> None:
        kwargs.setdefault("cursor_type", "none")
        kwargs.setdefault("show_cursor", False)
        super().__init__(**kwargs)
        self._attempts = list(attempts)

    def on_mount(self) -> None:
        self.add_columns("Date", "Outcome", "Minutes", "Peak distress")
        self.show_attempts(self._attempts)

    def show_attempts(self, attempts: Iterable[Attempt]) -> None:
        self.clear()
        for attempt in attempts:
            self.add_row(
                short_date(attempt.on),
                attempt.outcome.label,
                minutes_text(attempt),
                distress_text(attempt.distress_peak),
                key=attempt.id,
            )
