"""Before a letter is logged: how it is sent, and where its copy is kept."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.models import Channel
from reintegrate.schooldays import long_date
from reintegrate.store.files import output_problem
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape

SEND_CHANNELS = [
    (Channel.email, "Email"),
    (Channel.letter, "Printed letter"),
    (Channel.in_person, "Handed in person"),
]


@dataclass(frozen=True)
class SendChoice:
    channel: Channel
    path: Path
    replace: bool = False  # the file exists and the family said to replace it


class SaveLetterModal(ModalScreen[SendChoice | None]):
    """Says what saving does (log the letter as sent today, answer due on a date, keep a
    private copy) and asks only what it cannot know: the channel and the file."""

    AUTO_FOCUS = "#send-channel"
    CSS_PATH = ["modals.tcss", "school_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="send.save"),
        Binding("escape", "cancel", "Cancel", id="send.cancel"),
    ]

    def __init__(self, title: str, today: date, due_on: date | None, path: Path, *,
                 data_file: Path | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.data_file = data_file
        self._replace_ok: Path | None = None
        self.letter_title = title
        self.today = today
        self.due_on = due_on
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="send-dialog") as dialog:
            dialog.border_title = "Save and log the letter"
            dialog.border_subtitle = "Ctrl+S saves · Escape goes back to the letter"
            due = f", with the answer due {long_date(self.due_on)}" if self.due_on else ""
            yield Static(
                escape(f"'{self.letter_title}' will be logged as sent today, {long_date(self.today)}{due}. "
                       "If no answer comes by then, Today will remind you to follow up."),
                id="send-about",
            )
            yield Label("Sent by (press 1–3):", classes="form-heading")
            yield NumberedChoice(SEND_CHANNELS, Channel.email, id="send-channel", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Copy in", classes="form-label")
                yield FormInput(str(self.path), id="send-path", compact=True)
            yield Static("The copy can be read only by you (owner-only file).", classes="form-hint")
            yield Static("", id="send-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Back (Esc)", id="cancel", compact=True)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one("#send-path", FormInput).value.strip()
        path = Path(text).expanduser().absolute() if text else None
        problem = "Give a file name for the copy." if path is None else output_problem(path, self.data_file)
        if path is not None and not problem and os.path.lexists(path) and path != self._replace_ok:
            # Asked once, here, as the report dialog does: save again to replace it.
            self._replace_ok = path
            problem = f"{path.name} already exists. Press Ctrl+S again to replace it."
        if problem:
            error = self.query_one("#send-error", Static)
            error.update(Content(problem))
            error.add_class("shown")
            return
        channel = self.query_one("#send-channel", NumberedChoice).value or Channel.email
        self.dismiss(SendChoice(channel, path, replace=path == self._replace_ok))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
