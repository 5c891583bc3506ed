"""The planner's proposal on Today: the lines `screens.today_text.proposal_text`
writes (the proposal, why, what to press; or today's decision), in a box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from screens.today_view import ProposalText
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
    ProposalPanel .proposal-reasons { margin-top: 1; }
    ProposalPanel .proposal-flag { margin-top: 1; text-style: bold; }
    ProposalPanel .proposal-questions { margin-top: 1; }
    ProposalPanel .proposal-note { color: $text-muted; }
    ProposalPanel .proposal-keys { color: $text-muted; }
    ProposalPanel .proposal-split { margin-top: 1; }
    ProposalPanel .bullet-row { height: auto; }
    ProposalPanel .bullet { width: 2; }
    ProposalPanel .bullet-text { width: 1fr; }
    """

    def __init__(self, text: ProposalText, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text
        self.border_title = text.title

    def compose(self) -> ComposeResult:
        for classes, line in self.text.lines:
            if classes == "bullet":
                # One row per sentence, wrapped under its own first word rather than the bullet.
                with Horizontal(classes="bullet-row"):
                    yield Static("•", classes="bullet")
                    yield Static(escape(line), classes="bullet-text")
            else:
                yield Static(escape(line), classes=classes)
