"""Make another step the current one: a change of plan, so it asks why (optionally)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from screens.widgets.fields import FormInput
from screens.widgets.plain import escape


class CurrentStepModal(ModalScreen[str | None]):
    """Says what changes and what the planner proposed; dismisses with the reason typed
    (possibly empty) to go ahead, or None to leave the plan as it is."""

    CSS_PATH = ["modals.tcss", "ladder_forms.tcss"]
    IS_FORM = True
    BINDINGS = [
        Binding("ctrl+s", "confirm", "Make it current", id="current.confirm", priority=True),
        Binding("escape", "cancel", "Cancel", id="current.cancel"),
    ]

    def __init__(self, change: str, proposal: str) -> None:
        super().__init__(classes="dialog-screen")
        self.change = change
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="current-dialog") as dialog:
            dialog.border_title = "Change the current step"
            dialog.border_subtitle = "Ctrl+S changes it · Escape cancels"
            yield Static(escape(self.change), id="current-text")
            if self.proposal:
                yield Static(escape(self.proposal), id="current-proposal")
            yield Static(
                "The change is kept in the plan's history with today's date, so the team can "
                "see when and why the plan changed.",
                id="current-history",
            )
            with Horizontal(classes="form-row"):
                yield Label("Why (optional)", classes="form-label")
                yield FormInput(id="current-why", compact=True, max_length=300,
                                placeholder="e.g. agreed with the school after a hard week")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Make it current (Ctrl+S)", id="confirm", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#current-why", FormInput).focus()

    @on(FormInput.Submitted)
    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(self.query_one("#current-why", FormInput).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
