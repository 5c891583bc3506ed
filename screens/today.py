"""The morning screen: the date, whether it is a school day, today's step, how it went lately."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from reintegrate.contacts import reusable_barrier
from reintegrate.models import Barrier, ProposalKind, Step, Student
from reintegrate.schooldays import WEEKDAY_NAMES, closure_on, is_school_day, long_date, next_school_day
from screens.base import HouseholdScreen
from screens.planning import PlanView, plan_view
from screens.session import Session, day_and_month
from screens.widgets.attempts import AttemptsTable, distress_text, minutes_text
from screens.widgets.overdue import OverdueRequests
from screens.widgets.plain import escape
from screens.widgets.proposal import ProposalPanel
from screens.widgets.step_card import StepCard

if TYPE_CHECKING:
    from screens.modals.decide import DecisionMade

# The record form and the decision dialogs are imported when first opened (the app
# warms them in a thread right after the first paint), so Today paints without them.


def school_day_sentence(student: Student, session: Session) -> str:
    """'A school day.' or why not, and when the next one is."""
    today = session.today
    calendar = student.calendar
    if is_school_day(calendar, today):
        return "A school day."
    closure = closure_on(calendar, today)
    if closure is not None:
        why = f"the school is closed ({closure})" if closure else "the school is closed"
    elif today.weekday() >= 5 and 5 not in calendar.weekdays and 6 not in calendar.weekdays:
        why = "it is the weekend"
    else:
        why = f"{WEEKDAY_NAMES[today.weekday()]} is not one of {student.name}'s school days"
    upcoming = next_school_day(calendar, today)
    after = f" The next school day is {day_and_month(upcoming)}." if upcoming else ""
    return f"Not a school day: {why}.{after}"


def matched_supports_line(plan: PlanView, step: Step) -> str:
    """One line, only once a check-in names a leading purpose: the step's supports that
    fit it, or the supports to try. Press y for the rest."""
    from reintegrate.why.supports import matched_tags

    profile = plan.profile
    if profile is None or not profile.leading:
        return ""
    to_try = plan.proposal.supports_to_try
    if to_try:
        return f"Supports that may fit why school is hard: {', '.join(t.support for t in to_try[:3])} (y for more)."
    have = [t for p in profile.leading for t in matched_tags(step.supports, p)]
    return f"This step's supports that fit why school is hard: {', '.join(have)} (y for more)."


def recorded_sentence(student: Student, session: Session) -> str:
    """What is already recorded for today, if anything."""
    attempts = session.attempts_on(student, session.today)
    if attempts:
        latest = attempts[-1]
        peak = distress_text(latest.distress_peak)
        return (
            f"Recorded today: {latest.outcome.label} at '{latest.step_title}', "
            f"{minutes_text(latest)} minutes, peak distress {peak}. Press r to change it."
        )
    status = session.day_status_on(student, session.today)
    if status is not None:
        note = f" ({status.note})" if status.note else ""
        return f"Recorded today: {status.kind.label}{note}. Press d to change it."
    if is_school_day(student.calendar, session.today):
        return "Nothing recorded for today yet. After the step, press r to record how it went."
    return "Nothing recorded for today."


class TodayScreen(HouseholdScreen):
    """Today's step for the current student, and the last attempts at it."""

    CSS_PATH = "today.tcss"
    HELP_TITLE = "Today"
    HELP = (
        "This is the morning view: the date, whether it is a school day, and today's "
        "step with the supports it relies on. Below it are the last few attempts at the "
        "same step. After the step, press r and record how it went; on a day without an "
        "attempt (ill, school closed, a rest day agreed with the team, absent) press d. "
        "Nothing here is a judgement: a step that was too much is useful information. "
        "Below the step, the planner proposes what comes next and why: a accepts, o "
        "chooses another step. y shows a short check-in about why school is hard and "
        "the supports that may fit; it is never required."
    )
    BINDINGS = [
        Binding("r", "record", "Record", id="today.record",
                tooltip="Record how today's step went"),
        Binding("d", "mark_day", "Mark day", id="today.mark_day",
                tooltip="A day without an attempt (ill, closed, rest, absent)"),
        Binding("h", "app.open_history", "History", id="today.history", show=False,
                tooltip="History: past attempts and days, to correct or delete"),
        Binding("l", "app.open_ladder", "Ladder", id="today.ladder",
                tooltip="The ladder: every step, the current one marked"),
        Binding("p", "app.open_progress", "Progress", id="today.progress",
                tooltip="Progress: attendance, charts and patterns; save a report"),
        Binding("s", "app.open_students", "Students", id="today.students", show=False,
                tooltip="Switch to another student, or add one"),
        Binding("a", "accept", "Accept", tooltip="Accept the planner's proposal", id="today.accept"),
        Binding("o", "override", "Other step", show=False,
                tooltip="Choose another step than the one proposed, and say why", id="today.override"),
        Binding("n", "app.open_schedule", "Next days", show=False,
                tooltip="The step planned for each of the next school days", id="today.schedule"),
        Binding("D", "app.open_decisions", "Decisions", show=False, key_display="D",
                tooltip="Every decision taken on the planner's proposals", id="today.decisions"),
        Binding("y", "app.open_why", "Why school is hard", show=False,
                tooltip="The check-in, what it suggests, and signals from the records", id="today.why"),
        # The morning view scrolls without Tab: nothing on it takes focus by default.
        Binding("down", "scroll('down')", "Scroll down", show=False, id="today.scroll_down"),
        Binding("up", "scroll('up')", "Scroll up", show=False, id="today.scroll_up"),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False, id="today.page_down"),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, id="today.page_up"),
        Binding("home", "scroll('home')", "Top", show=False, id="today.top"),
        Binding("end", "scroll('end')", "Bottom", show=False, id="today.bottom"),
        Binding("S", "app.open_settings", "Planner settings", show=False, key_display="S",
                tooltip="Thresholds, plan dates and how many school days to lay out", id="today.settings"),
    ]

    plan: PlanView | None = None

    def compose(self) -> ComposeResult:
        self.plan = None
        student = self.student
        yield Header()
        with VerticalScroll(id="today"):
            if student is None:
                yield Static("No student yet. Press s to add one.", id="today-empty")
            else:
                self.title = f"Today for {student.name}"
                yield Static(escape(long_date(self.session.today)), id="today-date")
                yield Static(escape(school_day_sentence(student, self.session)), id="today-school-day")
                yield Static(escape(recorded_sentence(student, self.session)), id="today-recorded")
                yield OverdueRequests.for_student(self.session, student, id="today-overdue")
                step = student.ladder.current
                self.plan = plan_view(self.session, student)
                if step is None:
                    yield Static(
                        "No step is chosen yet. Press l to see the ladder.", id="today-no-step"
                    )
                    yield ProposalPanel(self.plan, id="today-proposal")
                else:
                    yield StepCard(student, step, title=self.card_title(student), id="today-step")
                    yield ProposalPanel(self.plan, id="today-proposal")
                    matched = matched_supports_line(self.plan, step)
                    if matched:
                        yield Static(Text(matched), id="today-matched")
                    recent = self.session.recent_attempts_at(student, step)
                    if recent:
                        yield Static("Last attempts at this step", classes="section-title")
                        table = AttemptsTable(recent, id="today-attempts")
                        table.can_focus = False
                        yield table
                    else:
                        yield Static(
                            "No attempts at this step yet.",
                            id="today-no-attempts",
                        )
        yield Footer(compact=True)

    def action_scroll(self, where: str) -> None:
        view = self.query_one("#today", VerticalScroll)
        getattr(view, f"scroll_{where}")()

    def card_title(self, student: Student) -> str:
        if is_school_day(student.calendar, self.session.today):
            return "Today's step"
        upcoming = next_school_day(student.calendar, self.session.today)
        return f"The step for {day_and_month(upcoming)}" if upcoming else "The current step"

    def action_record(self) -> None:
        student = self.student
        if student is None:
            return
        if student.ladder.current is None:
            self.notify("Choose a current step on the ladder first.", severity="warning")
            return

        today = self.session.attempts_on(student, self.session.today)
        from screens.record import RecordScreen

        self.app.push_screen(RecordScreen(self.session, student, today[-1] if today else None))

    def action_mark_day(self) -> None:
        self.mark_day(self.session.today)

    # --- the planner's proposal --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "override"):
            plan = self.plan
            if plan is None or plan.proposal.target_step_id is None:
                return False
            if action == "accept" and plan.decided is not None:
                return False  # decided today: a new proposal waits for tomorrow's records
        return True

    def _now(self) -> datetime:
        # The session's date with the wall clock's time, so decisions taken on one day
        # keep their order even when the app is told another date.
        return datetime.combine(self.session.today, datetime.now().time())

    @work(group="decide", exclusive=True, exit_on_error=False, description="taking the decision")
    async def action_accept(self) -> None:
        student, plan = self.student, self.plan
        if student is None or plan is None or not self.check_action("accept", ()):
            return
        from screens.modals.decide import AcceptModal, SplitModal

        proposal = plan.proposal
        if proposal.kind is ProposalKind.split_step and proposal.split is not None:
            dialog = SplitModal(student, proposal, self.session.today, now=self._now())
        else:
            # Read afresh: a barrier named on the school screen since this view was
            # drawn must be reused, not doubled.
            existing = None
            if proposal.barrier_tag:
                existing = reusable_barrier(self.session.store.all(Barrier, student.id), proposal.barrier_tag)
            dialog = AcceptModal(student, proposal, self.session.today, now=self._now(),
                                 offer_barrier=True, existing=existing)
        self.save_decision(await self.app.push_screen_wait(dialog))

    @work(group="decide", exclusive=True, exit_on_error=False, description="taking the decision")
    async def action_override(self) -> None:
        student, plan = self.student, self.plan
        if student is None or plan is None or not self.check_action("override", ()):
            return
        from screens.modals.decide import OverrideModal

        made = await self.app.push_screen_wait(
            OverrideModal(student, plan.proposal, self.session.today, now=self._now())
        )
        self.save_decision(made)

    def save_decision(self, made: DecisionMade | None) -> None:
        """The student, the decision (and a new barrier) in one write."""
        if made is None:
            return
        step = made.student.ladder.current
        summary = "Decision saved."
        if step is not None and step.id != made.decision.from_step_id:
            summary += f" The step is now '{step.title}'."
        elif step is not None:
            summary += f" '{step.title}' stays the step."
        if made.barrier is not None:
            known = self.session.store.get(Barrier, made.barrier.id) is not None
            summary += (f" Added to the barrier '{made.barrier.title}'." if known
                        else f" '{made.barrier.title}' is noted as a barrier.")
        self.app.saver.save(self, put=made.records, summary=summary)
