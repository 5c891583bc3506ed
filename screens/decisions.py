"""The decisions taken on the planner's proposals: the plan's history, newest first.

A therapist or school team reads this to see what was proposed, what the family
chose, and why. The table keeps to one line per decision; the highlighted one is
shown in full below it, with the reasons the planner gave at the time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from reintegrate.models import Decision
from reintegrate.schooldays import long_date, short_date
from screens.base import HouseholdScreen
from screens.planning import choice_text, planner_records, proposed_text
from screens.widgets.plain import escape
from screens.widgets.table import PlainTable

# Shares of the width left after the date, so one decision stays on one line at any
# width; the highlighted decision is shown in full below the table.
SHARES = {"proposal": 0.42, "choice": 0.30, "reason": 0.28}
FIXED = 10 + 4 * 2 + 4  # the date, cell padding, the screen's padding and a scrollbar


def column_widths(screen_width: int) -> dict[str, int]:
    free = max(30, screen_width - FIXED)
    return {name: max(8, int(free * share)) for name, share in SHARES.items()}


def decision_detail(decision: Decision) -> str:
    """The highlighted decision in full: what was proposed, what was chosen, and why."""
    lines = [f"{long_date(decision.on)}: the proposal was to {proposed_text(decision)}."]
    if decision.from_step_title:
        lines.append(f"The step at the time: '{decision.from_step_title}'.")
    if decision.accepted:
        lines.append("The proposal was accepted" + (
            f"; the step became '{decision.chosen_step_title}'." if decision.chosen_step_title else "."))
    else:
        chosen = f"'{decision.chosen_step_title}'" if decision.chosen_step_title else "no step"
        verb = "kept" if decision.chosen_step_id == decision.from_step_id else "chose"
        lines.append(f"Not followed: {verb} {chosen} instead.")
        lines.append(f"Reason given: {decision.note}")
    if decision.reasons:
        lines.append("The planner's reasons then:")
        lines += [f"• {reason}" for reason in decision.reasons]
    return "\n".join(lines)


class DecisionsTable(PlainTable):
    DEFAULT_CSS = """
    DecisionsTable { height: auto; max-height: 50%; }
    """


class DecisionsScreen(HouseholdScreen):
    """Date, proposal, choice and reason for every decision of the current student."""

    CSS_PATH = "decisions.tcss"
    HELP_TITLE = "Decisions"
    HELP = (
        "Every decision taken on the planner's proposals, newest first: the date, what "
        "was proposed, what was chosen and, when the proposal was not followed, the "
        "reason given. Move with the arrow keys to read a decision in full below the "
        "list, with the reasons the planner gave at the time."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="decisions.back"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        if student is not None:
            self.title = f"Decisions for {student.name}"
        yield Header()
        with Vertical(id="decisions"):
            yield Static("", id="decisions-intro")
            yield DecisionsTable(id="decisions-table", cursor_type="row")
            with VerticalScroll(id="decisions-detail-box"):
                yield Static("", id="decisions-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DecisionsTable)
        table.add_column("Date", key="on")
        table.add_column("Proposal", key="proposal")
        table.add_column("Choice", key="choice")
        table.add_column("Reason", key="reason")
        self.refresh_view()

    def refresh_view(self) -> None:
        student = self.student
        table = self.query_one(DecisionsTable)
        row = table.cursor_row
        table.clear()
        self.decisions: dict[str, Decision] = {}
        if student is None:
            return
        # Newest first; the same order the planner reads them in, reversed.
        decisions = list(reversed(planner_records(self.session, student).decisions))
        intro = self.query_one("#decisions-intro", Static)
        if not decisions:
            intro.update("No decisions yet. They appear here once a proposal on Today is "
                         "accepted (a) or another step is chosen (o).")
            self.query_one("#decisions-detail", Static).update("")
            return
        followed = sum(1 for d in decisions if d.accepted)
        intro.update(escape(f"{len(decisions)} decisions, newest first; {followed} followed the "
                            "proposal. The highlighted one is shown in full below."))
        widths = column_widths(self.app.size.width)
        for decision in decisions:
            self.decisions[decision.id] = decision
            table.add_row(
                short_date(decision.on),
                _shorten(capitalised(proposed_text(decision)), widths["proposal"]),
                _shorten(choice_text(decision), widths["choice"]),
                _shorten(decision.note, widths["reason"]) if decision.note else "—",
                key=decision.id,
            )
        table.move_cursor(row=min(row, table.row_count - 1))

    def on_resize(self) -> None:
        self.refresh_view()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        decision = self.decisions.get(event.row_key.value or "") if event.row_key else None
        if decision is not None:
            self.query_one("#decisions-detail", Static).update(escape(decision_detail(decision)))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
