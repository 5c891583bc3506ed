"""The HTML report printed by a real browser: headless Chromium (Debian's `chromium`)
renders it to PDF on A4 and on Letter, and the PDF is read back with pdftotext.

The summary must be one page and the detail must begin on page 2, for the demo's
real month and for a household with more than a summary can hold (long workarounds,
many decisions, reasons and barriers). Skipped when Chromium or pdftotext is absent;
`.ci/run` installs both, so CI always runs these. No browser is ever downloaded: the
system's Chromium is launched through Playwright.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest

from reintegrate.demo import demo_household
from reintegrate.documents.formats import planner_values
from reintegrate.documents.reports import ReportInput, render_html
from reintegrate.models import Barrier, BarrierStatus, Decision, ProposalKind
from reintegrate.stats import DateRange

pytestmark = [
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]
TODAY = date(2026, 11, 26)
PAPERS = ("A4", "Letter")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def pages(browser, html: str, paper: str, tmp_path) -> list[str]:
    """The text of each printed page."""
    page = browser.new_page()
    try:
        page.set_content(html, wait_until="load")
        pdf = tmp_path / f"report-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper)
    finally:
        page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def demo_report(review_reasons: tuple[str, ...] = (), **more) -> str:
    house = demo_household(TODAY)
    student = house.students[0]
    for name, records in more.items():
        getattr(house, name).extend(records)
    rng = DateRange.this_plan(student, TODAY, house.attempts, house.days)
    plan = planner_values(student, house, TODAY)
    plan["review_reasons"] = list(plan["review_reasons"]) + list(review_reasons)
    return render_html(ReportInput.from_household(house, student, rng, TODAY, **plan))


def crowded_report() -> str:
    """The demo with more than one page could hold: six barriers with long workarounds,
    ten decisions with long reasons and notes, and the planner asking for a review."""
    student_id = demo_household(TODAY).students[0].id
    long = "The school agreed a quiet entrance, a named adult at the door and a pass to leave the lesson. " * 4
    barriers = [Barrier(id=f"b{n}", student_id=student_id, title=f"Barrier number {n} with a long title",
                        trigger_tags=["noise"], workaround=long, status=BarrierStatus.worked_around,
                        opened_on=TODAY - timedelta(days=10 + n)) for n in range(6)]
    decisions = [Decision(id=f"x{n}", student_id=student_id, on=TODAY - timedelta(days=n + 1),
                          proposal_kind=ProposalKind.repeat, proposed_step_title="An hour in the Hub with some work",
                          chosen_step_title="Two lessons with flexible arrival", accepted=False, note=long,
                          reasons=[long, long], decided_at=datetime(2026, 11, 25 - n, 9))
                 for n in range(10)]
    stalled = ("At least 60 school days have passed since the plan started (Tue 6 Oct); a review is suggested "
               "after 10 school days without a move up (days marked ill, closed or agreed rest are not counted).",
               "Time managed over the last 10 school days (120 minutes, Thu 12 Nov to Wed 25 Nov) is not more "
               "than over the 10 before (150 minutes).")
    return demo_report(stalled, barriers=barriers, decisions=decisions)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("report", [demo_report, crowded_report], ids=["demo", "crowded"])
def test_the_summary_is_one_page_and_the_detail_begins_on_page_two(browser, tmp_path, paper, report):
    printed = pages(browser, report(), paper, tmp_path)
    assert len(printed) >= 2
    first, second = printed[0], printed[1]
    assert "Summary" in first and "Barriers" in first and "Decisions lately" in first
    assert "Detail" not in first
    assert second.lstrip().startswith("Detail")


@pytest.mark.parametrize("paper", PAPERS)
def test_the_step_chart_names_every_step_whole_and_no_weekend(browser, tmp_path, paper):
    text = "\n".join(pages(browser, demo_report(), paper, tmp_path))
    for title in ("Two lessons with flexible arrival", "Full day on the school van", "An hour in the Hub with some work"):
        assert title in text
    assert "…" not in text.split("Each attempt")[0].split("Charts")[1]
    assert "Sat " not in text and "Sun " not in text
