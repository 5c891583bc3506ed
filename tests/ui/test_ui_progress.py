"""The progress screen with the keyboard: periods, chosen dates, and saving a report."""

from __future__ import annotations

import csv
import io
import re
import stat
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from reintegrate.models import Decision, Household, ProposalKind
from reintegrate.schooldays import SchoolDays
from reintegrate.stats import Attendance, DateRange, attendance
from reintegrate.store import Store
from screens.app import make_app
from screens.modals.date_range import DateRangeModal
from screens.modals.export_report import ExportReportModal
from screens.progress import WORKING, ProgressScreen
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID, make_household, step_id, store_with

SIZE = (80, 24)
TODAY = date(2026, 11, 26)  # a Thursday


def decisions_for(household: Household, today: date) -> list[Decision]:
    """The decisions behind the fixture's step changes: up to 3, up to 4, back to 3 after
    two bad days, and up to 4 again against a proposal to repeat."""
    student = household.students[0]
    days = SchoolDays(student.calendar).last(SchoolDays(student.calendar).previous(today), 18)

    def step(n: int) -> tuple[str, str]:
        found = student.ladder.step(step_id(n))
        assert found is not None
        return found.id, found.title

    def decision(index: int, kind: ProposalKind, before: int, proposed: int, *, chosen: int | None = None,
                 note: str = "", reasons: list[str] | None = None) -> Decision:
        from_id, from_title = step(before)
        proposed_id, proposed_title = step(proposed)
        chosen_id, chosen_title = step(chosen) if chosen else (None, "")
        return Decision(
            id=f"decision-{index}", student_id=student.id, on=days[index], proposal_kind=kind,
            from_step_id=from_id, from_step_title=from_title, proposed_step_id=proposed_id,
            proposed_step_title=proposed_title, chosen_step_id=chosen_id,
            chosen_step_title=chosen_title, accepted=chosen is None, note=note,
            reasons=reasons or [],
        )

    return [
        decision(3, ProposalKind.advance, 2, 3, reasons=["3 of the last 3 attempts completed."]),
        decision(8, ProposalKind.advance, 3, 4, reasons=["3 of the last 3 attempts completed."]),
        decision(10, ProposalKind.step_back, 4, 3, reasons=["2 unsuccessful attempts in a row."]),
        decision(12, ProposalKind.repeat, 3, 3, chosen=4,
                 note="Sam asked to try again with the safe space ready."),
    ]


def progress_household(today: date = TODAY) -> Household:
    household = make_household(today)
    household.decisions = decisions_for(household, today)
    return household


@pytest.fixture
def store(tmp_path: Path):
    opened = store_with(progress_household(), tmp_path, today=TODAY)
    yield opened
    opened.close()


async def settle(pilot) -> None:
    """Let the figures (and any report) be worked out and shown."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_progress(pilot) -> ProgressScreen:
    await pilot.press("p")
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    await settle(pilot)
    assert screen.figures is not None
    return screen


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def expected_attendance(store: Store, rng: DateRange) -> Attendance:
    student = store.students()[0]
    return attendance(student, store.attempts(STUDENT_ID), store.days(STUDENT_ID), rng, today=TODAY)


def shown_counts(app) -> tuple[int, int, int, int]:
    """(school days, full, partial, missed) as the screen prints them."""
    line = text_of(app, "#attendance-0")
    found = re.search(r"School days: (\d+) · Full: (\d+) \(\d+ %\) · Partial: (\d+) · Missed: (\d+)", line)
    assert found, line
    return tuple(int(n) for n in found.groups())  # type: ignore[return-value]


def counts(a: Attendance) -> tuple[int, int, int, int]:
    return a.school_days, a.full, a.partial, a.missed


async def test_opens_from_today_on_this_plan(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        student = store.students()[0]
        expected = expected_attendance(store, DateRange.this_plan(student, TODAY))
        assert screen.figures.progress.range.start == student.plan.start
        assert shown_counts(app) == counts(expected)
        assert f"{expected.attended_percent} %. Attendance tier: {expected.tier}." in text_of(app, "#attendance-1")
        assert not app.screen.query_one("#progress-working").display
        # Every chart is there, each with a caption in words.
        for chart in ("#chart-steps", "#chart-distress", "#chart-minutes"):
            assert app.screen.query_one(chart).query(".chart-caption")
        assert "1 step-back;" in text_of(app, "#chart-steps .chart-caption")
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_changing_the_period_changes_the_figures(store):
    app = make_app(store, TODAY)
    student = store.students()[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        seen = {}
        for key, rng in [
            ("1", DateRange.last_two_weeks(TODAY)),
            ("2", DateRange.last_six_weeks(TODAY)),
            ("4", DateRange.all_records(student, store.attempts(STUDENT_ID), store.days(STUDENT_ID), TODAY)),
            ("3", DateRange.this_plan(student, TODAY)),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert screen.figures.progress.range == rng
            expected = expected_attendance(store, rng)
            assert shown_counts(app) == counts(expected), key
            assert screen.query_one("#progress-tabs").active == f"period-{rng.preset.value}"
            seen[key] = counts(expected)
        # Two weeks and six weeks really are different periods in this household.
        assert seen["1"][0] < seen["2"][0]
        assert seen["2"] != seen["3"]


async def test_chosen_dates_are_checked_then_shown(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        await pilot.press("5")
        assert isinstance(app.screen, DateRangeModal)
        start = app.screen.query_one("#dates-start")
        start.value = "2026-11-31"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DateRangeModal)
        assert "'2026-11-31' is not a date" in text_of(app, "#dates-start-error")
        assert app.screen.query_one("#dates-start-error").display

        start.value = "2026-11-20"
        app.screen.query_one("#dates-end").value = "2026-11-10"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DateRangeModal)
        assert not app.screen.query_one("#dates-start-error").display
        assert "on or after the start" in text_of(app, "#dates-end-error")

        app.screen.query_one("#dates-end").value = "2026-12-31"  # after today: up to today
        start.value = "2026-11-09"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        rng = DateRange(date(2026, 11, 9), TODAY)
        assert screen.figures.progress.range == rng
        assert shown_counts(app) == counts(expected_attendance(store, rng))
        assert screen.query_one("#progress-tabs").active == "period-custom"
        assert "Chosen dates: Monday 9 November 2026 to Thursday 26 November 2026" in text_of(
            app, "#progress-period")


async def test_cancelling_chosen_dates_keeps_the_period(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        await pilot.press("1")
        await settle(pilot)
        shown = screen.figures
        await pilot.press("5")
        assert isinstance(app.screen, DateRangeModal)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.figures.progress.range == DateRange.last_two_weeks(TODAY)
        assert screen.figures is shown  # nothing changed, so nothing was redrawn
        assert screen.query_one("#progress-tabs").active == "period-two_weeks"


async def test_a_start_after_today_is_explained(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        await pilot.press("5")
        app.screen.query_one("#dates-start").value = "2026-12-01"
        app.screen.query_one("#dates-end").value = ""
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DateRangeModal)
        assert "after today" in text_of(app, "#dates-start-error")
        assert "Write the end date as YYYY-MM-DD" in text_of(app, "#dates-end-error")


async def test_decisions_and_step_changes_in_a_table(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        table = screen.query_one("#progress-decisions")
        assert table.row_count == 4
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[0][1:4] == ["Up to step 3", "Accepted", "Move up to the next step: Walk to the school gate"]
        assert rows[2][1] == "Back to step 3"
        assert rows[3][1:3] == ["Up to step 4", "Not followed"]
        assert rows[3][4] == "Sam asked to try again with the safe space ready."
        await pilot.press("1")  # the last two weeks (from 13 November) hold the last two
        await settle(pilot)
        table = screen.query_one("#progress-decisions")
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == [
            "Mon 16 Nov", "Wed 18 Nov"]


async def test_a_period_without_records_says_so(tmp_path):
    household = make_household(TODAY)
    household.attempts, household.days = [], []
    store = store_with(household, tmp_path, today=TODAY)
    app = make_app(store, TODAY)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_progress(pilot)
            assert "No attempts in this period." in text_of(app, "#chart-steps .chart-empty")
            assert "No decisions recorded in this period." in text_of(app, "#progress-no-decisions")
            assert "Missed days: nothing recorded" in text_of(app, "#attendance-2")
    finally:
        store.close()


async def test_working_line_shows_until_the_figures_come(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.action_open_progress()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        # Painted before any figure is worked out.
        assert text_of(app, "#progress-working") == WORKING
        await settle(pilot)
        assert not screen.query_one("#progress-working").display


# ---- reports ------------------------------------------------------------------------


async def export(pilot, fmt_key: str, path: Path | None) -> None:
    await pilot.press("e")
    assert isinstance(pilot.app.screen, ExportReportModal)
    await pilot.press(fmt_key)
    if path is not None:
        pilot.app.screen.query_one("#export-path").value = str(path)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_markdown_report_has_the_screens_numbers(store, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        await pilot.press("2")
        await settle(pilot)
        school_days, full, partial, missed = shown_counts(app)
        notes = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await export(pilot, "2", None)  # Markdown, to the default place: Documents, a dated name
        assert app.screen is screen

    path = tmp_path / "Documents" / "progress-report-sam-2026-11-26.md"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "sensitive information about a child" in text
    assert "Last 6 weeks" in text
    assert f"- School days: {school_days}\n" in text
    assert f"- Attended in full: {full} (" in text
    assert f"- Attended at least in part: {full + partial} (" in text
    assert f"- Missed: {missed}" in text
    assert "What the planner proposes" in text
    assert any(str(path) in note for note in notes), notes


async def test_csv_report_counts_the_same_days(store, tmp_path):
    app = make_app(store, TODAY)
    target = tmp_path / "records.csv"
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        school_days, full, partial, missed = shown_counts(app)
        await export(pilot, "3", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(target.read_text())))
    header = rows[0]  # the header first; the privacy notice is in the README beside it
    assert "sensitive information" in (tmp_path / "records.csv.README.txt").read_text()
    counted = {}
    for row in rows[1:]:
        record = dict(zip(header, row))
        if record["day_counted_as"]:
            counted[record["date"]] = record["day_counted_as"]
    tally = Counter(counted.values())
    assert (len(counted), tally["full"], tally["partial"], tally["missed"]) == (
        school_days, full, partial, missed)


async def test_html_report_replaces_a_readable_file_only_when_asked(store, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o644)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        shown = shown_counts(app)
        await export(pilot, "1", target)
        assert isinstance(app.screen, ExportReportModal)  # asked first
        assert "already exists" in text_of(app, "#export-path-error")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
    html = target.read_text()
    assert html.lower().startswith("<!doctype html>")
    figures = dict(re.findall(r'data-figure="([a-z-]+)">([^<]+)<', html))
    assert tuple(int(figures[k]) for k in ("school-days", "full", "partial", "missed")) == shown
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_report_to_a_missing_folder_is_explained(store, tmp_path):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        await export(pilot, "2", tmp_path / "nowhere" / "report.md")
        assert isinstance(app.screen, ExportReportModal)
        assert "does not exist" in text_of(app, "#export-path-error")
        await pilot.press("escape")
        assert isinstance(app.screen, ProgressScreen)
    assert not (tmp_path / "nowhere").exists()


async def test_changing_the_format_changes_the_suffix(store, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        await pilot.press("e")
        field = app.screen.query_one("#export-path")
        assert field.value == str(tmp_path / "progress-report-sam-2026-11-26.html")
        await pilot.press("3")
        assert field.value.endswith("progress-report-sam-2026-11-26.csv")
        await pilot.press("2")
        assert field.value.endswith("progress-report-sam-2026-11-26.md")
        field.value = str(tmp_path / "for-the-meeting.txt")  # a suffix of their own stays
        await pilot.press("1")
        assert field.value == str(tmp_path / "for-the-meeting.txt")


LAZY_PROBE = """
import asyncio, sys, tempfile
from datetime import date
from pathlib import Path
from tests.fixtures import make_household, store_with
from screens.app import make_app

async def main():
    today = date(2026, 11, 26)
    store = store_with(make_household(today), Path(tempfile.mkdtemp()), today=today)
    app = make_app(store, today)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("today", *sorted(m for m in ("textual_plotext", "plotext", "reintegrate.documents.reports")
                               if m in sys.modules))
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        print("progress", "textual_plotext" in sys.modules, "reintegrate.documents.reports" in sys.modules)
    store.close()

asyncio.run(main())
"""


def test_charts_and_reports_load_only_with_the_progress_screen():
    """A fresh interpreter: Today alone never imports plotext or the reports (and their
    template engine); opening Progress does."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", LAZY_PROBE], cwd=root, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["today", "progress True True"]


async def test_periods_by_mouse_palette_and_help(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot)
        await pilot.click("#period-six_weeks")
        await settle(pilot)
        assert screen.figures.progress.range == DateRange.last_six_weeks(TODAY)

        titles = [command.title for command in app.get_system_commands(screen)]
        for title in ("Last 2 weeks", "Last 6 weeks", "This plan", "All records",
                      "Choose dates", "Save report", "Back", "Help"):
            assert title in titles

        await pilot.press("question_mark")
        assert "Is the plan working?" in str(app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.figures.progress.range == DateRange.last_six_weeks(TODAY)


async def test_the_report_folder_is_remembered_next_morning(store, tmp_path, monkeypatch):
    """Issue 11, item 18: the report dialog offers the folder the last report went to,
    after a restart too, from the private preferences file; a folder that has gone
    since falls back to Documents."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Documents").mkdir(parents=True)
    config, reports = tmp_path / "config", tmp_path / "for the team"
    reports.mkdir()
    app = make_app(store, TODAY, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        await export(pilot, "2", reports / "autumn.md")
    assert (reports / "autumn.md").exists()
    assert stat.S_IMODE((config / "preferences.json").stat().st_mode) == 0o600

    again = make_app(store, TODAY, config=config)
    async with again.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        await pilot.press("e")
        offered = Path(again.screen.query_one("#export-path").value)
        assert offered.parent == reports and offered.name == "progress-report-sam-2026-11-26.html"

    reports.rename(tmp_path / "moved")
    third = make_app(store, TODAY, config=config)
    async with third.run_test(size=SIZE) as pilot:
        await open_progress(pilot)
        await pilot.press("e")
        offered = Path(third.screen.query_one("#export-path").value)
        assert offered.parent == tmp_path / "home" / "Documents"
