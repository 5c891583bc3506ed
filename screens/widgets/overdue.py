"""Requests to the school whose answer is late, on the morning view: the lines
`screens.late_requests.overdue_lines` writes, in a box. Today leaves the box out when
nothing is late."""

from __future__ import annotations

from collections.abc import Sequence

from screens.widgets.lines import Line, Lines


class OverdueRequests(Lines):
    """Each overdue request in one line, and how to follow it up (named `keys`); the
    requests are named `request-0`, `request-1`..."""

    DEFAULT_CSS = """
    OverdueRequests {
        height: auto;
        border: round $warning;
        border-title-color: $text;
        padding: 0 1;
        margin-bottom: 1;
    }
    """

    def __init__(self, lines: Sequence[str], **kwargs) -> None:
        *requests, keys = lines
        super().__init__([*(Line(f"request-{n}", line) for n, line in enumerate(requests)),
                          Line("keys", keys, "muted")], **kwargs)
        self.border_title = "Waiting on the school"
