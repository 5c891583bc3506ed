"""Forms that ask "Leave without saving?" before typed text is dropped.

A parent interrupted mid-form presses Escape by habit; losing a typed paragraph about a
hard morning is the one thing a form must not do. Mixed into every form dialog: what
the fields hold when the form opens is remembered, and leaving with anything different
asks first. Leaving an untouched form is instant.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.widgets import Checkbox, Input, RadioSet, Select, TextArea

from screens.modals.confirm import ConfirmModal
from screens.workers import ReportsFailures

QUESTION = "Leave without saving? What is typed here will be lost."


def field_values(screen) -> list[tuple[str | None, Any]]:
    """What a form's fields hold now, in order, as comparable values."""
    values: list[tuple[str | None, Any]] = []
    for widget in screen.query("Input, TextArea, Select, Checkbox, RadioSet"):
        if isinstance(widget, TextArea):
            values.append((widget.id, widget.text))
        elif isinstance(widget, RadioSet):
            values.append((widget.id, widget.pressed_index))
        elif isinstance(widget, Input | Select | Checkbox):
            values.append((widget.id, widget.value))
    return values


class AsksBeforeLeaving(ReportsFailures):
    """For a ModalScreen or Screen form: Escape bound to `cancel` asks when something changed.

    The form is read when it mounts; a screen that fills fields later can call
    `remember_fields()` again.
    """

    _fields_at_start: list[tuple[str | None, Any]] | None = None

    def on_mount(self) -> None:
        self.remember_fields()

    def remember_fields(self) -> None:
        self._fields_at_start = field_values(self)

    def has_unsaved_text(self) -> bool:
        return self._fields_at_start is not None and field_values(self) != self._fields_at_start

    def action_cancel(self) -> None:
        if self.has_unsaved_text():
            self._ask_before_leaving()
        else:
            self.dismiss(None)  # type: ignore[attr-defined]

    @work(group="unsaved-leave", exclusive=True, exit_on_error=False, description="asking before leaving the form")
    async def _ask_before_leaving(self) -> None:
        leave = await self.app.push_screen_wait(  # type: ignore[attr-defined]
            ConfirmModal(QUESTION, yes="Leave", no="Stay", title="Not saved yet"))
        if leave:
            self.dismiss(None)  # type: ignore[attr-defined]
