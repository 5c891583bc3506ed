"""`screens.widgets.lines.Lines`: Today's blocks of lines in one widget each. A line's
words are drawn as typed, and a muted line in the colour the stylesheet gives
`$text-muted` (a style string naming the variable drew it white: the theme's alpha was
lost), in every theme."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from screens.widgets.lines import Line, Lines

MARKUP = "[b]Sam[/] \\[$accent] [link=x]y[/link]"


class Both(App):
    CSS = "#css { color: $text-muted; }"

    def compose(self) -> ComposeResult:
        yield Static("muted words", id="css")
        yield Lines([Line("title", MARKUP, "bold"), Line("plain", "plain words"),
                     Line("keys", "muted words", "muted", space_above=True)], id="lines")


def first_colour(widget, row: int):
    segment = next(s for s in widget.render_line(row) if s.text.strip())
    return segment.style.color.triplet, bool(segment.style.bold)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_block_of_lines_draws_words_as_typed_and_muted_as_the_stylesheet_does(theme):
    app = Both()
    async with app.run_test(size=(60, 10)) as pilot:
        app.theme = theme
        await pilot.pause()
        lines = app.query_one("#lines", Lines)
        assert str(lines.render()).split("\n") == [MARKUP, "plain words", "", "muted words"]
        assert lines.texts == {"title": MARKUP, "plain": "plain words", "keys": "muted words"}
        muted, _ = first_colour(app.query_one("#css"), 0)
        assert first_colour(lines, 3) == (muted, False)
        title_colour, title_bold = first_colour(lines, 0)
        assert title_bold and title_colour != muted
        assert first_colour(lines, 1) == (title_colour, False)
