"""The ladder, read-only: every active step in order, the current one marked.

`LadderList` is the table and `LadderScreen` the screen around it; the ladder editor
extends both (adding bindings and actions) rather than starting again.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from reintegrate.models import Step, Student
from screens.base import HouseholdScreen
from screens.widgets.step_card import step_lines

CURRENT_MARK = "▶ now"


class LadderList(DataTable):
    """One row per active step: number, mark, title and planned minutes.

    Place, supports and description are shown for the highlighted step below the
    table, so the table fits an 80-column terminal without scrolling sideways.

    The current step is marked by a symbol and a word, not by colour alone. Row keys
    are step ids, so a subclass can act on `selected_step`.
    """

    DEFAULT_CSS = """
    LadderList { height: 1fr; }
    """

    def __init__(self, student: Student, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.student = student

    def on_mount(self) -> None:
        self.add_column("#", key="number")
        self.add_column("", key="mark")
        self.add_column("Step", key="title")
        self.add_column("Minutes", key="minutes")
        self.show_student(self.student)

    def row_cells(self, number: int, step: Step, current: bool) -> tuple:
        """The cells of one row; a subclass can add its own columns' cells here."""
        mark = Text(CURRENT_MARK, style="bold") if current else ""
        title = Text(step.title, style="bold") if current else step.title
        return (number, mark, title, step.planned_minutes)

    def show_student(self, student: Student) -> None:
        self.student = student
        self.clear()
        current_id = student.ladder.current_step_id
        current_row = 0
        for number, step in enumerate(student.ladder.active, start=1):
            if step.id == current_id:
                current_row = number - 1
            self.add_row(*self.row_cells(number, step, step.id == current_id), key=step.id)
        if self.row_count:
            self.move_cursor(row=current_row)

    @property
    def selected_step(self) -> Step | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.student.ladder.step(key) if key else None


class LadderScreen(HouseholdScreen):
    """The steps from easiest to hardest, and the selected step in full below them."""

    CSS_PATH = "ladder.tcss"
    HELP_TITLE = "Ladder"
    HELP = (
        "The ladder is the list of small steps back into school, easiest first. The step "
        "marked '▶ now' is the current one: it stays until you change it. Move with the "
        "arrow keys to read a step in full below the list."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="ladder.back"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        yield Header()
        with Vertical(id="ladder"):
            if student is None or not student.ladder.active:
                yield Static("There are no steps on this ladder yet.", id="ladder-empty")
            else:
                self.title = f"Ladder for {student.name}"
                total = len(student.ladder.active)
                yield Static(f"{total} steps, easiest first. ▶ marks the current step.", id="ladder-intro")
                yield self.make_list(student)
                yield Static("", id="ladder-detail")
        yield Footer(compact=True)

    def make_list(self, student: Student) -> LadderList:
        """The table widget; the editor overrides this to return its own subclass."""
        return LadderList(student, id="ladder-list")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        student = self.student
        step = student.ladder.step(event.row_key.value) if student and event.row_key else None
        if student is None or step is None:
            return
        heading, where, supports = step_lines(student, step)
        detail = "\n".join(line for line in (heading, where, supports, step.description) if line)
        self.query_one("#ladder-detail", Static).update(escape(detail))
