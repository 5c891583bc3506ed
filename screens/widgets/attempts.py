"""A short table of attempts: date, outcome in words, minutes, peak distress (the rows
`screens.today_text.today_view` writes)."""

from __future__ import annotations

from collections.abc import Iterable

from screens.widgets.table import PlainTable


class AttemptsTable(PlainTable):
    """Read-only list of attempts; the outcome is always a word, never colour alone."""

    DEFAULT_CSS = """
    AttemptsTable { height: auto; max-height: 8; }
    """

    def __init__(self, rows: Iterable[tuple[str, str, str, str, str]] = (), **kwargs) -> None:
        kwargs.setdefault("cursor_type", "none")
        kwargs.setdefault("show_cursor", False)
        super().__init__(**kwargs)
        self._rows = list(rows)

    def on_mount(self) -> None:
        self.add_columns("Date", "Outcome", "Minutes", "Peak distress")
        for key, *cells in self._rows:
            self.add_row(*cells, key=key)
