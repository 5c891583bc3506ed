"""Merging another computer's records (its export, or a copy of its data file): which
file, then what would change, confirmed before anything is written. The work itself is in `reintegrate.store.merge`."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reintegrate.store.merge import MergePlan, report, summary
from screens.widgets.fields import FormInput

EXPLAIN = (
    "Choose an export made on the other computer with "
    "'reintegrate export --format json -o FILE', or a copy of its data file. Nothing is "
    "written before you have seen what would change."
)


class MergeFileModal(ModalScreen[Path | None]):
    """Which file to merge (an export or a data file); dismisses with its path, or None."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="merge_file.cancel")]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="merge-file-dialog") as dialog:
            dialog.border_title = "Merge another computer's records"
            yield Static(EXPLAIN, id="question")
            yield FormInput(self.suggestion, placeholder="~/Downloads/sam.json", id="merge-path")
            yield Static("", id="merge-file-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Show the changes", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#merge-path", FormInput).focus()

    @on(FormInput.Submitted, "#merge-path")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        text = self.query_one("#merge-path", FormInput).value.strip()
        path = Path(text).expanduser() if text else None
        if path is None or not path.is_file():
            error = self.query_one("#merge-file-error", Static)
            error.update(Text("Type the path of an export or a data file." if path is None else f"There is no file at {path}."))
            error.add_class("shown")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MergePreviewModal(ModalScreen[bool]):
    """What merging would change, in the same words as `reintegrate merge`; True to go ahead."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="merge_preview.cancel"),
        Binding("y", "answer(True)", "Merge", show=False, id="merge_preview.yes"),
        Binding("n", "answer(False)", "Cancel", show=False, id="merge_preview.no"),
    ]

    def __init__(self, plan: MergePlan, conflicts_path: Path) -> None:
        super().__init__(classes="dialog-screen")
        self.plan = plan
        self.conflicts_path = conflicts_path

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(classes="dialog", id="merge-preview") as dialog:
            dialog.border_title = f"Merge {plan.source}"
            dialog.border_subtitle = summary(plan)
            with VerticalScroll(id="merge-changes"):
                # A family's words (names, step titles) go in as Text, never as markup.
                lines = Text()
                for heading, items in report(plan):
                    lines.append(f"{heading} ({len(items)})\n", style="bold")
                    for item in items:
                        lines.append(f"  {item}\n")
                if plan.set_aside:
                    lines.append(f"Versions not kept are saved in {self.conflicts_path}.\n")
                if not plan.changes_anything:
                    lines.append(summary(plan))
                yield Static(lines, id="merge-lines")
            with Horizontal(classes="dialog-buttons"):
                if plan.changes_anything:
                    yield Button("Merge (y)", id="yes", variant="primary")
                yield Button("Cancel (n)" if plan.changes_anything else "Close (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer and self.plan.changes_anything)
