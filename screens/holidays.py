"""The school's holidays and closure days for the current student: listed, added,
changed and removed.

Every count the app makes (Today, the next school days, the school days a letter has
waited, a reply's deadline, attendance) leaves these days out, so over Christmas the
next school days skip to January and a follow-up never asks for a reply on Boxing Day.
The rules for a closure are the core's (`reintegrate.closures`); this screen shows the
list, asks, and saves the student's calendar through the app's saver.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from reintegrate.closures import (
    ClosureError,
    add_closure,
    change_closure,
    closure_words,
    remove_closure,
    school_days_covered,
    span_words,
)
from reintegrate.models.student import Closure
from reintegrate.schooldays import short_date
from screens.base import HouseholdScreen
from screens.widgets.plain import escape
from screens.widgets.table import PlainTable

INTRO = ("The days the school is shut: holidays, half terms, training days. Their school "
         "days are left out of every count: Today, the next school days, letters' deadlines "
         "and attendance.")
NONE_YET = ("No holidays entered yet, so the school's holidays count as school days "
            "everywhere. Press a to add the next one (the school's term dates are on its website).")


def day_text(day) -> str:
    return f"{short_date(day)} {day.year}"


def days_text(count: int) -> str:
    return "none" if count == 0 else str(count)


class ClosuresTable(PlainTable):
    """The closures, one a row (sized in holidays.tcss)."""


class HolidaysScreen(HouseholdScreen):
    """One row per closure on the current student's calendar, in date order."""

    _row_after_save: int | None = None

    CSS_PATH = "holidays.tcss"
    HELP_TITLE = "School holidays"
    HELP = (
        "The school's holidays and closure days: half terms, Christmas, Easter, the summer, "
        "training days. The app counts school days everywhere (Today, the next school days, "
        "how long a request has waited, the date a letter asks for a reply by, attendance), "
        "and a day in one of these is not a school day. Enter them from the school's term "
        "dates. Add one with a, change the highlighted one with e or Enter, remove it with "
        "x. A closure is at most 120 days, and two may not overlap: change the one already "
        "there instead. A single day off (a training day) needs only its first day."
    )
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a holiday or closure day", id="holidays.add"),
        Binding("e", "edit", "Change", tooltip="Change the highlighted holiday", id="holidays.edit"),
        Binding("x,delete", "remove", "Remove", tooltip="Remove the highlighted holiday", id="holidays.remove"),
        Binding("escape", "app.pop_screen", "Back", id="holidays.back"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        if student is not None:
            self.title = f"School holidays for {student.name}"
        yield Header()
        with Vertical(id="holidays"):
            yield Static(INTRO, id="holidays-intro")
            yield ClosuresTable(id="holidays-table", cursor_type="row")
            with VerticalScroll(id="holidays-note-box"):
                yield Static("", id="holidays-note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(ClosuresTable)
        table.add_column("Name", key="label")
        table.add_column("From", key="start")
        table.add_column("To", key="end")
        table.add_column("School days", key="days")
        self.refresh_view(first=True)

    @property
    def closures(self) -> list[Closure]:
        student = self.student
        return list(student.calendar.closures) if student is not None else []

    def refresh_view(self, first: bool = False) -> None:
        student = self.student
        table = self.query_one(ClosuresTable)
        row = table.cursor_row
        table.clear()
        if student is None:
            return
        closures = self.closures
        for index, closure in enumerate(closures):
            table.add_row(closure.label or "(no name)", day_text(closure.start), day_text(closure.end),
                          days_text(school_days_covered(student.calendar, closure)), key=str(index))
        if self._row_after_save is not None:
            # After a save: on the closure just added or changed, wherever its dates put it.
            row, self._row_after_save = self._row_after_save, None
        elif first:
            # Opened over the years: start on the next holiday, not one long past.
            today = self.session.today
            row = next((i for i, c in enumerate(closures) if c.end >= today), max(0, len(closures) - 1))
        if closures:
            table.move_cursor(row=min(row, table.row_count - 1))
        table.display = bool(closures)
        self._show_note()
        self.refresh_bindings()

    def highlighted(self) -> Closure | None:
        table = self.query_one(ClosuresTable)
        closures = self.closures
        if not closures or table.cursor_row < 0:
            return None
        return closures[min(table.cursor_row, len(closures) - 1)]

    def _show_note(self) -> None:
        closure = self.highlighted()
        note = self.query_one("#holidays-note", Static)
        if closure is None:
            note.update(NONE_YET)
            return
        today = self.session.today
        if closure.end < today:
            when = "Past"
        elif closure.start <= today:
            when = "Now"
        else:
            when = "Coming"
        said = f"{when}: {closure.label or '(no name)'}, {span_words(closure.start, closure.end)}."
        student = self.student
        if student is not None and closure.end >= today:
            # Counted as every count is: the next holiday or a day marked closed may follow.
            after = self.session.school_days(student).next_after(closure.end)
            if after is not None:
                said += f" The first school day after it: {day_text(after)}."
        note.update(escape(said))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_note()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()  # Enter on a row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return self.highlighted() is not None or None
        return True

    # --- changes -----------------------------------------------------------------------

    def action_add(self) -> None:
        self._ask(None)

    def action_edit(self) -> None:
        closure = self.highlighted()
        if closure is not None:
            self._ask(closure)

    @work(group="holidays-form", exclusive=True, exit_on_error=False, description="entering a school holiday")
    async def _ask(self, existing: Closure | None) -> None:
        from screens.modals.closure_form import ClosureFormModal

        student = self.student
        if student is None:
            return
        closure = await self.app.push_screen_wait(ClosureFormModal(student.calendar, existing))
        student = self.student  # as it is now: a save may have landed meanwhile
        if closure is None or student is None or closure == existing:
            return
        try:
            if existing is None:
                calendar = add_closure(student.calendar, closure)
                said = f"added: {closure_words(closure, years=False)}."
            else:
                calendar = change_closure(student.calendar, existing, closure)
                said = f"changed: now {closure_words(closure, years=False)}."
        except ClosureError as error:
            self.notify(str(error), title="Not saved", severity="warning", timeout=12)
            return
        self._save(calendar, said, closure)

    @work(group="holidays-remove", exclusive=True, exit_on_error=False, description="removing a school holiday")
    async def action_remove(self) -> None:
        from screens.modals.confirm import ConfirmModal

        student, closure = self.student, self.highlighted()
        if student is None or closure is None:
            return
        count = school_days_covered(student.calendar, closure)
        days = "its weekdays count" if count != 1 else "its weekday counts"
        remove = await self.app.push_screen_wait(ConfirmModal(
            f"Remove {closure_words(closure)}? {days.capitalize()} as school days again.",
            yes="Remove", no="Keep it", title="Remove a school holiday"))
        student = self.student
        if not remove or student is None:
            return
        try:
            calendar = remove_closure(student.calendar, closure)
        except ClosureError as error:
            self.notify(str(error), title="Not saved", severity="warning", timeout=12)
            return
        self._save(calendar, f"removed: {closure_words(closure, years=False)}.", None)

    def _save(self, calendar, said: str, show: Closure | None) -> None:
        student = self.student
        if student is None:
            return
        updated = student.model_copy(update={"calendar": calendar}, deep=True)
        if show is not None and show in calendar.closures:
            self._row_after_save = calendar.closures.index(show)
        self.app.saver.save(self, put=[updated], summary=f"School holiday {said}")
