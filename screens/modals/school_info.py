"""The school's name, the staff the family deals with, and the parent's own name.

Letters are addressed and signed from these, and the contact form offers the staff
by name, so they are asked for once here instead of being typed into every letter.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.models import SchoolInfo, StaffMember, plain_errors
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape


class StaffRow(Horizontal):
    """Name, role and email of one member of staff; a row with no name is left out."""

    def __init__(self, member: StaffMember | None = None, **kwargs) -> None:
        super().__init__(classes="staff-row", **kwargs)
        self.member = member

    def compose(self) -> ComposeResult:
        m = self.member
        yield FormInput(m.name if m else "", placeholder="name, e.g. Ms Reid", compact=True,
                        classes="staff-name")
        yield FormInput(m.role if m else "", placeholder="role, e.g. Head of year", compact=True,
                        classes="staff-role")
        yield FormInput(m.email if m else "", placeholder="email (optional)", compact=True,
                        classes="staff-email")

    def values(self) -> tuple[str, str, str]:
        name, role, email = (field.value.strip() for field in self.query(FormInput))
        return name, role, email


class SchoolInfoModal(AsksBeforeLeaving, ModalScreen[SchoolInfo | None]):
    """Dismisses with a validated SchoolInfo, or None when cancelled."""

    AUTO_FOCUS = "#school-name"
    CSS_PATH = ["modals.tcss", "school_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="school_info.save"),
        Binding("ctrl+n", "add_row", "Add a member of staff", id="school_info.add_row"),
        Binding("escape", "cancel", "Cancel", id="school_info.cancel"),
    ]

    def __init__(self, info: SchoolInfo) -> None:
        super().__init__(classes="dialog-screen")
        self.info = info

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="school-info-dialog") as dialog:
            dialog.border_title = "School details"
            dialog.border_subtitle = "Ctrl+S saves · Ctrl+N adds staff · Escape cancels"
            with Horizontal(classes="form-row"):
                yield Label("School", classes="form-label")
                yield FormInput(self.info.name, id="school-name", compact=True,
                                placeholder="the school's name, as letters use it")
            with Horizontal(classes="form-row"):
                yield Label("Your name", classes="form-label")
                yield FormInput(self.info.parent_name, id="parent-name", compact=True,
                                placeholder="how you sign letters to the school")
            yield Label("Staff you deal with (name, role, email):", classes="form-heading")
            with VerticalScroll(id="staff-rows", can_focus=False):
                for member in self.info.staff:
                    yield StaffRow(member)
                yield StaffRow()
            yield Static("", id="school-info-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def action_add_row(self) -> None:
        row = StaffRow()
        self.query_one("#staff-rows", VerticalScroll).mount(row)
        self.call_after_refresh(lambda: row.query_one(FormInput).focus())

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#school-info-error", Static)
        error.remove_class("shown")
        staff = []
        for number, row in enumerate(self.query(StaffRow), start=1):
            name, role, email = row.values()
            if not name and (role or email):
                self._show(f"Staff row {number} has no name: add one, or clear the row.")
                return
            if name:
                staff.append({"name": name, "role": role, "email": email})
        try:
            info = SchoolInfo.model_validate({
                "name": self.query_one("#school-name", FormInput).value,
                "parent_name": self.query_one("#parent-name", FormInput).value,
                "staff": staff,
            })
        except ValidationError as problem:
            self._show(" ".join(plain_errors(problem, SchoolInfo)))
            return
        self.dismiss(info)

    def _show(self, message: str) -> None:
        error = self.query_one("#school-info-error", Static)
        error.update(escape(message))
        error.add_class("shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
