"""Requests to the school whose answer is late, on the morning view: the lines
`screens.late_requests.overdue_lines` writes, in a box; with nothing late it takes no space."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from screens.widgets.plain import escape


class OverdueRequests(Vertical):
    """Each overdue request in one line, and how to follow it up."""

    DEFAULT_CSS = """
    OverdueRequests {
        height: auto;
        border: round $warning;
        border-title-color: $text;
        padding: 0 1;
        margin-bottom: 1;
    }
    OverdueRequests.-empty { display: none; }
    OverdueRequests .overdue-keys { color: $text-muted; }
    """

    def __init__(self, lines: Sequence[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines = tuple(lines)
        self.border_title = "Waiting on the school"
        self.set_class(not self.lines, "-empty")

    def compose(self) -> ComposeResult:
        for line in self.lines[:-1]:
            yield Static(escape(line), classes="overdue-line")
        if self.lines:
            yield Static(escape(self.lines[-1]), classes="overdue-keys")
