"""`reintegrate export --format md|html|csv`: progress reports from the command line."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reintegrate.cli import write_demo
from reintegrate.demo import demo_household
from reintegrate.documents import statements
from reintegrate.documents.formats import report_range
from reintegrate.documents.reports import CSV_COLUMNS
from reintegrate.models import Student
from reintegrate.planner.view import plan_view
from reintegrate.stats import DateRange
from reintegrate.store import Store, file_mode
from reintegrate.store.exchange import EXPORT_FORMATS
from tests.unit.cli_helpers import run

TODAY = date(2026, 11, 26)  # a Thursday
ON = ("--date", TODAY.isoformat())


pytestmark = pytest.mark.usefixtures("no_real_data")


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "demo.json"
    write_demo(path, TODAY)
    return path


def export(capsys, demo_file: Path, *argv: str):
    return run(capsys, "export", "--data", str(demo_file), *ON, *argv)


class Charts(HTMLParser):
    """The inline SVG charts of a page, by id, and the figures marked in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.svgs: dict[str, list[str]] = {}
        self.figures: dict[str, str] = {}
        self.fetches: list[str] = []
        self._svg: str | None = None
        self._figure: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg":
            self._svg = attributes.get("id") or ""
            self.svgs[self._svg] = []
        elif self._svg is not None:
            self.svgs[self._svg].append(tag)
        if tag in ("script", "link", "img") or attributes.get("src"):
            self.fetches.append(tag)
        self._figure = attributes.get("data-figure")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg = None
        self._figure = None

    def handle_data(self, data):
        if self._figure:
            self.figures[self._figure] = data.strip()


# --- formats --------------------------------------------------------------------------


def test_the_reports_are_export_formats_from_the_start(capsys):
    code, out, _ = run(capsys, "export", "--help")
    assert code == 0
    assert "{csv,html,json,md}" in out
    for word in ("--from", "--to", "--student", "sensitive information"):
        assert word in " ".join(out.split())
    assert {"md", "html", "csv"} <= set(EXPORT_FORMATS)
    assert all(EXPORT_FORMATS[name].per_student for name in ("md", "html", "csv"))


def test_markdown_report_covers_the_plan_and_quotes_the_letters_numbers(capsys, demo_file):
    code, out, err = export(capsys, demo_file, "--format", "md")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "# Progress report: Sam"
    assert "sensitive information about a child" in lines[2]
    household = demo_household(TODAY)
    sam = household.students[0]
    assert f"This plan: {sam.plan.start:%A} {sam.plan.start.day}" in out
    # The attendance line is the data statement a letter quotes, word for word.
    quoted = statements.attendance_statement(sam, household.attempts, household.days,
                                             sam.plan.start, TODAY, today=TODAY)
    assert quoted.sentence in out
    # The demo's first steps are outside school: their days are not attendance.
    assert "(outside school)" in out and "Only a step outside school" in out


def test_html_report_to_a_private_file_with_its_charts(capsys, demo_file, tmp_path):
    target = tmp_path / "report.html"
    code, out, err = export(capsys, demo_file, "--format", "html", "-o", str(target))
    assert code == 0, err
    assert out == "" and "HTML report for Sam" in err and str(target) in err
    assert file_mode(target) == 0o600
    page = Charts()
    page.feed(target.read_text(encoding="utf-8"))
    assert set(page.svgs) == {"chart-steps", "chart-distress", "chart-minutes", "chart-attendance"}
    assert all(children[:2] == ["title", "desc"] for children in page.svgs.values())
    assert page.svgs["chart-attendance"].count("rect") == 3
    assert page.fetches == []  # self-contained: nothing loaded from anywhere
    household = demo_household(TODAY)
    sam = household.students[0]
    counted = statements.attendance_statement(sam, household.attempts, household.days,
                                              sam.plan.start, TODAY, today=TODAY).numbers
    assert page.figures["school-days"] == str(counted["school_days"])
    assert page.figures["missed"] == str(counted["missed"])


def test_an_existing_file_is_made_private_when_overwritten(capsys, demo_file, tmp_path):
    target = tmp_path / "old.csv"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    code, _, err = export(capsys, demo_file, "--format", "csv", "-o", str(target), "--force")
    assert code == 0, err
    assert file_mode(target) == 0o600 and target.read_text(encoding="utf-8").startswith("record,date")


def test_csv_for_chosen_dates(capsys, demo_file):
    code, out, err = export(capsys, demo_file, "--format", "csv", "--from", "2026-11-02",
                            "--to", "2026-11-13")
    assert code == 0, err
    assert out.splitlines()[0].split(",") == CSV_COLUMNS  # the header first, nothing above it
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all("2026-11-02" <= row["date"] <= "2026-11-13" for row in rows)
    # Two school weeks, one row per school day here: the demo records every day.
    assert sorted({row["date"] for row in rows if row["school_day"] == "yes"}) == [
        f"2026-11-{d:02d}" for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)
    ]


def test_csv_says_which_steps_happen_outside_school(capsys, demo_file):
    code, out, _ = export(capsys, demo_file, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    drives = [r for r in rows if r["step_title"] == "Drive past school"]
    assert drives and all(r["step_in_school"] == "no" for r in drives)
    done = [r for r in drives if r["outcome"] == "completed"]
    assert done and all((r["minutes_managed"], r["minutes_in_school"], r["day_counted_as"])
                        == ("10", "0", "missed") for r in done)
    hub = [r for r in rows if r["step_title"] == "15 minutes in the Hub" and r["outcome"] == "completed"]
    assert hub and all(r["step_in_school"] == "yes" and r["minutes_in_school"] == "15" for r in hub)


def test_from_alone_runs_to_today_and_to_alone_starts_at_the_plan(capsys, demo_file):
    code, out, _ = export(capsys, demo_file, "--format", "md", "--from", "2026-11-16")
    assert code == 0 and "Chosen dates: Monday 16 November 2026 to Thursday 26 November 2026." in out
    code, out, _ = export(capsys, demo_file, "--format", "md", "--to", "2026-11-13")
    start = demo_household(TODAY).students[0].plan.start
    assert code == 0 and f"{start.day} {start:%B} 2026 to Friday 13 November 2026." in out


@pytest.mark.parametrize(("argv", "message"), [
    (("--format", "md", "--from", "2026-12-01"), "after today"),
    (("--format", "md", "--to", "2026-01-05"), "add --from"),
    (("--format", "md", "--from", "2026-11-20", "--to", "2026-11-10"), "--to must be on or after --from"),
    (("--format", "json", "--from", "2026-11-01"), "a json export always holds every record"),
    (("--format", "md", "--from", "1 Nov"), "YYYY-MM-DD"),
])
def test_dates_no_report_can_cover_are_usage_errors(capsys, demo_file, tmp_path, argv, message):
    target = tmp_path / "never.md"
    code, out, err = export(capsys, demo_file, *argv, "-o", str(target))
    assert code == 2 and message in err and out == ""
    assert not target.exists()


def test_an_unknown_student_is_named_with_the_choices(capsys, demo_file):
    code, _, err = export(capsys, demo_file, "--format", "md", "--student", "Robin")
    assert code == 1 and "no student called 'Robin'" in err and "Sam" in err


def test_with_two_students_the_report_says_whose_it_is(capsys, tmp_path):
    path = tmp_path / "two.json"
    household = demo_household(TODAY)
    robin = Student(name="Robin")
    with Store.open(path, today=TODAY) as store, store.batch():
        store.replace_all(household.model_copy(update={"students": [*household.students, robin]}))
        store.set_meta("current_student_id", robin.id)
    code, out, err = run(capsys, "export", "--data", str(path), *ON, "--format", "md")
    assert code == 0 and out.startswith("# Progress report: Robin")
    assert "--student NAME" in err
    code, out, err = run(capsys, "export", "--data", str(path), *ON, "--format", "md",
                         "--student", "sam")
    assert code == 0 and out.startswith("# Progress report: Sam") and err == ""


def test_report_range_defaults_to_the_plan():
    household = demo_household(TODAY)
    sam = household.students[0]
    rng = report_range(sam, household, TODAY)
    assert (rng.start, rng.end, rng.label) == (sam.plan.start, TODAY, "This plan")
    assert report_range(sam, household, TODAY, date(2026, 11, 2), date(2026, 12, 25)) == \
        DateRange(date(2026, 11, 2), TODAY)


# --- the plan in the report is the plan view --------------------------------------------


def test_the_plan_view_feeds_the_report(capsys, demo_file):
    household = demo_household(TODAY)
    sam = household.students[0]
    view = plan_view(household, sam, TODAY)
    proposal, planned = view.proposal, view.next_days
    code, out, err = export(capsys, demo_file, "--format", "md")
    assert code == 0, err
    assert "No proposal was included" not in out
    assert all(reason.replace("|", "\\|") in out for reason in proposal.reasons)
    first = planned[0]
    assert f"| {first.on:%A} {first.on.day} {first.on:%B %Y} |" in out


# --- the core stays headless ------------------------------------------------------------


def test_reports_and_letters_load_no_textual_or_rich(tmp_path, demo_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    script = (
        "import sys\n"
        "from reintegrate.cli import main\n"
        f"data = {str(demo_file)!r}\n"
        "codes = [main(['export', '--format', 'html', '--data', data, '--date', '2026-11-26', '-o', "
        f"{str(tmp_path / 'r.html')!r}]),\n"
        "         main(['letter', 'request_meeting', '--data', data, '--date', '2026-11-26'])]\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(codes, loaded, file=sys.stderr)\n"
        "sys.exit(0 if codes == [0, 0] and not loaded else 3)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Subject:" in result.stdout and "[0, 0] []" in result.stderr


def test_a_csv_file_gets_its_privacy_notice_in_a_readme_beside_it(capsys, demo_file, tmp_path):
    target = tmp_path / "records.csv"
    code, _, err = export(capsys, demo_file, "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert target.read_text().splitlines()[0].split(",") == CSV_COLUMNS
    readme = tmp_path / "records.csv.README.txt"
    assert "sensitive information about a child" in readme.read_text()
    assert readme.stat().st_mode & 0o077 == 0
