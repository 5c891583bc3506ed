"""One of the school's holidays or closure days: its name, its first and last day.

The core says what is wrong (`reintegrate.closures`): an end before the start, a
closure far longer than the summer holidays, an overlap with one already entered. Each
problem is shown under its field; nothing is returned until the closure fits the
calendar.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.closures import NAME_LENGTH, closure_from_form, closure_problems
from reintegrate.models import SchoolCalendar
from reintegrate.models.student import Closure
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape

FIELDS = ("label", "start", "end")


class ClosureFormModal(AsksBeforeLeaving, ModalScreen[Closure | None]):
    """A new closure (`existing` None) or a change to one on `calendar`. Dismisses with
    the closure, checked against the calendar's others, or None when cancelled."""

    AUTO_FOCUS = "#closure-label"
    CSS_PATH = ["modals.tcss", "closure_form.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="closure.save"),
        Binding("escape", "cancel", "Cancel", id="closure.cancel"),
    ]

    def __init__(self, calendar: SchoolCalendar, existing: Closure | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.calendar = calendar
        self.existing = existing

    def compose(self) -> ComposeResult:
        c = self.existing
        with Vertical(classes="dialog", id="closure-dialog") as dialog:
            dialog.border_title = "Change a school holiday" if c else "Add a school holiday"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            yield Static("A holiday, half term or training day: the school days in it are not "
                         "counted anywhere.", id="closure-about")
            yield from self._row("Name", FormInput(c.label if c else "", id="closure-label", compact=True,
                                                   max_length=NAME_LENGTH,
                                                   placeholder="e.g. Christmas, Half term, Training day"),
                                 "label", "")
            yield from self._row("From", FormInput(c.start.isoformat() if c else "", id="closure-start",
                                                   compact=True, placeholder="YYYY-MM-DD", classes="date"),
                                 "start", "the first day the school is shut")
            yield from self._row("To", FormInput(c.end.isoformat() if c else "", id="closure-end",
                                                 compact=True, placeholder="YYYY-MM-DD", classes="date"),
                                 "end", "the last day; empty for one day")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def _row(self, label: str, field: FormInput, slot: str, hint: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield field
            if hint:
                yield Static(hint, classes="form-hint")
        yield Static("", id=f"closure-{slot}-error", classes="field-error")

    def _value(self, name: str) -> str:
        return self.query_one(f"#closure-{name}", FormInput).value

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        closure, problems = closure_from_form(self._value("label"), self._value("start"), self._value("end"))
        if closure is not None:
            problems = closure_problems(self.calendar, closure, replacing=self.existing)
        if closure is not None and not problems:
            self.dismiss(closure)
            return
        self.show_problems(problems)

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        for name in FIELDS:
            target = self.query_one(f"#closure-{name}-error", Static)
            sentences = problems.get(name)
            target.update(escape(" ".join(sentences or [])))
            target.set_class(bool(sentences), "shown")
        first = next((name for name in FIELDS if name in problems), None)
        if first is not None:
            self.query_one(f"#closure-{first}", FormInput).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()

