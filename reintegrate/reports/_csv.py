"""The raw records as CSV, for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING

from reintegrate.reports._notice import sensitive_notice
from reintegrate.schooldays import WEEKDAY_NAMES
from reintegrate.stats import is_success, minutes_in_school, step_positions

if TYPE_CHECKING:
    from reintegrate.reports import ReportInput

CSV_COLUMNS = [
    "record", "date", "weekday", "school_day", "day_counted_as", "step_position",
    "step_id", "step_title", "planned_minutes", "outcome", "successful",
    "minutes_managed", "minutes_in_school", "distress_before", "distress_peak",
    "distress_after", "triggers", "trigger_notes", "symptoms", "helped", "notes",
    "child_words", "woke_on_time", "morning_behaviours", "left_home_at", "morning_notes",
    "day_status", "day_note", "student_id", "id",
]
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(inp: ReportInput) -> str:
    """One row per attempt, per day status, and per school day with nothing recorded,
    so a spreadsheet can recount every figure. The first line is the privacy notice;
    the column names are on the second line, in the order of `CSV_COLUMNS`."""
    p = inp.progress()
    counted = {day.on: day for day in p.attendance.days}
    positions = step_positions(inp.student)
    rows: list[tuple[date, int, dict[str, object]]] = []
    for attempt in p.attempts:
        morning = attempt.morning
        rows.append((attempt.on, 0, {
            "record": "attempt", "step_position": positions.get(attempt.step_id, (None,))[0],
            "step_id": attempt.step_id, "step_title": attempt.step_title,
            "planned_minutes": attempt.planned_minutes, "outcome": attempt.outcome.value,
            "successful": is_success(attempt), "minutes_managed": attempt.minutes_managed,
            "minutes_in_school": minutes_in_school(attempt),
            "distress_before": attempt.distress_before, "distress_peak": attempt.distress_peak,
            "distress_after": attempt.distress_after, "triggers": attempt.triggers,
            "trigger_notes": attempt.trigger_notes, "symptoms": attempt.symptoms,
            "helped": attempt.helped, "notes": attempt.notes,
            "child_words": attempt.child_words, "woke_on_time": morning.woke_on_time,
            "morning_behaviours": morning.behaviours,
            "left_home_at": morning.left_home_at.strftime("%H:%M") if morning.left_home_at else "",
            "morning_notes": morning.notes, "student_id": attempt.student_id, "id": attempt.id,
        }))
    recorded = {a.on for a in p.attempts}
    for day in p.days:
        rows.append((day.on, 1, {"record": "day", "day_status": day.kind.value,
                                 "day_note": day.note, "student_id": day.student_id,
                                 "id": day.id}))
        recorded.add(day.on)
    for day in p.attendance.days:
        if day.on not in recorded:
            rows.append((day.on, 2, {"record": "no_record"}))
    rows.sort(key=lambda row: (row[0], row[1]))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([sensitive_notice(inp.student)])
    writer.writerow(CSV_COLUMNS)
    for on, _, row in rows:
        day = counted.get(on)
        row.update(date=on.isoformat(), weekday=WEEKDAY_NAMES[on.weekday()], school_day=day is not None,
                   day_counted_as=day.result.value if day else "")
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()
