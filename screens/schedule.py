"""The next school days: which step on which date if things go as proposed.

This is the answer to "what is the plan for the next two weeks?" at a meeting. The
family picks how many school days to lay out (5 to 10); the choice is kept in the
student's planner settings, so `reintegrate status` lays out the same number.
"""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.table import Table
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from reintegrate.models import PlannerSettings, Student
from reintegrate.planner.schedule import PlannedDay
from reintegrate.schooldays import short_date
from screens.base import HouseholdScreen
from screens.modals.save_calendar import SaveCalendarModal, write_calendar
from screens.planning import plan_view
from screens.widgets.plain import escape, plain

_LIMITS = PlannerSettings.model_fields["schedule_days"].metadata
FEWEST = next(m.ge for m in _LIMITS if hasattr(m, "ge"))
MOST = next(m.le for m in _LIMITS if hasattr(m, "le"))


def schedule_table(days: list[PlannedDay]) -> Table:
    """The days as a table that wraps long step titles to the terminal's width."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Step", ratio=3)
    table.add_column("Where it sits in the plan", ratio=2)
    for day in days:
        table.add_row(*map(plain, (short_date(day.on), day.step_title or "—", day.note)))
    return table


class ScheduleScreen(HouseholdScreen):
    """One row per coming school day: the date, the step, and where it sits in the plan."""

    CSS_PATH = "schedule.tcss"
    HELP_TITLE = "The next school days"
    HELP = (
        "The step planned for each of the next school days if things go as the planner "
        "proposes: each step is repeated until it has gone well often enough, then the "
        "next one follows. It is a plan to talk about, not a promise, and it changes as "
        f"results come in. Press + or - to lay out between {FEWEST} and {MOST} school "
        "days; the choice is kept for next time."
    )
    BINDINGS = [
        Binding("plus,equals_sign", "more", "More days", key_display="+", id="schedule.more"),
        Binding("minus", "fewer", "Fewer days", key_display="-", id="schedule.fewer"),
        Binding("c", "save_calendar", "Save to calendar", id="schedule.calendar",
                tooltip="The next school days as a file for your calendar (.ics)"),
        Binding("escape", "app.pop_screen", "Back", id="schedule.back"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        if student is not None:
            self.title = f"Next school days for {student.name}"
        yield Header()
        with VerticalScroll(id="schedule"):
            yield Static("", id="schedule-intro")
            yield Static("", id="schedule-table")
            yield Static("", id="schedule-note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        student = self.student
        if student is None:
            return
        view = plan_view(self.session, student)
        proposal, days = view.proposal, view.next_days
        count = student.settings.schedule_days
        if view.decision is None:
            intro = f"The next {count} school days, {view.following}: {proposal.headline}"
        else:
            intro = f"The next {count} school days, {view.following}."
        self.query_one("#schedule-intro", Static).update(escape(intro))
        self.query_one("#schedule-table", Static).update(schedule_table(days))
        starts = ""
        if proposal.today_recorded and days:
            starts = f"Today is already recorded, so the plan starts on {short_date(days[0].on)}. "
        self.query_one("#schedule-note", Static).update(escape(
            f"{starts}Press + or - for more or fewer days ({FEWEST} to {MOST})."
        ))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        student = self.student
        if student is None:
            return True
        if action == "more":
            return student.settings.schedule_days < MOST or None
        if action == "fewer":
            return student.settings.schedule_days > FEWEST or None
        return True

    def action_more(self) -> None:
        self._change(+1)

    def action_fewer(self) -> None:
        self._change(-1)

    def _change(self, by: int) -> None:
        student = self.student
        if student is None:
            return
        count = min(MOST, max(FEWEST, student.settings.schedule_days + by))
        if count == student.settings.schedule_days:
            return
        updated = student.model_copy(deep=True)
        updated.settings.schedule_days = count
        self.app.saver.save(self, put=[updated], summary=f"Laying out {count} school days.")

    def action_save_calendar(self) -> None:
        student = self.student
        if student is not None:
            self.app.push_screen(
                SaveCalendarModal(student.name, self.session.today, data_file=self.session.store.path),
                self._calendar_chosen,
            )

    def _calendar_chosen(self, path: Path | None) -> None:
        student = self.student
        if path is not None and student is not None:
            self._write_calendar(student, path)

    @work(thread=True, group="export", exit_on_error=False, description="saving the calendar")
    def _write_calendar(self, student: Student, path: Path) -> None:
        try:
            count = write_calendar(self.session.store, student, self.session.today, path)
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"The calendar could not be saved to {path} ({error.strerror or error}). "
                             "Nothing was written there.",
                title="Calendar not saved", severity="error", timeout=15)
            return
        self.app.call_from_thread(
            self.notify, f"{count} school days saved to {path} (readable only by you). "
                         "Import it into your calendar.",
            title="Calendar saved", timeout=12)
