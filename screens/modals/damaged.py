"""The data file turned out to be damaged after the first paint: say so, then close."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class DamagedFileModal(ModalScreen[None]):
    """The store's own message (the file, what is wrong, the newest good backup and the
    command that restores it); the only way on is to close the app, which prints the
    message again on the terminal, as a damaged file found at start-up is reported."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("q,escape,enter", "close", "Close reintegrate", id="damaged.close"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__(classes="dialog-screen")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="damaged-dialog") as dialog:
            dialog.border_title = "The data file has a problem"
            yield Static(Text(self.message), id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close reintegrate (q)", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
