"""Save the next school days as a calendar file: where to put it.

The dialog only chooses the file; the schedule screen writes it in a thread worker,
through `write_calendar` here (no Textual in it).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from reintegrate.models import Contact, Student
from reintegrate.store import Store
from reintegrate.store.files import output_problem, write_private
from screens.modals.export_report import report_folder
from screens.widgets.fields import FormInput

SUFFIX = ".ics"


def default_calendar_path(student_name: str, today: date, home: Path | None = None) -> Path:
    """'~/Documents/school-days-sam-2026-11-26.ics'."""
    slug = re.sub(r"[^a-z0-9]+", "-", student_name.lower()).strip("-") or "child"
    return report_folder(home) / f"school-days-{slug}-{today.isoformat()}{SUFFIX}"


def check_calendar_target(text: str, data_file: Path | None = None) -> Path | str:
    """The file to write, or a sentence saying why not."""
    text = text.strip()
    if not text:
        return f"Write where to save the calendar, for example ~/Documents/school-days{SUFFIX}"
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.home() / path
    if path.is_dir():
        return f"{path} is a folder: add a file name, for example {path / ('school-days' + SUFFIX)}"
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist. Choose a folder that does."
    return output_problem(path, data_file) or path


def write_calendar(store: Store, student: Student, today: date, path: Path) -> int:
    """Write the student's next school days (as the schedule shows them) owner-only;
    returns how many school days it holds. Slow (planner, disk): run it in a worker."""
    from reintegrate.documents.calendar import plan_calendar
    from reintegrate.planner.view import plan_view

    view = plan_view(store, student, today)
    data = plan_calendar(student, view, store.all(Contact, student.id), datetime.now(UTC))
    # A newer calendar file replaces the older one: its events keep their ids, so a
    # calendar that imports it updates them instead of doubling them.
    write_private(path, data.decode("utf-8"), data_file=store.path, replace=True)
    return len(view.next_days)


class SaveCalendarModal(ModalScreen[Path | None]):
    """The file to save the calendar to. Dismisses with its path, or None."""

    AUTO_FOCUS = "#calendar-path"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="calendar.save"),
        Binding("escape", "cancel", "Cancel", id="calendar.cancel"),
    ]

    def __init__(self, student_name: str, today: date, *, data_file: Path | None = None,
                 home: Path | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.path = default_calendar_path(student_name, today, home)
        self.data_file = data_file
        self._replace_ok: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="calendar-dialog") as dialog:
            dialog.border_title = "Save to calendar"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            yield Static(
                "An iCalendar file (.ics) with one event a school day and the answers due from "
                "the school. Import it into your calendar; importing a newer one updates the same "
                "events. The file is readable only by you, but a calendar that syncs online "
                "will hold these details too.", id="calendar-note")
            with Horizontal(classes="form-row"):
                yield Label("Save to", classes="form-label")
                yield FormInput(str(self.path), id="calendar-path", compact=True)
            yield Static("", id="calendar-path-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    @on(FormInput.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        target = check_calendar_target(self.query_one("#calendar-path", FormInput).value, self.data_file)
        if isinstance(target, Path) and target.exists() and target != self._replace_ok:
            self._replace_ok = target
            target = f"{target.name} already exists. Press Ctrl+S again to replace it."
        if isinstance(target, str):
            error = self.query_one("#calendar-path-error", Static)
            error.update(escape(target))
            error.add_class("shown")
            return
        self.dismiss(target)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
