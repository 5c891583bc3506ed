"""What the documents say about the CSV is what the CSV is: its first line names the
columns (no privacy notice inside the table), every column is documented, and the
README says how to open it as UTF-8 in LibreOffice and Excel."""

from __future__ import annotations

import re
from pathlib import Path

from test_reports import report_input

from reintegrate.documents.reports import CSV_COLUMNS, render_csv

ROOT = Path(__file__).resolve().parents[2]


def _csv_section() -> str:
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    start = text.index("CSV columns, in order:")
    return text[start:text.index("\n## ", start)]


def test_the_format_document_says_the_first_line_names_the_columns():
    section = _csv_section()
    assert "first line is the privacy notice" not in section
    assert "The first line names the columns" in section
    assert render_csv(report_input()).splitlines()[0] == ",".join(CSV_COLUMNS)
    documented = re.findall(r"`([a-z_]+)`", section)
    assert [c for c in CSV_COLUMNS if c not in documented] == []


def test_the_readme_says_how_to_open_the_csv_as_utf8():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Opening the CSV in a spreadsheet"):]
    section = section[:section.index("\n### ", 5)]
    for words in ("LibreOffice Calc", "Unicode (UTF-8)", "Comma", "Excel", "65001: Unicode (UTF-8)",
                  "From Text/CSV"):
        assert words in section
    assert "\ufeff" not in render_csv(report_input())  # no byte-order mark, as data-format.md says
