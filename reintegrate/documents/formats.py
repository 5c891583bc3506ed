"""The progress reports as export formats: `reintegrate export --format md|html|csv`.

`register_report_formats` adds them to `exchange.EXPORT_FORMATS`. Registering is
cheap: the report code (jinja2, the charts) is imported only when a report is
rendered, so `reintegrate status` does not pay for it.

Reports and letters carry the plan through `plan_fields`, which reads the one plan
view (`reintegrate.planner.view.plan_view`) every screen and `status` show.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from reintegrate.models import Household, Student
from reintegrate.planner.view import PlanView, decision_sentence, plan_view, plan_words, planned_day_words
from reintegrate.planner.words import heading, proposal_is_home_side
from reintegrate.schooldays import long_date
from reintegrate.store.exchange import EXPORT_FORMATS, ExportFormat, ExportRequest, register_format

if TYPE_CHECKING:
    from reintegrate.documents.reports import ReportInput
    from reintegrate.stats import DateRange

class RangeProblem(ValueError):
    """The dates asked for cannot make a report; the message says why and what to do."""


# --- the plan, as documents carry it ---------------------------------------------------


def plan_fields(view: PlanView) -> dict[str, Any]:
    """The plan view as the keyword arguments `ReportInput` and `LetterInput` take:
    the one road from the planner to every document."""
    proposal = view.proposal
    return {
        "proposal_kind": proposal.kind.value,
        "proposal_target": proposal.target_step_title or None,
        # Its title: the barrier's trigger, or home for every step, where not the step.
        "proposal_heading": heading(proposal.kind, proposal.target_step_title, proposal.barrier_tag or "",
                                    proposal_is_home_side(proposal.kind, [t.support for t in proposal.supports_to_try])),
        # With a decision that answered it, the reasons it had then (`plan_words`), as `status` says.
        "proposal_reasons": list(plan_words(view).reasons),
        # Decided already (today, or an override carried over days with no attempt):
        # what was chosen, said before the proposal it answered, as on Today.
        "decided": decision_sentence(view.decided, view.today) if view.decided else "",
        "decided_answers": view.decided_answers_proposal,
        "review_reasons": list(proposal.review_reasons),
        "next_days": [(day.on, planned_day_words(day)) for day in view.next_days],
        "next_days_follow": view.following,
        "profile": view.profile,
        "supports_to_try": [(t.support, t.purpose, t.why) for t in proposal.supports_to_try],
    }


def planner_values(student: Student, household: Household, today: date) -> dict[str, Any]:
    """`plan_fields` for `student` on `today`, from a household's records."""
    return plan_fields(plan_view(household, student, today))


# --- the dates a report covers -----------------------------------------------------------


def report_range(student: Student, household: Household, today: date,
                 start: date | None = None, end: date | None = None) -> DateRange:
    """The dates asked for, or by default the current plan up to today (all records
    when there is no plan). Raises RangeProblem for dates no report can cover."""
    from reintegrate.stats import DateRange  # with a report, not with the command line

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
    from reintegrate.documents.reports import ReportInput

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
        from reintegrate.documents import reports

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
