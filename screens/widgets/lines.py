"""Several lines of words in one widget, each in a look of its own.

Today's first paint drew a widget a line (the date, the step's title, its place...),
and each widget Textual composes, mounts and styles before a paint costs about as much
as drawing its words. `Lines` draws a block of lines as one widget: each line's words as
text (never markup; control codes stripped, as a Static does), plain, bold or muted
(the theme's `$text-muted`, worked out by the stylesheet as for any widget's colour),
with an empty row above where a line asks for one (as a margin would give). `texts`
keeps each line's words by name, for whatever reads them back (a test, a screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

Look = Literal["", "bold", "muted"]


class Line(NamedTuple):
    name: str
    words: str
    look: Look = ""
    space_above: bool = False  # an empty row above it (above the first line: the caller's margin)


class Lines(Static):
    """Lines of words in one widget (see the module)."""

    COMPONENT_CLASSES = {"lines--muted"}
    DEFAULT_CSS = """
    Lines > .lines--muted { color: $text-muted; }
    """

    def __init__(self, lines: Sequence[Line], **kwargs) -> None:
        # Its content is the words alone (`content`, for whatever reads them back); what
        # is drawn is `render`'s, with each line's look.
        super().__init__(Content("\n".join(line.words for line in lines)), **kwargs)
        self.shown = tuple(lines)
        self.texts = {line.name: line.words for line in lines}

    def render(self) -> Content:
        looks: dict[str, str | Style] = {"bold": "bold", "muted": self.get_visual_style("lines--muted")}
        parts: list[str | tuple[str, str | Style]] = []
        for line in self.shown:
            if parts:
                parts.append("\n\n" if line.space_above else "\n")
            parts.append((line.words, looks[line.look]) if line.look else line.words)
        return Content.assemble(*parts)
