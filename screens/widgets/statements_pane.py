"""The data statements tab: a period, and the records turned into sentences for it.

Each statement is listed with the dates its numbers were counted from, so anyone at
the school can check them against the calendar.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static, TabPane

from reintegrate.documents.statements import Statement, data_statements
from reintegrate.models import Student
from screens.modals.day_status import parse_date
from screens.school_words import figure_lines
from screens.session import Session
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape


class StatementsPane(TabPane):
    """Two date inputs and the statements for the period between them."""

    def __init__(self, title: str, session: Session, **kwargs) -> None:
        super().__init__(title, **kwargs)
        self.session = session
        self.statements: list[Statement] = []
        self.period: tuple[date, date] | None = None

    def compose(self) -> ComposeResult:
        student = self.session.student()
        start = end = ""
        if student is not None:
            start, end = (day.isoformat() for day in self.default_period(student))
        with Horizontal(id="period-row"):
            yield Label("From", classes="period-label")
            yield FormInput(start, id="period-start", compact=True, placeholder="YYYY-MM-DD", classes="date")
            yield Label("to", classes="period-label")
            yield FormInput(end, id="period-end", compact=True, placeholder="YYYY-MM-DD", classes="date")
            yield Static("", id="period-note")
        yield VerticalScroll(id="statements-list")

    def default_period(self, student: Student) -> tuple[date, date]:
        """From the plan's start (else the first record) up to today."""
        today = self.session.today
        if student.plan is not None:
            return min(student.plan.start, today), today
        dates = [r.on for r in (*self.session.store.attempts(student.id), *self.session.store.days(student.id))]
        return min([*dates, today]), today

    def show_statements(self, *, force: bool = False) -> None:
        """Count the statements for the period typed, unless it is the one already shown."""
        student = self.session.student()
        note = self.query_one("#period-note", Static)
        listing = self.query_one("#statements-list", VerticalScroll)
        start = parse_date(self.query_one("#period-start", FormInput).value)
        end = parse_date(self.query_one("#period-end", FormInput).value)
        if student is None or not isinstance(start, date) or not isinstance(end, date) or end < start:
            note.update("Type two dates, YYYY-MM-DD, the first one earlier.")
            return
        note.update("")
        if not force and self.period == (start, end):
            return  # the inputs announce their first values too: nothing has changed
        attempts = self.session.store.attempts(student.id)
        days = self.session.store.days(student.id)
        self.period = (start, end)
        self.statements = data_statements(student, attempts, days, start, end, today=self.session.today)
        listing.remove_children()
        widgets: list[Static] = []
        for statement in self.statements:
            widgets.append(Static(escape(statement.sentence), classes="statement"))
            lines = figure_lines(statement, self.session.school_days(student))
            if lines:
                widgets.append(Static(escape("Counted from: " + "; ".join(lines) + "."), classes="figures"))
        if not widgets:
            widgets.append(Static("Nothing recorded in this period yet.", classes="statement"))
        listing.mount_all(widgets)

    @on(Input.Changed, "#period-start")
    @on(Input.Changed, "#period-end")
    def _period_changed(self) -> None:
        # Before the screen has shown the records once, its first refresh fills the tab.
        if self.screen.is_mounted:
            self.show_statements()
