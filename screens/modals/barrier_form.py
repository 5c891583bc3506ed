"""A barrier: a concrete obstacle behind refusals, its workaround, who owns it, its status.

Naming the obstacle ("the older student on the van") turns a vague "bad mornings"
into something a school can act on. Trigger tags link it to the attempts where the
same trigger was noted, so the barrier and the data point at each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.models import COMMON_TRIGGERS, Barrier, BarrierStatus, plain_errors
from screens.modals.day_status import parse_date
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape
from screens.widgets.tags import TagInput

OWNER_LABELS = {"family": "Family", "school": "School"}
STATUS_LABELS = {
    BarrierStatus.open: "Open",
    BarrierStatus.worked_around: "Worked around",
    BarrierStatus.resolved: "Resolved",
}
ERROR_ROWS = {
    "title": "title", "description": "description", "trigger_tags": "tags", "workaround": "workaround",
    "owner": "owner", "status": "owner", "opened_on": "dates", "resolved_on": "dates",
}


class BarrierFormModal(AsksBeforeLeaving, ModalScreen[Barrier | None]):
    """A new barrier (`existing` None, or a draft such as one made from a trigger) or an
    edit. Dismisses with the validated Barrier, keeping its id, or None when cancelled."""

    AUTO_FOCUS = "#barrier-title"
    CSS_PATH = ["modals.tcss", "school_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="barrier.save"),
        Binding("escape", "cancel", "Cancel", id="barrier.cancel"),
    ]

    def __init__(self, student_id: str, today: date, existing: Barrier | None = None, *,
                 tags: Iterable[str] = (), title: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.student_id = student_id
        self.today = today
        self.existing = existing
        # The family's own trigger tags first: they are the ones that link to attempts.
        self.suggestions = list(dict.fromkeys([*tags, *COMMON_TRIGGERS]))
        self.dialog_title = title or ("Edit a barrier" if existing else "Name a barrier")

    def compose(self) -> ComposeResult:
        b = self.existing
        with Vertical(classes="dialog", id="barrier-dialog") as dialog:
            dialog.border_title = self.dialog_title
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            yield from self._row("Barrier", FormInput(b.title if b else "", id="barrier-title", compact=True,
                                                      placeholder="e.g. an older student on the van"), "title")
            yield from self._row("Details", FormInput(b.description if b else "", id="barrier-description",
                                                      compact=True, placeholder="what happens, when, who is involved"),
                                 "description")
            yield from self._row("Triggers", TagInput(self.suggestions, b.trigger_tags if b else (),
                                                      id="barrier-tags", compact=True), "tags")
            yield from self._row("Workaround", FormInput(b.workaround if b else "", id="barrier-workaround",
                                                         compact=True, placeholder="what is done meanwhile (optional)"),
                                 "workaround")
            with Horizontal(classes="form-row choice-row"):
                yield Label("Owned by", classes="form-label")
                yield NumberedChoice(list(OWNER_LABELS.items()), b.owner if b else "family",
                                     id="barrier-owner", compact=True)
                yield Label("Status", classes="inline-label")
                yield NumberedChoice(list(STATUS_LABELS.items()), b.status if b else BarrierStatus.open,
                                     id="barrier-status", compact=True)
            yield Static("", id="owner-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Noticed on", classes="form-label")
                yield FormInput((b.opened_on if b else self.today).isoformat(), id="barrier-opened", compact=True,
                                placeholder="YYYY-MM-DD", classes="date")
                yield Label("resolved on", classes="inline-label")
                yield FormInput(b.resolved_on.isoformat() if b and b.resolved_on else "", id="barrier-resolved",
                                compact=True, placeholder="date", classes="date")
            yield Static("", id="dates-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def _row(self, label: str, field, slot: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield field
        yield Static("", id=f"{slot}-error", classes="field-error")

    def _value(self, name: str) -> str:
        return self.query_one(f"#barrier-{name}", FormInput).value

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("shown")
        status = self.query_one("#barrier-status", NumberedChoice).value or BarrierStatus.open
        resolved = parse_date(self._value("resolved")) or None
        if status is BarrierStatus.resolved and resolved is None:
            resolved = self.today  # resolving dates it, as set_barrier_status does
        elif status is not BarrierStatus.resolved:
            resolved = None  # reopening or working around clears the date
        workaround = self._value("workaround")
        before = self.existing
        if not workaround.strip():
            workaround_on = None
        elif before is not None and " ".join(before.workaround.split()) == " ".join(workaround.split()):
            workaround_on = before.workaround_on  # unchanged: it has been in place since then
        else:
            workaround_on = self.today  # typed or changed today: it is in place from today
        data = {
            "student_id": self.student_id,
            "title": self._value("title"),
            "description": self._value("description"),
            "trigger_tags": self.query_one("#barrier-tags", TagInput).tags,
            "workaround": workaround,
            "workaround_on": workaround_on,
            "owner": self.query_one("#barrier-owner", NumberedChoice).value or "family",
            "status": status,
            "opened_on": parse_date(self._value("opened")),
            "resolved_on": resolved,
        }
        if self.existing is not None:
            data["id"] = self.existing.id
        problems: dict[str, list[str]] = {}
        try:
            barrier = Barrier.model_validate(data)
        except ValidationError as error:
            for item, message in zip(error.errors(include_url=False), plain_errors(error, Barrier)):
                name = str(item["loc"][0]) if item["loc"] else "opened_on"
                if name == "title" and item["type"] == "string_too_short":
                    message = "Give the barrier a short name."
                problems.setdefault(ERROR_ROWS.get(name, "dates"), []).append(message)
        else:
            if barrier.resolved_on is not None and barrier.resolved_on < barrier.opened_on:
                problems["dates"] = ["A barrier cannot be resolved before it was noticed."]
            else:
                self.dismiss(barrier)
                return
        for row, messages in problems.items():
            target = self.query_one(f"#{row}-error", Static)
            target.update(escape(" ".join(messages)))
            target.add_class("shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
