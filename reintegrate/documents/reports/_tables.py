"""Tables for the templates, built in Python.

A report over years of records has tens of thousands of cells; looping over them in
Jinja costs several times more than joining strings here, and the 1-second budget for
a full report is spent mostly on these rows. Templates still choose which tables
appear, their headings and their order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"[\\|<>*_\[\]`]")
# Most cells are plain words and numbers: this finds the few that need any work.
_NEEDS_WORK = re.compile(r"[\\|<>*_\[\]`\x00\n\r\t\f\v]")


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell or list item: one line, no markup."""
    text = value if type(value) is str else str(value)
    if _NEEDS_WORK.search(text) is None:
        return text
    return _MD_SPECIAL.sub(r"\\\g<0>", " ".join(text.replace("\x00", "").split()))


# Rows are joined with this first and checked once: most rows need no escaping at all,
# which saves a function call per cell on reports with tens of thousands of cells.
_JOIN = "\x00"
_MD_ROW_NEEDS = re.compile(r"[\\|<>*_\[\]`\n\r\t\f\v]")
_HTML_SPECIAL = re.compile(r"[&<>\"']")


def _joined(row: Sequence[object]) -> tuple[list[str], str]:
    cells = [cell if type(cell) is str else str(cell) for cell in row]
    return cells, _JOIN.join(cells)


# An empty cell is written as a dash: "|  |" reads as a mistake, and Markdown linters flag it.
EMPTY_CELL = "–"


def md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    for row in rows:
        cells, joined = _joined(row)
        if "" in cells:
            cells = [cell or EMPTY_CELL for cell in cells]
            joined = _JOIN.join(cells)
        if _MD_ROW_NEEDS.search(joined) or joined.count(_JOIN) != len(cells) - 1:
            joined = " | ".join([markdown_cell(cell) for cell in cells])
        else:
            joined = joined.replace(_JOIN, " | ")
        lines.append(f"| {joined} |")
    return "\n".join(lines)


def html_cell(value: object) -> str:
    """Escaped for HTML; plain cells (nearly all of them) skip the escaping call."""
    text = value if type(value) is str else str(value)
    return text if _HTML_SPECIAL.search(text) is None else str(escape(text))


def html_table(headers: Sequence[str], rows: Iterable[Sequence[object]],
               numeric: Sequence[int] = (), nowrap: Sequence[int] = ()) -> Markup:
    """Every cell escaped; `numeric` columns are right-aligned for reading down, and
    `nowrap` columns (dates) kept on one line."""
    numeric, nowrap = set(numeric), set(nowrap)

    def attrs(i: int) -> str:
        classes = " ".join(c for c, yes in (("n", i in numeric), ("d", i in nowrap)) if yes)
        return f' class="{classes}"' if classes else ""

    head = "".join(f"<th{attrs(i)}>{escape(h)}</th>" for i, h in enumerate(headers))
    row_format = "<tr>" + "".join(f"<td{attrs(i)}>{{}}</td>" for i in range(len(headers))) + "</tr>"
    body = []
    for row in rows:
        cells, joined = _joined(row)
        if _HTML_SPECIAL.search(joined):
            cells = [html_cell(cell) for cell in cells]
        body.append(row_format.format(*cells))
    return Markup(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
                  + "\n".join(body) + "\n</tbody>\n</table>")


# Each attempt in full: thousands of blocks in a long report, joined here for the same
# reason as the tables (a Jinja loop over them doubles the time of the whole report).


def md_attempt_blocks(blocks: Sequence[dict]) -> str:
    parts = []
    for block in blocks:
        lines = "\n".join(f"- **{label}:** {markdown_cell(text)}" for label, text in block["lines"])
        parts.append(f"#### {markdown_cell(block['heading'])}\n\n{markdown_cell(block['summary'])}\n\n{lines}")
    return "\n\n".join(parts)


def html_attempt_blocks(blocks: Sequence[dict]) -> Markup:
    parts = []
    for block in blocks:
        lines = "".join(f"<dt>{escape(label)}</dt><dd>{html_cell(text)}</dd>" for label, text in block["lines"])
        parts.append(f'<div class="block">\n<h4>{html_cell(block["heading"])}</h4>\n'
                     f"<p>{html_cell(block['summary'])}</p>\n<dl>{lines}</dl>\n</div>")
    return Markup("\n".join(parts))
