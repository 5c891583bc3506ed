"""The progress screen's parts without an app: date checks, report paths, chart helpers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reintegrate.stats import DateRange, RangePreset, WeekMinutes
from reintegrate.store.files import write_private
from screens.modals.date_range import check_range
from screens.modals.export_report import check_target, default_report_path, report_folder
from screens.widgets.charts import date_ticks, nice_ticks, thin, week_blocks

TODAY = date(2026, 11, 26)


def test_a_good_range_ends_today_at_the_latest():
    rng = check_range(" 2026-11-02 ", "2027-01-01", TODAY)
    assert rng == DateRange(date(2026, 11, 2), TODAY, RangePreset.custom)


@pytest.mark.parametrize(("start", "end", "start_says", "end_says"), [
    ("", "2026-11-20", "Write the start date", ""),
    ("2026-02-30", "2026-11-20", "'2026-02-30' is not a date", ""),
    ("2026-11-20", "20/11/2026", "", "'20/11/2026' is not a date"),
    ("2026-11-20", "2026-11-19", "", "on or after the start date"),
    ("2026-11-27", "2026-11-30", "after today", ""),
])
def test_a_bad_range_says_which_date_is_wrong(start, end, start_says, end_says):
    result = check_range(start, end, TODAY)
    assert isinstance(result, tuple)
    start_error, end_error = result
    assert start_says in start_error and bool(start_says) == bool(start_error)
    assert end_says in end_error and bool(end_says) == bool(end_error)


def test_reports_go_to_documents_when_there_is_one(tmp_path):
    assert report_folder(tmp_path) == tmp_path
    (tmp_path / "Documents").mkdir()
    assert report_folder(tmp_path) == tmp_path / "Documents"
    path = default_report_path("Sam O'Neill", TODAY, "csv", tmp_path)
    assert path == tmp_path / "Documents" / "progress-report-sam-o-neill-2026-11-26.csv"
    assert default_report_path("  ", TODAY, "md", tmp_path).name == "progress-report-child-2026-11-26.md"


def test_report_targets_are_checked(tmp_path):
    data = tmp_path / "reintegrate.json"
    data.write_text("{}")
    assert check_target(str(tmp_path / "r.md"), "md", data) == tmp_path / "r.md"
    assert "Write where" in check_target("  ", "md", data)
    assert "is a folder" in check_target(str(tmp_path), "html", data)
    assert "does not exist" in check_target(str(tmp_path / "no" / "r.md"), "md", data)
    assert "data file itself" in check_target(str(data), "csv", data)
    assert "lock" in check_target(str(data.with_name(f".{data.name}.lock")), "md", data)
    (data.parent / f"{data.stem}-backups").mkdir()
    assert "backups folder" in check_target(str(data.parent / f"{data.stem}-backups" / "r.md"), "md", data)


def test_a_report_file_is_private_even_over_an_open_one(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, "new ✓", replace=True)
    assert target.read_text() == "new ✓"
    assert target.stat().st_mode & 0o777 == 0o600


def test_week_blocks_keep_every_week_when_they_fit():
    weeks = [WeekMinutes(date(2026, 9, 7) + timedelta(weeks=n), 10 * n) for n in range(30)]
    size, blocks = week_blocks(weeks[:12])
    assert size == 1 and [m for _, m in blocks] == [10 * n for n in range(12)]
    size, blocks = week_blocks(weeks)  # 30 weeks: blocks of 3, each the average week
    assert size == 3
    assert blocks[0] == (date(2026, 9, 7), 10)
    assert blocks[-1] == (weeks[27].monday, 280)
    assert len(blocks) == 10


def test_nice_ticks_cover_the_top():
    assert nice_ticks(55) == [0, 20, 40, 60]
    assert nice_ticks(13) == [0, 5, 10, 15]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(1234)[-1] >= 1234


def test_date_ticks_span_the_range():
    positions, labels = date_ticks(date(2026, 11, 2), date(2026, 11, 26))
    assert positions[0] == 0 and positions[-1] == 24
    assert labels[0] == "2 Nov" and labels[-1] == "26 Nov"
    _, long = date_ticks(date(2020, 1, 1), date(2026, 11, 26))
    assert long[0] == "Jan 20" and long[-1] == "Nov 26"
    assert date_ticks(TODAY, TODAY) == ([0], ["26 Nov"])


def test_thin_keeps_one_point_per_place():
    points = [(0, 3), (1, 3), (2, 4), (6, 3), (9, 3), (10, 3)]
    assert thin(points, 1) == points
    assert thin(points, 5) == [(0, 3), (2, 4), (6, 3), (10, 3)]
