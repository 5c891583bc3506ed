"""Choose the dates a progress review covers: a start and an end, both included."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.schooldays import long_date
from reintegrate.stats import DateRange
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape


def read_date(text: str, what: str) -> date | str:
    """The date typed for `what` ('start', 'end'), or a sentence saying what is wrong."""
    text = text.strip()
    if not text:
        return f"Write the {what} date as YYYY-MM-DD, for example 2026-11-02."
    try:
        return date.fromisoformat(text)
    except ValueError:
        return f"'{text}' is not a date. Write the {what} date as YYYY-MM-DD, for example 2026-11-02."


def check_range(start_text: str, end_text: str, today: date) -> DateRange | tuple[str, str]:
    """A custom DateRange, or (message about the start, message about the end)."""
    start = read_date(start_text, "start")
    end = read_date(end_text, "end")
    start_error = start if isinstance(start, str) else ""
    end_error = end if isinstance(end, str) else ""
    if isinstance(start, date) and start > today:
        start_error = f"The start is after today ({long_date(today)}): there is nothing to count yet."
    if isinstance(start, date) and isinstance(end, date) and end < start:
        end_error = "The end date must be on or after the start date."
    if start_error or end_error:
        return start_error, end_error
    assert isinstance(start, date) and isinstance(end, date)
    return DateRange.custom(start, end, today)


class DateRangeModal(ModalScreen[DateRange | None]):
    """Two dates, checked before the dialog closes. Dismisses with a custom DateRange
    (an end after today is brought back to today), or None when cancelled."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("ctrl+s", "choose", "Show", id="dates.choose"),
        Binding("escape", "cancel", "Cancel", id="dates.cancel"),
    ]

    def __init__(self, today: date, current: DateRange | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        start = self.current.start.isoformat() if self.current else ""
        end = self.current.end.isoformat() if self.current else self.today.isoformat()
        with Vertical(classes="dialog", id="dates-dialog") as dialog:
            dialog.border_title = "Choose the dates"
            dialog.border_subtitle = "Enter or Ctrl+S shows them · Escape cancels"
            yield Static("Both dates are included. An end after today counts up to today.",
                         id="dates-note")
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield FormInput(start, id="dates-start", compact=True, placeholder="YYYY-MM-DD")
            yield Static("", id="dates-start-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("To", classes="form-label")
                yield FormInput(end, id="dates-end", compact=True, placeholder="YYYY-MM-DD")
            yield Static("", id="dates-end-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Show (Ctrl+S)", id="choose", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#dates-start", FormInput).focus()

    @on(FormInput.Submitted)
    def _submitted(self, event: FormInput.Submitted) -> None:
        # Enter in the first box moves on; in the second it shows the dates.
        if event.input.id == "dates-start":
            self.query_one("#dates-end", FormInput).focus()
        else:
            self.action_choose()

    @on(Button.Pressed, "#choose")
    def action_choose(self) -> None:
        result = check_range(self.query_one("#dates-start", FormInput).value,
                             self.query_one("#dates-end", FormInput).value, self.today)
        if isinstance(result, DateRange):
            self.dismiss(result)
            return
        for message, selector in zip(result, ("#dates-start-error", "#dates-end-error")):
            target = self.query_one(selector, Static)
            target.update(escape(message))
            target.set_class(bool(message), "shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
