"""Progress reports to take to the therapist or the school team: Markdown, HTML, CSV.

Every figure comes from `reintegrate.stats`, computed once per report, so the three
formats (and the progress screen) always agree. The planner's proposal is passed in as
plain values: this module does not depend on the planner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from reintegrate.documents import charts
from reintegrate.documents.reports._context import (
    PROPOSAL_LABELS,
    build_context,
    main_patterns,
    plural,
    trend_words,
)
from reintegrate.documents.reports._csv import CSV_COLUMNS, csv_readme, csv_readme_path, render_csv
from reintegrate.documents.reports._notice import sensitive_notice
from reintegrate.documents.reports._tables import (
    html_attempt_blocks,
    html_table,
    markdown_cell,
    md_attempt_blocks,
    md_table,
)
from reintegrate.models import (
    Attempt,
    Barrier,
    Contact,
    DayStatus,
    Decision,
    Household,
    Step,
    Student,
)
from reintegrate.resources import data_file
from reintegrate.stats import DateRange, Progress, progress

__all__ = [
    "CSV_COLUMNS", "PROPOSAL_LABELS", "ReportInput", "main_patterns", "markdown_cell",
    "csv_readme", "csv_readme_path", "render_csv", "render_html", "render_markdown", "sensitive_notice",
]


@dataclass
class ReportInput:
    """Everything one report is made from. Records may cover the whole household: the
    report keeps the student's own, inside the range. The proposal fields carry the
    planner's result when the caller has one; a report without them simply omits it."""

    student: Student
    attempts: Sequence[Attempt]
    days: Sequence[DayStatus]
    decisions: Sequence[Decision]
    barriers: Sequence[Barrier]
    contacts: Sequence[Contact]
    range: DateRange
    today: date
    proposal_kind: str | None = None
    proposal_target: str | Step | None = None  # the target step, or its title
    proposal_reasons: list[str] = field(default_factory=list)
    # (heading, what it is about) when the title is not the kind's heading and the step
    # (planner.words.heading: a barrier's trigger, the home side); None: from kind and target.
    proposal_heading: tuple[str, str] | None = None
    decided: str = ""  # the decision shown instead of the proposal, as a sentence
    decided_answers: bool = True  # taken on the proposal shown (else: the proposal now)
    review_reasons: list[str] = field(default_factory=list)  # why the plan needs review
    next_days: list[tuple[date, str]] = field(default_factory=list)
    next_days_follow: str = ""
    # Why school is hard: the plan view's profile (a FunctionProfile, or None without a
    # check-in) and the supports to try as (support, purpose, why).
    profile: Any = None
    supports_to_try: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def from_household(cls, household: Household, student: Student, rng: DateRange,
                       today: date, **planner) -> ReportInput:
        return cls(student, household.attempts, household.days, household.decisions,
                   household.barriers, household.contacts, rng, today, **planner)

    def progress(self) -> Progress:
        return progress(self.student, self.attempts, self.days, self.decisions, self.range,
                        today=self.today)


# ---------------------------------------------------------------- templates


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_file("reports")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                            default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = markdown_cell
    env.globals.update(md_table=md_table, html_table=html_table, md_attempt_blocks=md_attempt_blocks,
                       html_attempt_blocks=html_attempt_blocks)
    return env


# ---------------------------------------------------------------- renderers


# `figures` lets a caller that already holds the Progress for this input (the progress
# screen) skip computing it again; it must come from `inp.progress()`.


def render_markdown(inp: ReportInput, *, figures: Progress | None = None) -> str:
    """A one-page summary, then the detail; plain enough to paste into an email."""
    context = build_context(inp, figures or inp.progress())
    return _environment().get_template("report.md.j2").render(**context)


def render_html(inp: ReportInput, *, figures: Progress | None = None) -> str:
    """One self-contained page: inline styles and SVG charts, nothing fetched."""
    p = figures or inp.progress()
    context = build_context(inp, p)
    context["charts"] = {name: Markup(svg) for name, svg in _charts(inp, p).items()}
    return _environment().get_template("report.html.j2").render(**context)


def _charts(inp: ReportInput, p: Progress) -> dict[str, str]:
    span = (p.range.start, p.range.end) if not p.range.empty else None
    levels = [step.title for step in inp.student.ladder.active]
    steps = [(s.on, s.position, s.stepped_back) for s in p.steps if s.position is not None]
    backs = sum(1 for s in steps if s[2])
    trend_line = None
    trend_label = "Not enough records yet for a trend"
    if p.distress_trend is not None:
        first, last = p.distress[0][0], p.distress[-1][0]
        trend_line = ((first, p.distress_trend.at(first)), (last, p.distress_trend.at(last)))
        trend_label = "Trend: " + trend_words(p.distress_trend.slope_per_week)
    att = p.attendance
    several_years = len({w.monday.year for w in p.weeks}) > 1
    weeks = [(f"{w.short} {w.monday.year}" if several_years else w.short, w.minutes) for w in p.weeks]
    busiest = max(p.weeks, key=lambda w: w.minutes, default=None)
    weeks_desc = (f"{plural(len(p.weeks), 'week')}, {sum(w.minutes for w in p.weeks)} minutes in all"
                  + (f"; most in {busiest.label}: {busiest.minutes} minutes." if busiest else "."))
    return {
        "steps": charts.step_chart(
            steps, chart_id="chart-steps", title="Ladder step at each attempt",
            levels=levels, span=span,
            desc=f"{len(steps)} attempts; {backs} step-backs. Higher is a harder step."),
        "distress": charts.line_chart(
            p.distress, chart_id="chart-distress", title="Peak distress at each attempt",
            y_label="Peak distress (0-10)", series_label="Peak distress", span=span,
            trend=trend_line, trend_label=trend_label,
            desc=f"{len(p.distress)} attempts with a peak recorded. {trend_label}."),
        "minutes": charts.bar_chart(
            weeks, chart_id="chart-minutes", title="Minutes in school each week",
            y_label="Minutes", x_label="Week of (Monday)", desc=weeks_desc),
        "attendance": charts.bar_chart(
            [("Full", att.full), ("Partial", att.partial), ("Missed", att.missed)],
            chart_id="chart-attendance", title="School days by attendance",
            y_label="School days",
            desc=f"{att.school_days} school days: {att.full} full, {att.partial} "
                 f"partial, {att.missed} missed."),
    }
