"""Switch to another student, or add one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reintegrate.models import Student


@dataclass(frozen=True)
class StudentChoice:
    """The student to show, or `student_id=None` to add a new one."""

    student_id: str | None


class StudentsModal(ModalScreen[StudentChoice | None]):
    """Every student in the file; the one shown now is marked by symbol and word."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("a", "add", "Add a student", id="students.add"),
        Binding("escape", "close", "Close", id="students.close"),
    ]

    def __init__(self, students: list[Student], current_id: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.students = students
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="students-dialog") as dialog:
            dialog.border_title = "Students"
            dialog.border_subtitle = "Enter shows · a adds · Escape closes"
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
