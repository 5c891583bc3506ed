"""A sheet of statements rated 0–6 with one key each: the check-in's answers.

One focusable widget holds every rating and its own cursor, so a digit sets the
current statement's rating and moves on straight away: typed fast, no key lands in
the wrong place while focus would still be moving between inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget


class RatingSheet(Widget, can_focus=True):
    """Statements with a rating each (None: not answered). Up and down move; 0–6 rate
    and move on; Backspace clears."""

    DEFAULT_CSS = """
    RatingSheet { height: auto; }
    """
    BINDINGS = [
        *[Binding(str(n), f"rate({n})", f"Rate {n}", show=False, id=f"ratings.{n}") for n in range(7)],
        Binding("up", "move(-1)", "Previous", show=False, id="ratings.up"),
        Binding("down", "move(1)", "Next", show=False, id="ratings.down"),
        Binding("backspace,delete", "clear", "Clear", show=False, id="ratings.clear"),
    ]

    class Rated(Message):
        """A rating was set or cleared."""

    def __init__(self, statements: Sequence[str], ratings: Sequence[int | None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.statements = list(statements)
        self.ratings: list[int | None] = list(ratings)
        self.cursor = 0

    def render(self) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(width=3, no_wrap=True)
        table.add_column(ratio=1)
        for i, words in enumerate(self.statements):
            value = self.ratings[i]
            here = i == self.cursor and self.has_focus
            mark = Text(f"{'–' if value is None else value}", style="reverse" if here else "")
            table.add_row(Text("▸ " if here else "  ") + mark, Text(f"{i + 1}. {words}"))
        return table

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_rate(self, n: int) -> None:
        self.ratings[self.cursor] = n
        self.post_message(self.Rated())
        self.action_move(1)

    def action_clear(self) -> None:
        self.ratings[self.cursor] = None
        self.post_message(self.Rated())
        self.refresh()

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(len(self.statements) - 1, self.cursor + step))
        self.refresh()
        self._keep_cursor_visible()

    def _keep_cursor_visible(self) -> None:
        width = max(10, self.size.width - 5)
        top = sum(len(Text(f"{i + 1}. {w}").wrap(self.app.console, width)) for i, w in
                  enumerate(self.statements[: self.cursor]))
        region = self.virtual_region
        if self.parent is not None and hasattr(self.parent, "scroll_to_region"):
            self.parent.scroll_to_region(Region(0, region.y + top, region.width, 2), animate=False)
