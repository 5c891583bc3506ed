"""Past attempts and days without one, newest first: open one to edit it, or delete it."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from reintegrate.documents.statements.words import plural
from reintegrate.models import Attempt, DayStatus
from reintegrate.schooldays import short_date
from screens.base import HouseholdScreen
from screens.modals.confirm import ConfirmModal
from screens.record import RecordScreen
from screens.session import day_and_month
from screens.today_text import distress_text, minutes_text
from screens.widgets.table import PlainTable

ATTEMPT, DAY = "attempt", "day"


# Fixed widths for the short columns ("Wed 25 Nov", "Not started", "110 of 110",
# "10/10"); the step column takes what is left and wraps, so at 80 columns every column
# stays on screen and a long title or note is still read whole.
COLUMNS = (("Date", 10), ("Step, or the day", None), ("Outcome", 11), ("Minutes", 10), ("Peak", 5))
NARROWEST_STEP = 12


class HistoryTable(PlainTable):
    DEFAULT_CSS = """
    HistoryTable { height: 1fr; }
    """

    class WidthChanged(Message):
        """The table was given a new width: its rows are to be laid out again."""

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.add_column(label, width=width or NARROWEST_STEP)

    def fit_step_column(self) -> None:
        """Give the step column the width the other columns leave free."""
        step = self.ordered_columns[1]
        others = sum(c.get_render_width(self) for c in self.ordered_columns if c is not step)
        # Room for the scroll bar is kept even before the rows need one.
        room = self.content_region.width - self.styles.scrollbar_size_vertical
        free = room - others - 2 * self.cell_padding
        step.width = max(NARROWEST_STEP, free)

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.WidthChanged())


class HistoryScreen(HouseholdScreen):
    """Every attempt and day status of the current student, newest first."""

    CSS_PATH = "history.tcss"
    HELP_TITLE = "History"
    HELP = (
        "Every attempt and every day without one, newest first. Move with the arrow "
        "keys; Enter opens the selected record to correct it, and Delete removes it "
        "after asking. Press d to mark a day without an attempt (ill, school closed, "
        "agreed rest, absent)."
    )
    BINDINGS = [
        Binding("enter,e", "edit", "Edit", id="history.edit"),
        Binding("delete,x", "delete", "Delete", key_display="Del", id="history.delete"),
        Binding("d", "mark_day", "Mark day", id="history.mark_day"),
        Binding("escape", "app.pop_screen", "Back", id="history.back"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        if student is not None:
            self.title = f"History for {student.name}"
        yield Header()
        with Vertical(id="history"):
            yield Static("", id="history-intro")
            yield HistoryTable(id="history-table", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_view()

    @on(HistoryTable.WidthChanged)
    def _width_changed(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Fill the table again, keeping the cursor on the same row number."""
        student = self.student
        table = self.query_one(HistoryTable)
        row = table.cursor_row
        table.clear()
        table.fit_step_column()
        if student is None:
            return
        attempts = self.session.store.attempts(student.id)
        days = self.session.store.days(student.id)
        records: list[Attempt | DayStatus] = sorted(
            [*attempts, *days], key=lambda r: (r.on, isinstance(r, Attempt)), reverse=True
        )
        for record in records:
            if isinstance(record, Attempt):
                table.add_row(
                    short_date(record.on),
                    record.step_title,
                    record.outcome.label,
                    minutes_text(record),
                    distress_text(record.distress_peak),
                    key=f"{ATTEMPT}:{record.id}",
                    height=None,
                )
            else:
                label = record.kind.label + (f": {record.note}" if record.note else "")
                table.add_row(
                    short_date(record.on), Text(label, style="italic"), "No attempt", "", "",
                    key=f"{DAY}:{record.id}", height=None,
                )
        self.query_one("#history-intro", Static).update(intro_line(len(attempts), len(days)))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def selected(self) -> Attempt | DayStatus | None:
        table = self.query_one(HistoryTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, record_id = key.partition(":")
        model = Attempt if kind == ATTEMPT else DayStatus
        return self.session.store.get(model, record_id)

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        record = self.selected()
        student = self.student
        if record is None or student is None:
            return
        if isinstance(record, Attempt):
            self.app.push_screen(RecordScreen(self.session, student, record))
        else:
            self.mark_day(record.on, existing=record)

    def action_mark_day(self) -> None:
        self.mark_day(self.session.today)

    @work(group="delete", exclusive=True, exit_on_error=False, description="deleting the record")
    async def action_delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        if isinstance(record, Attempt):
            what = f"the attempt on {day_and_month(record.on)} ({record.outcome.label}, '{record.step_title}')"
        else:
            what = f"'{record.kind.label}' on {day_and_month(record.on)}"
        confirmed = await self.app.push_screen_wait(
            ConfirmModal(f"Delete {what}? This cannot be undone.", title="Delete a record")
        )
        if not confirmed:
            return
        self.app.saver.save(
            self,
            delete=[(type(record), record.id)],
            summary=f"Deleted {what}.",
        )


def intro_line(attempts: int, days: int) -> str:
    """'4 attempts and 1 day without one. ...' above the table."""
    return (f"{attempts} {plural(attempts, 'attempt')} and {days} {plural(days, 'day')} without one. "
            "Peak: the highest distress, 0–10.")
