"""Supports kept at home in the records a family takes away: the export (and its import
back), the CSV (the supports at home in place on each row's day) and the report."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

from test_reports import TODAY, household

from reintegrate.documents.reports import ReportInput, render_csv, render_html, render_markdown
from reintegrate.models import HomeSupport
from reintegrate.stats import DateRange
from reintegrate.store.exchange import read_export, render_json

AGREEMENT = HomeSupport(support="a written agreement", started_on=date(2026, 9, 14))
SCREENS = HomeSupport(support="No screens in school hours", started_on=date(2026, 9, 8), ended_on=date(2026, 9, 10))


def _house():
    house = household()
    house.students[0].home_supports = [SCREENS, AGREEMENT]
    return house


def _input(house):
    return ReportInput.from_household(house, house.students[0], DateRange.custom(date(2026, 9, 7), TODAY, TODAY), TODAY)


def test_the_export_holds_the_supports_at_home_and_reads_them_back():
    house = _house()
    back = read_export(render_json(house, TODAY))
    assert back.students[0].home_supports == [SCREENS, AGREEMENT]
    assert '"home_supports"' in render_json(house, TODAY)


def test_each_csv_row_says_the_supports_at_home_in_place_that_day():
    rows = list(csv.DictReader(io.StringIO(render_csv(_input(_house())))))
    by_day: dict[str, set[str]] = {}
    for row in rows:
        by_day.setdefault(row["date"], set()).add(row["home_supports"])
    assert by_day["2026-09-07"] == {""}  # before either started
    assert by_day["2026-09-09"] == {"No screens in school hours"}
    assert by_day["2026-09-10"] == {""}  # ended that day
    assert by_day["2026-09-14"] == {"a written agreement"}


def test_the_report_says_the_supports_at_home_beside_the_current_step():
    inp = _input(_house())
    assert "At home since Mon 14 Sep: a written agreement." in render_markdown(inp)
    assert "At home since Mon 14 Sep: a written agreement." in render_html(replace(inp))
    assert "At home since" not in render_markdown(_input(household()))


def test_the_report_says_the_supports_tried_at_home_and_ended_with_their_dates():
    """Walk report item 4: an ended support at home is not lost from what the school sees."""
    inp = _input(_house())
    said = "Tried at home and ended: No screens in school hours (from Tue 8 Sep, ended Thu 10 Sep)."
    assert said in render_markdown(inp)
    assert said in render_html(replace(inp))


def test_the_reports_home_side_proposal_is_titled_about_home_not_the_step():
    """Walk report item 8: the proposal now, in the report, as the decision would be."""
    from reintegrate.documents.formats import planner_values
    from tests.ui.home_support import refusing_household
    from tests.ui.test_ui_planner_support import TODAY as DAY

    house = refusing_household()
    student = house.students[0]
    fields = planner_values(student, house, DAY)
    assert fields["proposal_kind"] == "adjust_supports"
    inp = ReportInput.from_household(house, student, DateRange.custom(date(2026, 10, 1), DAY, DAY), DAY, **fields)
    text = render_markdown(inp)
    assert "**Change the supports at home (for every step)**" in text
    assert "Adjust the supports for this step" not in text
