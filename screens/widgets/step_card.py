"""Today's step as a card: what, where, how long, with which supports (the lines
`screens.today_text.step_lines` writes), and those kept at home for the child."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from screens.widgets.plain import escape

LINE_CLASSES = ("step-title", "step-where", "step-supports", "step-description")


class StepCard(Vertical):
    """One step with its place, planned minutes, supports and description."""

    DEFAULT_CSS = """
    StepCard {
        height: auto;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    StepCard .step-title { text-style: bold; }
    StepCard .step-description { color: $text-muted; }
    StepCard .step-home { color: $text-muted; }
    """

    def __init__(self, lines: Sequence[str], *, title: str = "Today's step", home: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines = tuple(lines)
        self.home = home  # the supports kept at home in place, in one line: shown after the supports
        self.border_title = Content(title)  # words, never markup

    def compose(self) -> ComposeResult:
        for classes, line in zip(LINE_CLASSES, self.lines, strict=False):
            yield Static(escape(line), classes=classes)
            if classes == "step-supports" and self.home:
                yield Static(escape(self.home), classes="step-home")
