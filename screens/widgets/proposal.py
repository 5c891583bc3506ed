"""The planner's proposal on Today: what to do next, why, and what to press.

Every line is a word or sentence first; colour only repeats what the words say. Once
a decision has been taken today the panel shows that decision instead, so the same
proposal is not put to a tired family twice.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from reintegrate.models import ProposalKind
from reintegrate.planner import DISCLAIMER
from reintegrate.schooldays import short_date
from screens.planning import PlanView, decided_sentence, kind_label
from screens.widgets.plain import escape

STALLED = "The plan has stalled: it is time to review the plan with the team."


def proposal_keys(view: PlanView) -> str:
    """The keys that act on the proposal, as one line."""
    proposal = view.proposal
    if view.decided is not None:
        return "o choose another step · D all decisions · n next school days"
    if proposal.target_step_id is None:
        return "l the ladder"
    accept = "a accept"
    if proposal.kind is ProposalKind.split_step:
        accept = "a look at the in-between step"
    elif proposal.kind is ProposalKind.address_trigger and view.barrier is None:
        accept = "a accept and note the barrier"
    return f"{accept} · o another step · n next school days"


def bullets(lines: list[str]) -> ComposeResult:
    """One row per sentence, wrapped under its own first word rather than the bullet."""
    for line in lines:
        with Horizontal(classes="bullet-row"):
            yield Static("•", classes="bullet")
            yield Static(escape(line), classes="bullet-text")


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

    def __init__(self, view: PlanView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view

    def compose(self) -> ComposeResult:
        view, proposal = self.view, self.view.proposal
        decision = view.decided
        if decision is not None:
            self.border_title = "Decision"
            yield Static(escape(decided_sentence(decision)), classes="proposal-headline proposal-decided")
            yield Static(escape(proposal_keys(view)), classes="proposal-keys")
            yield from self._review()
            return
        self.border_title = f"Proposal: {kind_label(proposal.kind).lower()}"
        # The step is on screen just above; the headline, its first reason, the keys and
        # the note that this is only a suggestion come first, so they fit an 80x24
        # terminal unscrolled.
        yield Static(escape(proposal.headline), classes="proposal-headline")
        reasons = list(proposal.reasons)
        if reasons:
            yield Static(escape(f"Why: {reasons[0]}"), classes="proposal-first-reason")
        yield Static(escape(proposal_keys(view)), classes="proposal-keys")
        yield Static(escape(DISCLAIMER), classes="proposal-note")
        yield from self._review()
        if proposal.kind is ProposalKind.address_trigger and view.barrier is not None:
            yield Static(
                escape(f"Already noted as a barrier: '{view.barrier.title}' (since {short_date(view.barrier.opened_on)})."),
                classes="proposal-barrier",
            )
        if proposal.split is not None:
            split = proposal.split
            supports = ", ".join(split.supports) if split.supports else "none listed"
            yield Static(escape(
                f"The in-between step: {split.planned_minutes} minutes at {split.place or 'the same place'}; "
                f"supports: {supports}. You can edit it before it goes on the ladder."
            ), classes="proposal-split")
        if len(reasons) > 1:
            yield Static("Also:", classes="proposal-reasons")
            yield from bullets(reasons[1:])
        if ProposalKind.review_plan in proposal.flags:
            yield Static(escape(f"Also: {STALLED[:1].lower()}{STALLED[1:]}"), classes="proposal-flag")
        if proposal.review_questions:
            yield Static("Questions for the meeting:", classes="proposal-questions")
            yield from bullets(proposal.review_questions)

    def _review(self) -> ComposeResult:
        review = self.view.review
        if review is not None:
            yield Static(escape(review.sentence), classes="proposal-flag proposal-review")
