"""What a screen is for and which keys it answers to."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from screens.widgets.plain import escape


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for the screen's and the app's described bindings.

    Only this app's own bindings (they all have ids) are listed: Textual's built-in
    ones (tab, scrolling, copy) are the same everywhere and would bury the few keys
    that matter on this screen.
    """
    keys: dict[str, tuple[str, str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, screen.app) or binding.id is None:
            continue
        if not binding.description or binding.action in ("help", "app.help"):
            continue
        what = binding.tooltip or binding.description
        # A screen's key for an app action ("app.merge") is the app's key: listed once.
        keys.setdefault(binding.action.removeprefix("app."), (screen.app.get_key_display(binding), what))
    return list(keys.values())


class HelpModal(ModalScreen[None]):
    """One short paragraph and the keys; any of Escape, q, ? or F1 closes it."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, title: str, text: str, keys: Iterable[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.help_title = title
        self.text = text
        self.keys = list(keys) + [("? or F1", "This help"), ("Ctrl+P", "Every action, by name")]

    @classmethod
    def for_screen(cls, screen: Screen) -> HelpModal:
        title = getattr(screen, "HELP_TITLE", "") or "Help"
        text = getattr(screen, "HELP", "") or ""
        return cls(title, text, screen_keys(screen))

    def compose(self) -> ComposeResult:
        # Scrolls (arrows, Page Down) when a screen has more keys than the terminal shows;
        # each key's words wrap under their own column, never cut at the dialog's edge.
        with VerticalScroll(classes="dialog", id="help-dialog") as dialog:
            dialog.border_title = f"Help: {self.help_title}"
            dialog.border_subtitle = "Escape closes"
            yield Static(escape(self.text), id="help-text")
            yield Static(key_table(self.keys), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()

    def action_close(self) -> None:
        self.dismiss(None)


def key_table(keys: Iterable[tuple[str, str]]) -> Table:
    """The keys and what each does, in two columns; the words as text, never markup."""
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("Key", no_wrap=True, header_style="bold")
    table.add_column("What it does", ratio=1, header_style="bold")
    for key, description in keys:
        table.add_row(Text(key), Text(description))
    return table
