"""Supports kept at home for the child, whatever the step: tick one to start it, untick
one to end it, on the date given (the core's `why.home.change_home_supports`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.models import HomeSupport, Purpose, Student, home_supports_on
from reintegrate.schooldays import short_date
from reintegrate.why.home import change_home_supports, ended_lines, home_choices
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import FormInput, TickBox
from screens.widgets.plain import escape


class TickList(VerticalScroll):
    """The boxes, one under another: Up and Down move between them (Space ticks the
    focused one), as a list reads, rather than scrolling the list under a box."""

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="home_supports.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="home_supports.up"),
    ]

    def action_move(self, step: int) -> None:
        boxes = list(self.query(TickBox))
        focused = self.screen.focused
        if focused not in boxes:
            return
        at = boxes.index(focused) + step
        if 0 <= at < len(boxes):
            boxes[at].focus()
        elif at >= len(boxes):
            self.screen.focus_next()


class HomeSupportsModal(AsksBeforeLeaving, ModalScreen[list[HomeSupport] | None]):
    """One box per support at home (in place: ticked), another of the family's own words,
    and the date the changes take effect. Dismisses with the student's supports at home
    as they are after the changes, or None when cancelled."""

    CSS_PATH = ["modals.tcss", "ladder_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="home_supports.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="home_supports.cancel"),
    ]

    def __init__(self, student: Student, today: date, leading: Sequence[Purpose] = ()) -> None:
        """`leading`: the leading purposes (why school is hard): their supports come first."""
        super().__init__(classes="dialog-screen")
        self.student = student
        self.today = today
        self.choices = home_choices(student, today, leading)
        self.in_place = home_supports_on(student, today)
        self.started = {h.support: h.started_on for h in student.home_supports if h.active_on(today)}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="home-dialog") as dialog:
            dialog.border_title = f"Supports at home for {self.student.name}"
            dialog.border_subtitle = "↑↓ move · Space ticks · Ctrl+S saves · Esc cancels"
            yield Static(
                "What the family does at home, whatever the step: it counts for every step. "
                "Tick one to start it, untick one to end it, on the date below.",
                id="home-intro",
            )
            with TickList(id="home-boxes"):
                for number, support in enumerate(self.choices):
                    since = self.started.get(support)
                    label = f"{support} (since {short_date(since)})" if since else support
                    yield TickBox(Content(label), value=support in self.in_place,
                                  id=f"home-{number}", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Other", classes="form-label")
                yield FormInput(placeholder="another support at home, in your words", id="home-other",
                                max_length=60, compact=True)
            with Horizontal(classes="form-row"):
                yield Label("On", classes="form-label")
                yield FormInput(self.today.isoformat(), id="home-on", max_length=10, compact=True)
            ended = ended_lines(self.student)
            if ended:
                yield Static(escape("Ended: " + "; ".join(ended[:3]) + "."), id="home-ended")
            yield Static("", id="home-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        boxes = self.query(TickBox)
        (boxes.first() if boxes else self.query_one("#home-other", FormInput)).focus()

    def _error(self, sentence: str) -> None:
        error = self.query_one("#home-error", Static)
        error.update(escape(sentence))
        error.set_class(True, "shown")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        ticked = [s for n, s in enumerate(self.choices) if self.query_one(f"#home-{n}", TickBox).value]
        other = " ".join(self.query_one("#home-other", FormInput).value.split())
        try:
            on_day = date.fromisoformat(self.query_one("#home-on", FormInput).value.strip())
        except ValueError:
            self._error("Write the date as YYYY-MM-DD, for example 2027-03-16.")
            return
        try:
            kept = change_home_supports(self.student, [*ticked, *([other] if other else [])], on_day, self.today)
        except ValueError as error:
            self._error(str(error))
            return
        self.dismiss(kept)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
