"""The planner's proposal on Today: the lines `screens.today_text.proposal_text`
writes (the proposal, why, what to press; or today's decision), in a box.

The first lines (the headline, its first reason, the keys, the note that this is a
suggestion) are drawn at once; the rest of the reasons and questions, below the fold
of an 80x24 terminal, are added right after the first paint, so that paint is quick."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from screens.today_view import ProposalText
from screens.widgets.lines import Line, Lines, Look
from screens.widgets.plain import escape


class ProposalPanel(Vertical):
    """The proposal (kind in words, headline, reasons, flags) or today's decision."""

    DEFAULT_CSS = """
    ProposalPanel {
        height: auto;
        border: round $secondary;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    ProposalPanel .proposal-headline { text-style: bold; }
    ProposalPanel .proposal-now { text-style: bold; }
    ProposalPanel .proposal-reasons { margin-top: 1; }
    ProposalPanel .proposal-flag { margin-top: 1; text-style: bold; }
    ProposalPanel .proposal-questions { margin-top: 1; }
    ProposalPanel .proposal-note { color: $text-muted; }
    ProposalPanel .proposal-keys { color: $text-muted; }
    ProposalPanel .proposal-split { margin-top: 1; }
    ProposalPanel .proposal-lines.-spaced { margin-top: 1; }
    ProposalPanel .bullet-row { height: auto; }
    ProposalPanel .bullet { width: 2; }
    ProposalPanel .bullet-text { width: 1fr; }
    """

    def __init__(self, text: ProposalText, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text
        self.border_title = Content(text.title)  # words, never markup

    def compose(self) -> ComposeResult:
        yield from first_widgets(self.text.lines[:FIRST_LINES])

    def on_mount(self) -> None:
        if len(self.text.lines) > FIRST_LINES:
            self.call_after_refresh(self._add_the_rest)

    def _add_the_rest(self) -> None:
        if self.is_attached:
            self.mount_all(line_widgets(self.text.lines[FIRST_LINES:]))


# Drawn with the first paint: the headline, the first reason, the keys and the note.
FIRST_LINES = 4


# How a line of each kind looks, when it is one of the lines drawn together
# (`first_widgets`): its style, and whether an empty row comes above it (as the
# margin above the same line drawn on its own, in DEFAULT_CSS).
_LOOKS: dict[str, tuple[Look, bool]] = {
    "proposal-headline": ("bold", False), "proposal-now": ("bold", False), "proposal-flag": ("bold", True),
    "proposal-reasons": ("", True), "proposal-questions": ("", True), "proposal-split": ("", True),
    "proposal-note": ("muted", False), "proposal-keys": ("muted", False)}


def first_widgets(lines: tuple[tuple[str, str], ...]) -> list[Widget]:
    """The lines drawn with the first paint: each run of lines other than bullets in
    one widget (`screens.widgets.lines`, named by their first class), which looks as a
    widget a line would; a bullet, wrapped under its own first word, in a row of its own."""
    widgets: list[Widget] = []
    run: list[Line] = []

    def end_run() -> None:
        if run:
            # An empty row above the first line is the widget's margin, as for a line alone.
            widgets.append(Lines(run, classes="proposal-lines -spaced" if run[0].space_above else "proposal-lines"))
            run.clear()

    for classes, line in lines:
        if classes == "bullet":
            end_run()
            widgets += line_widgets(((classes, line),))
            continue
        names = classes.split()
        look, space_above = next((_LOOKS[name] for name in names if name in _LOOKS), ("", False))
        run.append(Line(names[0], line, look, space_above))
    end_run()
    return widgets


def line_widgets(lines: tuple[tuple[str, str], ...]) -> list[Widget]:
    widgets: list[Widget] = []
    for classes, line in lines:
        if classes == "bullet":
            # One row per sentence, wrapped under its own first word rather than the bullet.
            widgets.append(Horizontal(Static("•", classes="bullet"), Static(escape(line), classes="bullet-text"),
                                      classes="bullet-row"))
        else:
            widgets.append(Static(escape(line), classes=classes))
    return widgets
