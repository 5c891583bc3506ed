"""The raw records as CSV, for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reintegrate.documents.reports._notice import sensitive_notice
from reintegrate.models import Attempt, DayStatus, Student, home_supports_on
from reintegrate.schooldays import WEEKDAY_NAMES
from reintegrate.stats import (
    attendance,
    is_success,
    minutes_in_school,
    outside_school,
    select,
    step_positions,
)

if TYPE_CHECKING:
    from reintegrate.documents.reports import ReportInput

CSV_COLUMNS = [
    "record", "date", "weekday", "school_day", "day_counted_as", "step_position",
    "step_id", "step_title", "step_in_school", "planned_minutes", "outcome", "successful",
    "minutes_managed", "minutes_in_school", "distress_before", "distress_peak",
    "distress_after", "triggers", "trigger_notes", "symptoms", "helped", "notes",
    "child_words", "woke_on_time", "morning_behaviours", "left_home_at", "morning_notes",
    "prediction", "prediction_confidence", "prediction_came_true", "left_school_at",
    "day_status", "day_note", "during_school_hours", "home_supports", "student_id", "id",
]
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NO_ATTEMPT = [""] * 26  # the attempt columns, from step_position to left_school_at


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _tags(values: list[str]) -> str:
    return _text("; ".join(values))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


def _attempt_cells(attempt: Attempt, position: int | None, outside: frozenset[str]) -> list:
    """The columns from step_position to id, in CSV_COLUMNS order."""
    morning = attempt.morning
    left = morning.left_home_at
    return [
        _blank(position), attempt.step_id, _text(attempt.step_title),
        _yes_no(attempt.step_id not in outside), attempt.planned_minutes,
        attempt.outcome.value, _yes_no(is_success(attempt)), _blank(attempt.minutes_managed),
        minutes_in_school(attempt, outside), _blank(attempt.distress_before),
        _blank(attempt.distress_peak), _blank(attempt.distress_after), _tags(attempt.triggers),
        _text(attempt.trigger_notes), _tags(attempt.symptoms), _tags(attempt.helped),
        _text(attempt.notes), _text(attempt.child_words), _yes_no(morning.woke_on_time),
        _tags(morning.behaviours), f"{left:%H:%M}" if left else "", _text(morning.notes),
        _text(attempt.prediction), _blank(attempt.prediction_confidence),
        attempt.prediction_came_true.value if attempt.prediction_came_true else "",
        f"{attempt.left_school_at:%H:%M}" if attempt.left_school_at else "",
        "", "", _text(attempt.during_school_hours), attempt.student_id, attempt.id,
    ]


def _day_cells(day: DayStatus) -> list:
    return _NO_ATTEMPT + [day.kind.value, _text(day.note), _text(day.during_school_hours), day.student_id, day.id]


def render_csv(inp: ReportInput) -> str:
    """One row per attempt, per day status, and per school day with nothing recorded,
    so a spreadsheet can recount every figure. The first line holds the column names, in
    the order of `CSV_COLUMNS`, so `csv.DictReader` and spreadsheets read it as a table;
    the privacy notice travels beside it (`csv_readme`). Lists are joined with "; " and
    text that a spreadsheet would run as a formula is quoted."""
    # Only the records and the attendance are needed: not the whole Progress bundle.
    attempts = select(inp.student, inp.attempts, inp.range)
    days = select(inp.student, inp.days, inp.range)
    school_days = attendance(inp.student, attempts, days, inp.range, today=inp.today).days
    counted = {day.on: day.result.value for day in school_days}
    positions = step_positions(inp.student)
    outside = outside_school(inp.student)
    rows: list[tuple[date, int, str, list]] = []
    for attempt in attempts:
        position = positions.get(attempt.step_id, (None, False))[0]
        rows.append((attempt.on, 0, "attempt", _attempt_cells(attempt, position, outside)))
    recorded = {a.on for a in attempts}
    for day in days:
        rows.append((day.on, 1, "day", _day_cells(day)))
        recorded.add(day.on)
    blank = _NO_ATTEMPT + [""] * 5
    rows += [(d.on, 2, "no_record", blank) for d in school_days if d.on not in recorded]
    rows.sort(key=lambda row: (row[0], row[1]))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for on, _, record, cells in rows:
        result = counted.get(on)
        # The supports kept at home in place that day, before the two ids.
        home = _tags(home_supports_on(inp.student, on))
        writer.writerow([record, on.isoformat(), WEEKDAY_NAMES[on.weekday()],
                         "no" if result is None else "yes", result or "", *cells[:-2], home, *cells[-2:]])
    return out.getvalue()


def csv_readme_path(csv_path: Path) -> Path:
    """'sam.csv' -> 'sam.csv.README.txt': beside the table, sorted next to it."""
    return csv_path.with_name(csv_path.name + ".README.txt")


def csv_readme(student: Student) -> str:
    """The note written beside a CSV file: what it holds and the privacy notice, which
    cannot go inside the table without becoming its header row."""
    return (f"{sensitive_notice(student)}\n\n"
            f"The CSV file beside this note holds {student.name}'s records, one row per "
            "attempt, day without an attempt, and school day with nothing recorded. "
            "Its first line names the columns.\n")
