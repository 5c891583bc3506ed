"""The 'why is school hard?' check-in form, and setting the leading purpose by hand.

The check-in is a full screen (twelve statements do not fit a dialog at 80x24): one
digit 0–6 per statement, and the sheet moves on by itself, so a parent can answer with
twelve key presses (up and down go back and forth, Backspace clears one). The child's version has the same statements in child-friendly
words. Either form may be left part-answered; a statement left empty is skipped.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ValidationError
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Label, Static

from reintegrate.models import PURPOSE_LABELS, CheckIn, Purpose, plain_errors
from reintegrate.why.statements import RATING_WORDS, STATEMENTS
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput
from screens.widgets.ratings import RatingSheet

SCALE = " · ".join(f"{n} {word}" for n, word in enumerate(RATING_WORDS))


class CheckInScreen(Screen[CheckIn | None]):
    """Answer the check-in as a parent (`child=False`) or as the child.

    `existing` is today's check-in, if there is one: the answers are added to it, so a
    parent's and a child's answers on one day make one check-in. With `replacing`, it
    already holds this respondent's answers: they are shown, and saving replaces them
    (the form says so before anything is saved).
    """

    CSS_PATH = "../why.tcss"
    IS_FORM = True
    HELP_TITLE = "The check-in"
    HELP = (
        "Press a number from 0 (never) to 6 (always) for each statement; the next one "
        "comes up by itself. Up and down move between statements, Backspace clears one; "
        "any left empty are skipped. Ctrl+S saves, Escape leaves without saving. There "
        "are no right or wrong answers, and it is never required."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="checkin.save", priority=True),
        Binding("escape", "leave", "Back", id="checkin.leave"),
    ]

    def __init__(self, student_id: str, name: str, today: date, *, child: bool = False,
                 existing: CheckIn | None = None, replacing: bool = False, now: datetime | None = None) -> None:
        super().__init__()
        self.student_id = student_id
        self.student_name = name
        self.today = today
        self.child = child
        self.existing = existing
        self.replacing = replacing and existing is not None
        self.now = now

    def compose(self) -> ComposeResult:
        self.title = f"{self.student_name}'s check-in" if self.child else f"Why is school hard for {self.student_name}? A check-in"
        before = (self.existing.child if self.child else self.existing.parent) if self.existing else {}
        yield Header()
        if self.replacing:
            # Above the form, not in it: the sheet takes the focus and scrolls the form,
            # and this must be read before anything is saved.
            yield Static(escape(
                "You answered this earlier today: your answers are below. Saving replaces them; "
                "Escape keeps them as they were." if self.child else
                "A parent answered this earlier today: those answers are below. Saving replaces "
                "them (one check-in a day); Escape keeps them as they were."),
                id="checkin-replaces")
        with VerticalScroll(id="checkin-form"):
            intro = ("How often is each of these true for you? Type a number for each one."
                     if self.child else
                     "How often is each of these true for your child lately? One number each; "
                     "leave any you are unsure of empty.")
            yield Static(escape(intro), id="checkin-intro")
            yield Static(escape(SCALE), id="checkin-scale")
            words = [s.child if self.child else s.parent for s in STATEMENTS]
            yield RatingSheet(words, [before.get(s.id) for s in STATEMENTS], id="checkin-ratings")
            yield Static("", id="checkin-error", classes="field-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(RatingSheet).focus()

    def answers(self) -> dict[str, int]:
        ratings = self.query_one(RatingSheet).ratings
        return {s.id: r for s, r in zip(STATEMENTS, ratings) if r is not None}

    def action_save(self) -> None:
        answers = self.answers()
        side = "child" if self.child else "parent"
        if self.existing is not None:
            data = self.existing.model_dump() | {side: answers}
        else:
            data = {"student_id": self.student_id, "on": self.today, side: answers, "recorded_at": self.now}
        try:
            checkin = CheckIn.model_validate(data)
        except ValidationError as error:
            target = self.query_one("#checkin-error", Static)
            target.update(escape(" ".join(plain_errors(error, CheckIn))))
            target.add_class("shown")
            return
        self.dismiss(checkin)

    def action_leave(self) -> None:
        self.dismiss(None)


class SetByHandModal(ModalScreen[CheckIn | None]):
    """A therapist names the leading purpose, with a note; it leads until the next check-in."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="byhand.save"),
        Binding("escape", "cancel", "Cancel", id="byhand.cancel"),
    ]

    def __init__(self, student_id: str, today: date, now: datetime | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.student_id = student_id
        self.today = today
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="byhand-dialog") as dialog:
            dialog.border_title = "Set the leading purpose by hand"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            yield Label("What staying home mostly does now (press 1–4):", classes="form-heading")
            yield NumberedChoice([(p, PURPOSE_LABELS[p].capitalize()) for p in Purpose], None,
                                 id="byhand-purpose", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Why", classes="form-label")
                yield FormInput("", id="byhand-note", compact=True, placeholder="required: what this is based on")
            yield Static("", id="byhand-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#byhand-purpose", NumberedChoice).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        purpose = self.query_one("#byhand-purpose", NumberedChoice).value
        error = self.query_one("#byhand-error", Static)
        if purpose is None:
            error.update("Choose the purpose (1–4).")
            error.add_class("shown")
            return
        try:
            checkin = CheckIn(student_id=self.student_id, on=self.today, leading_by_hand=[purpose],
                              note=self.query_one("#byhand-note", FormInput).value, recorded_at=self.now)
        except ValidationError as exc:
            error.update(escape(" ".join(plain_errors(exc, CheckIn))))
            error.add_class("shown")
            return
        self.dismiss(checkin)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
