"""Mark a school day without an attempt: ill, closed, agreed rest or absent."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.models import DAY_LABELS, DayKind, DayStatus, SchoolCalendar, plain_errors
from reintegrate.schooldays import day_mark_problem
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape


def parse_date(text: str) -> date | str:
    """An ISO date from a form; the text itself when it is not one (pydantic explains)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return text.strip()


# Most common first: a day off ill is the one a tired parent records most often.
DAY_ORDER = [DayKind.ill, DayKind.closed, DayKind.agreed_rest, DayKind.absent]


class DayStatusModal(AsksBeforeLeaving, ModalScreen[DayStatus | None]):
    """The day, what kind of day it was, and an optional note.

    Dismisses with a validated DayStatus (keeping the id of the one being edited), or
    None when cancelled. Saving is the caller's job: it knows what else is on that date.
    """

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="day.save"),
        Binding("escape", "cancel", "Cancel", id="day.cancel"),
    ]

    def __init__(self, student_id: str, on: date, existing: DayStatus | None = None, *,
                 calendar: SchoolCalendar | None = None, today: date | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.student_id = student_id
        self.calendar = calendar
        self.today = today
        self.on = existing.on if existing else on
        self.existing = existing

    def compose(self) -> ComposeResult:
        kind = self.existing.kind if self.existing else None
        with Vertical(classes="dialog", id="day-dialog") as dialog:
            dialog.border_title = "Mark a day without an attempt"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                yield FormInput(self.on.isoformat(), id="day-on", compact=True, placeholder="YYYY-MM-DD")
            yield Static("", id="day-on-error", classes="field-error")
            yield Label("What kind of day (press 1–4):", classes="form-heading")
            yield NumberedChoice([(k, DAY_LABELS[k]) for k in DAY_ORDER], kind, id="day-kind", compact=True)
            yield Static("", id="day-kind-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Note", classes="form-label")
                yield FormInput(self.existing.note if self.existing else "", id="day-note", compact=True,
                                placeholder="optional, e.g. temperature in the night")
            yield Static("", id="day-note-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("At home", classes="form-label")
                yield FormInput(self.existing.during_school_hours if self.existing else "",
                                id="day-during", compact=True,
                                placeholder="optional: what they did in school hours")
            yield Static("", id="day-during-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#day-kind", NumberedChoice).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        fields = {"on": "#day-on-error", "kind": "#day-kind-error", "note": "#day-note-error",
                  "during_school_hours": "#day-during-error"}
        for selector in fields.values():
            self.query_one(selector, Static).update("")
            self.query_one(selector, Static).remove_class("shown")
        kind = self.query_one("#day-kind", NumberedChoice).value
        data = {
            "student_id": self.student_id,
            "on": parse_date(self.query_one("#day-on", FormInput).value),
            "note": self.query_one("#day-note", FormInput).value,
            "during_school_hours": self.query_one("#day-during", FormInput).value,
        }
        if self.existing is not None:
            data["id"] = self.existing.id
        if kind is not None:
            data["kind"] = kind
        try:
            status = DayStatus.model_validate(data)
        except ValidationError as error:
            messages = plain_errors(error, DayStatus)
            for item, message in zip(error.errors(include_url=False), messages):
                name = item["loc"][0] if item["loc"] else "kind"
                target = self.query_one(fields.get(str(name), "#day-kind-error"), Static)
                if name == "kind" and item["type"] == "missing":
                    message = "Choose what kind of day it was (1–4)."
                target.update(escape(message))
                target.add_class("shown")
            first = error.errors(include_url=False)[0]["loc"]
            self._focus_field(str(first[0]) if first else "kind")
            return
        if self.calendar is not None and self.today is not None:
            problem = day_mark_problem(self.calendar, status.kind.value, status.on, self.today)
            if problem:
                target = self.query_one("#day-on-error", Static)
                target.update(escape(problem))
                target.add_class("shown")
                # When another kind of day would do on that date (ill on a day not yet
                # come), the fix is a new choice: focus goes there, so the 1–4 the
                # label invites choose rather than land in the note.
                other_kind_fits = any(
                    day_mark_problem(self.calendar, k.value, status.on, self.today) is None for k in DAY_ORDER)
                self._focus_field("kind" if other_kind_fits else "on")
                return
        self.dismiss(status)

    def _focus_field(self, name: str) -> None:
        """Focus goes to the field a message is about, so the next key mends it."""
        selector = {"on": "#day-on", "note": "#day-note", "during_school_hours": "#day-during"}.get(name, "#day-kind")
        self.query_one(selector).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
