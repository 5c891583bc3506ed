"""Today's step as a card: what, where, how long, with which supports (the lines
`screens.today_text.step_lines` writes), and those kept at home for the child."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from screens.widgets.lines import Line, Lines

# The lines `step_lines` writes, in order, and how each looks.
LINE_NAMES = ("title", "where", "supports", "description")
LOOKS = {"title": "bold", "description": "muted", "home": "muted"}


class StepCard(Lines):
    """One step with its place, planned minutes, supports and description, in one
    widget (`screens.widgets.lines`); `texts` has them by name, with `home`."""

    DEFAULT_CSS = """
    StepCard {
        height: auto;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, lines: Sequence[str], *, title: str = "Today's step", home: str = "", **kwargs) -> None:
        shown: list[Line] = []
        for name, words in zip(LINE_NAMES, lines, strict=False):
            shown.append(Line(name, words, LOOKS.get(name, "")))
            if name == "supports" and home:
                # The supports kept at home in place, in one line: after the supports.
                shown.append(Line("home", home, LOOKS["home"]))
        super().__init__(shown, **kwargs)
        self.border_title = Content(title)  # words, never markup
