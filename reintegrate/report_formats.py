"""The progress reports as export formats: `reintegrate export --format md|html|csv`.

`register_report_formats` adds them to `exchange.EXPORT_FORMATS`. Registering is
cheap: the report code (jinja2, the charts) is imported only when a report is
rendered, so `reintegrate status` does not pay for it.

When the planner is installed (`reintegrate.planner`), reports and letters carry its
proposal and the next school days; before it lands they simply leave them out.
`planner_values` is the one place that knows how to ask it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

from reintegrate.exchange import EXPORT_FORMATS, ExportFormat, ExportRequest, register_format
from reintegrate.models import Household, Student
from reintegrate.schooldays import long_date
from reintegrate.stats import DateRange

if TYPE_CHECKING:
    from reintegrate.reports import ReportInput

PLANNER_MODULE = "reintegrate.planner"


class RangeProblem(ValueError):
    """The dates asked for cannot make a report; the message says why and what to do."""


# --- the planner, when it is there -------------------------------------------------------


def load_planner() -> ModuleType | None:
    """The planner module, or None while it is not part of this installation."""
    try:
        if importlib.util.find_spec(PLANNER_MODULE) is None:
            return None
        return importlib.import_module(PLANNER_MODULE)
    except (ImportError, ValueError):  # ValueError: a stand-in module with no spec
        return None


def planned_day_words(title: str, note: str) -> str:
    """'Half day (repeat 2 of 3)'; a day with no step planned shows only its note."""
    if title and note:
        return f"{title} ({note})"
    return title or note


def planner_values(student: Student, household: Household, today: date) -> dict[str, Any]:
    """The planner's proposal and next school days for `student` on `today`, as the
    keyword arguments `ReportInput` takes; empty when the planner is not installed."""
    planner = load_planner()
    if planner is None:
        return {}
    mine = [d for d in household.decisions if d.student_id == student.id]
    attempts = [a for a in household.attempts if a.student_id == student.id]
    days = [d for d in household.days if d.student_id == student.id]
    proposal = planner.propose(student, attempts, days, today, decisions=mine)
    planned = planner.schedule(student, attempts, days, today, proposal=proposal)
    kind = getattr(proposal.kind, "value", proposal.kind)
    return {
        "proposal_kind": str(kind),
        "proposal_target": proposal.target_step_title or None,
        "proposal_reasons": list(proposal.reasons),
        "next_days": [(day.on, planned_day_words(day.step_title, day.note)) for day in planned],
    }


# --- the dates a report covers -----------------------------------------------------------


def report_range(student: Student, household: Household, today: date,
                 start: date | None = None, end: date | None = None) -> DateRange:
    """The dates asked for, or by default the current plan up to today (all records
    when there is no plan). Raises RangeProblem for dates no report can cover."""
    if start is None and end is None:
        return DateRange.this_plan(student, today, household.attempts, household.days)
    if start is not None and start > today:
        raise RangeProblem(
            f"--from {start.isoformat()} is after today ({long_date(today)}): there is "
            "nothing to report yet."
        )
    if start is None:
        start = DateRange.this_plan(student, today, household.attempts, household.days).start
        if end < start:
            raise RangeProblem(
                f"--to {end.isoformat()} is before the first day this report would cover "
                f"({long_date(start)}); add --from to choose the start as well."
            )
    if end is None:
        end = today
    if end < start:
        raise RangeProblem(
            f"--to {end.isoformat()} is before --from {start.isoformat()}; the end date "
            "must be on or after the start date."
        )
    return DateRange.custom(start, end, today)


def report_input(request: ExportRequest) -> ReportInput:
    from reintegrate.reports import ReportInput

    student = request.student
    if student is None:
        raise ValueError("A report is about one student; choose one first.")
    household = request.household
    rng = report_range(student, household, request.today, request.start, request.end)
    return ReportInput.from_household(household, student, rng, request.today,
                                      **planner_values(student, household, request.today))


# --- the formats -------------------------------------------------------------------------


def _renderer(function_name: str) -> Callable[[ExportRequest], str]:
    def render(request: ExportRequest) -> str:
        from reintegrate import reports

        return getattr(reports, function_name)(report_input(request))

    return render


REPORT_FORMATS = [
    ExportFormat(
        name="md", suffix=".md", per_student=True, label="Markdown report",
        description="a progress report in Markdown: a one-page summary, then the detail",
        render=_renderer("render_markdown"),
    ),
    ExportFormat(
        name="html", suffix=".html", per_student=True, label="HTML report",
        description="the progress report as one self-contained web page with charts, ready to print",
        render=_renderer("render_html"),
    ),
    ExportFormat(
        name="csv", suffix=".csv", per_student=True, label="CSV records",
        description="one row per attempt, day or unrecorded school day, for spreadsheets",
        render=_renderer("render_csv"),
    ),
]


def register_report_formats() -> None:
    """Add md, html and csv to the export formats (again is harmless)."""
    for fmt in REPORT_FORMATS:
        if fmt.name not in EXPORT_FORMATS:
            register_format(fmt)
