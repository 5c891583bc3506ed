"""Switch to another student, add one, or correct a student's name."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from reintegrate.models import Student, name_in_use, plain_errors
from screens.modals.unsaved import AsksBeforeLeaving
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape
from screens.workers import ReportsFailures


@dataclass(frozen=True)
class StudentChoice:
    """The student to show, or `student_id=None` to add a new one.

    With `new_name`, the student is not shown but renamed (validated already).
    """

    student_id: str | None
    new_name: str | None = None


class StudentsModal(ReportsFailures, ModalScreen[StudentChoice | None]):
    """Every student in the file; the one shown now is marked by symbol and word."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("a", "add", "Add a student", id="students.add"),
        Binding("r", "rename", "Rename", id="students.rename"),
        Binding("escape", "close", "Close", id="students.close"),
    ]

    def __init__(self, students: list[Student], current_id: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.students = students
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="students-dialog") as dialog:
            dialog.border_title = "Students"
            dialog.border_subtitle = "Enter shows · a adds · r renames · Escape closes"
            options = []
            for student in self.students:
                label = Text(student.name)
                if student.id == self.current_id:
                    label.append(" (▶ shown now)", style="bold")
                options.append(Option(label, id=student.id))
            options.append(Option("+ Add a student", id="add"))
            yield OptionList(*options, id="students-list")
            yield Static("Each student has their own ladder, plan and records.", id="students-note")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        ids = [s.id for s in self.students]
        if self.current_id in ids:
            option_list.highlighted = ids.index(self.current_id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "add":
            self.dismiss(StudentChoice(None))
        else:
            self.dismiss(StudentChoice(event.option.id))

    def action_add(self) -> None:
        self.dismiss(StudentChoice(None))

    def action_close(self) -> None:
        self.dismiss(None)

    @work(group="rename", exclusive=True, exit_on_error=False, description="renaming the student")
    async def action_rename(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.students):
            self.notify("Highlight a student to rename.", severity="warning")
            return
        student = self.students[index]
        name = await self.app.push_screen_wait(RenameModal(student, self.students))
        if name is not None and name != student.name:
            self.dismiss(StudentChoice(student.id, new_name=name))


class RenameModal(AsksBeforeLeaving, ModalScreen[str | None]):
    """One field: the student's name, checked like the setup form checks it."""

    CSS_PATH = "modals.tcss"
    IS_FORM = True
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="rename.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="rename.cancel"),
    ]

    def __init__(self, student: Student, others: list[Student] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.student = student
        self.others = others or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="rename-dialog") as dialog:
            dialog.border_title = Content(f"Rename {self.student.name}")
            dialog.border_subtitle = "Enter or Ctrl+S saves · Escape cancels"
            with Horizontal(classes="form-row"):
                yield Label("Name", classes="form-label")
                yield FormInput(self.student.name, id="rename-name", compact=True, max_length=80)
            yield Static("", id="rename-error", classes="field-error")
            yield Static("Records, ladder and settings stay as they are.", id="students-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    @on(FormInput.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        name = self.query_one("#rename-name", FormInput).value
        target = self.query_one("#rename-error", Static)
        try:
            Student.model_validate({"name": name})
        except ValidationError as error:
            problem: str | None = " ".join(plain_errors(error, Student))
        else:
            problem = name_in_use(name, self.others, except_id=self.student.id)
        if problem:
            target.update(escape(problem))
            target.add_class("shown")
            return
        self.dismiss(name.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
