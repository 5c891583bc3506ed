"""Tick the supports that are in place, so the ladder can say which are still missing."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reintegrate.models import has_tag
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import TickBox


class SupportsModal(AsksBeforeLeaving, ModalScreen[list[str] | None]):
    """One box per support the ladder uses (and any already ticked).

    Dismisses with the ticked supports, in the order shown, or None when cancelled.
    """

    CSS_PATH = ["modals.tcss", "ladder_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="supports.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="supports.cancel"),
    ]

    def __init__(self, used: dict[str, int], arranged: Iterable[str]) -> None:
        """`used`: each support on the active ladder with the number of steps using it."""
        super().__init__(classes="dialog-screen")
        self.arranged = list(arranged)
        self.supports = list(used) + [s for s in self.arranged if not has_tag(used, s)]
        self.used = used

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="supports-dialog") as dialog:
            dialog.border_title = "Supports arranged"
            dialog.border_subtitle = "Space ticks · Ctrl+S saves · Escape cancels"
            yield Static(
                "Tick each support that is in place now. The ladder then points out steps "
                "that rely on one that is not arranged yet.",
                id="supports-intro",
            )
            if not self.supports:
                yield Static("No step on the ladder lists a support yet.", id="supports-empty")
            with VerticalScroll(id="supports-boxes"):
                for number, support in enumerate(self.supports):
                    steps = self.used.get(support, 0)
                    uses = f"{steps} step{'s' if steps != 1 else ''}" if steps else "no step now"
                    yield TickBox(Content(f"{support} ({uses})"), value=has_tag(self.arranged, support),
                                  id=f"support-{number}", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        boxes = self.query(TickBox)
        (boxes.first() if boxes else self.query_one("#save", Button)).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        ticked = [
            support for number, support in enumerate(self.supports)
            if self.query_one(f"#support-{number}", TickBox).value
        ]
        self.dismiss(ticked)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
