"""Form inputs: compact one-line inputs with a steady cursor under test."""

from __future__ import annotations

from textual.widgets import Checkbox, Input


class FormInput(Input):
    """A one-line input for forms.

    The cursor blinks on a real terminal; under `run_test` and in snapshots (both
    headless) it stays still, so two screenshots of one state are identical.
    """

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False


class TickBox(Checkbox):
    """A checkbox whose mark shows its state by shape, not only by colour."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the mark
        return "✓" if self.value else " "
