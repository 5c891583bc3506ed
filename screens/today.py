"""The morning screen: the date, whether it is a school day, today's step, how it went lately.

Drawn from one `TodayView` (`screens.today_view`): worked out here from the records by
`screens.today_text.today_view`, or, on the first paint of `reintegrate`, in a
process of its own while this one started (`screens.launch`). Nothing here loads
the models before the first paint.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from screens.base import HouseholdScreen
from screens.today_keys import DEFAULT_KEYS, NO_STEP, NO_STUDENT, TODAY_HELP, with_keys, words
from screens.today_view import TodayView
from screens.widgets.lines import Line, Lines
from screens.widgets.overdue import OverdueRequests
from screens.widgets.plain import escape
from screens.widgets.proposal import ProposalPanel
from screens.widgets.step_card import StepCard

if TYPE_CHECKING:
    from reintegrate.planner.view import PlanView
    from screens.modals.decide import DecisionMade

# The record form and the decision dialogs are imported when first opened (the app
# warms them in a thread right after the first paint), so Today paints without them.


class TodayScreen(HouseholdScreen):
    """Today's step for the current student, and the last attempts at it."""

    CSS_PATH = "today.tcss"
    HELP_TITLE = "Today"
    HELP = words(TODAY_HELP)  # with the family's own keys once composed
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
        Binding("plus", "add_support", "Add support", show=False, key_display="+",
                tooltip="Add the first support suggested for why school is hard to the step",
                id="today.add_support"),
        Binding("H", "home_supports", "Supports at home", show=False, key_display="H",
                tooltip="Supports kept at home for the child, whatever the step: start or end them",
                id="today.home_supports"),
        Binding("S", "app.open_settings", "Planner settings", show=False, key_display="S",
                tooltip="Thresholds, plan dates and how many school days to lay out", id="today.settings"),
        Binding("T", "app.open_holidays", "School holidays", show=False, key_display="T",
                tooltip="The school's holidays, never counted as school days",
                id="today.holidays"),
    ]

    plan: PlanView | None = None
    view: TodayView | None = None

    def compose(self) -> ComposeResult:
        view = self.view = self._work_out_view()
        keys = self.word_keys()
        self.HELP = words(TODAY_HELP, keys)
        yield Header()
        # Nothing takes focus on Today: its own keys scroll it (`action_scroll`), and a
        # focused container would have every widget on it styled again before the first paint.
        with VerticalScroll(id="today", can_focus=False):
            if view is None:
                yield Static(escape(words(NO_STUDENT, keys)), id="today-empty")
            else:
                view = with_keys(view, keys)
                self.title = view.title
                yield Lines([Line("date", view.date_line, "bold"), Line("school-day", view.school_day),
                             Line("recorded", view.recorded, "muted")], id="today-head")
                if self.session.sync_line:  # something came in from another home (screens.syncing)
                    yield Static(escape(self.session.sync_line), id="today-sync")
                if view.overdue:
                    yield OverdueRequests(view.overdue, id="today-overdue")
                if not view.has_step:
                    yield Static(escape(words(NO_STEP, keys)), id="today-no-step")
                    yield ProposalPanel(view.proposal, id="today-proposal")
                else:
                    yield StepCard(view.step, title=view.card_title, home=view.home, id="today-step")
                    yield ProposalPanel(view.proposal, id="today-proposal")
                    yield Vertical(id="today-below")  # filled right after the first paint
        yield Footer(compact=True)

    def word_keys(self) -> dict[str, str]:
        """The key each of Today's words names, when the family's keymap.toml moved it:
        the first key it gives the binding, as the footer and the help show keys."""
        keymap = getattr(self.app, "keymap_file", None)
        chosen = keymap.keys if keymap is not None else {}
        return {binding_id: self.app.get_key_display(Binding(chosen[binding_id].split(",")[0], ""))
                for binding_id in DEFAULT_KEYS if binding_id in chosen}

    def on_mount(self) -> None:
        # Below the fold of an 80x24 terminal: added right after the first paint.
        self.call_after_refresh(self._add_below_the_fold)

    async def recompose(self) -> None:
        await super().recompose()
        self._add_below_the_fold()

    def _add_below_the_fold(self) -> None:
        """Fill `#today-below` once for each time the screen is composed."""
        view = self.view
        found = list(self.query("#today-below")) if self.is_attached else []
        below_the_fold = found[0] if found else None
        if view is None or below_the_fold is None or below_the_fold.children:
            return
        from screens.widgets.attempts import AttemptsTable

        below: list[Widget] = []
        if view.matched:
            below.append(Static(Text(with_keys(view, self.word_keys()).matched), id="today-matched"))
        if view.attempts:
            below.append(Static("Last attempts at this step", classes="section-title"))
            table = AttemptsTable(view.attempts, id="today-attempts")
            table.can_focus = False
            below.append(table)
        else:
            below.append(Static("No attempts at this step yet.", id="today-no-attempts"))
        below_the_fold.mount_all(below)

    def _work_out_view(self) -> TodayView | None:
        """The view worked out beside the app for its first paint while the store is
        not open yet; else from the records, with the plan kept for the decisions."""
        session = self.session
        if not session.opened and session.expects_first_view:
            self.plan = None
            return session.first_view  # None: the app is leaving (see `ReintegrateApp.on_mount`)
        from screens.planning import plan_view
        from screens.today_text import today_view

        student = self.student
        if student is None:
            self.plan = None
            return None
        self.plan = plan_view(session, student)
        return today_view(session, student, self.plan)

    def records_opened(self) -> None:
        """The store has opened after the first paint: work the view out from it (the
        same function, on the same file, under the same lock) and draw it again only
        if it says anything else."""
        shown = self.view
        if self._work_out_view() != shown:
            self.refresh_view()

    def _plan(self) -> PlanView | None:
        if self.plan is None and self.student is not None:
            self._work_out_view()
        return self.plan

    def action_scroll(self, where: str) -> None:
        view = self.query_one("#today", VerticalScroll)
        getattr(view, f"scroll_{where}")()

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
            # Decided (today, or an override still in force): a new proposal waits for
            # new records, so Accept is off; another step can still be chosen.
            view = self.view
            if view is None:
                return False
            return view.proposal.can_accept if action == "accept" else view.proposal.can_override
        return True

    def action_add_support(self) -> None:
        plan = self._plan()
        to_try = plan.proposal.supports_to_try if plan is not None else ()
        self.add_suggested_support(to_try[0].support if to_try else None)

    def action_home_supports(self) -> None:
        self.edit_home_supports()

    def _now(self) -> datetime:
        # The session's date with the wall clock's time, so decisions taken on one day
        # keep their order even when the app is told another date.
        from reintegrate.store.changes import moment_on

        return moment_on(self.session.today)

    @work(group="decide", exclusive=True, exit_on_error=False, description="taking the decision")
    async def action_accept(self) -> None:
        student, plan = self.student, self._plan()
        if student is None or plan is None or not self.check_action("accept", ()):
            return
        from reintegrate.contacts import reusable_barrier
        from reintegrate.models import Barrier, ProposalKind
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
        student, plan = self.student, self._plan()
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
            from reintegrate.models import Barrier

            known = self.session.store.get(Barrier, made.barrier.id) is not None
            summary += (f" Added to the barrier '{made.barrier.title}'." if known
                        else f" '{made.barrier.title}' is noted as a barrier.")
        self.app.saver.save(self, put=made.records, summary=summary)
