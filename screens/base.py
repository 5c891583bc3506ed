"""What the household screens share: the session, help text, saving and day marking."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.compose import compose
from textual.screen import Screen
from textual.widgets import Header

from screens.saving import ChangesNotSaved, ChangesSaved
from screens.session import Session, day_and_month
from screens.workers import ReportsFailures

if TYPE_CHECKING:
    from reintegrate.models import DayStatus, Student


class HouseholdScreen(ReportsFailures, Screen):
    """A full screen about the current student.

    Subclasses set HELP_TITLE and HELP (one short paragraph for the help modal) and
    implement `refresh_view`, which runs after every save and whenever the screen
    comes back to the top of the stack.
    """

    HELP_TITLE: ClassVar[str] = ""
    HELP: ClassVar[str] = ""

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._resumed_before = False

    @property
    def student(self) -> Student | None:
        return self.session.student()

    def refresh_view(self) -> None:
        """Show the records as they are now (by default, compose the screen again)."""
        self.refresh(recompose=True)

    async def recompose(self) -> None:
        """Compose again, keeping the header, then tell the new footer which keys work now.

        The header stays: when one mounts, it asks the screen to write its title later,
        so a header replaced by a second recompose straight after the first (a merge
        saved as the screen comes back, records from another home) would be asked
        for a title it no longer has the parts for, and Textual stops the app. The
        title itself is the screen's, set in `compose`; the header follows it.

        The footer shows keys only once the screen announces its bindings; one composed
        again after a save would otherwise stay blank until focus next moves, and keys
        that depend on the records (Accept) would not follow them.
        """
        kept = list(self.query_children(Header))
        if not kept or not self.is_attached:
            await super().recompose()
        else:
            async with self.batch():
                await self.query_children("*").exclude(".-textual-system").exclude("Header").remove()
                if self.is_attached:
                    fresh = [node for node in compose(self) if not isinstance(node, Header)]
                    await self.mount_all(fresh, after=kept[-1])
        self.refresh_bindings()

    def on_screen_resume(self) -> None:
        # The first resume follows compose: only a return to this screen needs a refresh.
        if self._resumed_before:
            self.refresh_view()
        self._resumed_before = True

    @on(ChangesSaved)
    def _saved(self, message: ChangesSaved) -> None:
        self.notify(message.summary, title="Saved")
        self.refresh_view()

    @on(ChangesNotSaved)
    def _not_saved(self, message: ChangesNotSaved) -> None:
        self.notify(message.reason, title="Not saved", severity="error", timeout=12)

    @work(group="mark-day", exclusive=True, exit_on_error=False, description="marking the day")
    async def mark_day(self, on: date, existing: DayStatus | None = None) -> None:
        """Ask what kind of day `on` was and save it, asking before replacing an attempt."""
        student = self.student
        if student is None:
            return
        if existing is None:
            existing = self.session.day_status_on(student, on)
        from reintegrate.models import Attempt, DayStatus
        from reintegrate.planner.schedule import marked_ahead
        from screens.modals.confirm import ConfirmModal  # with the dialog, not with Today
        from screens.modals.day_status import DayStatusModal

        status = await self.app.push_screen_wait(DayStatusModal(
            student.id, on, existing, calendar=student.calendar, today=self.session.today))
        if status is None:
            return
        delete: list[tuple[type, str]] = []
        attempts = self.session.attempts_on(student, status.on)
        if attempts:
            outcomes = ", ".join(a.outcome.label for a in attempts)
            replace = await self.app.push_screen_wait(
                ConfirmModal(
                    f"{day_and_month(status.on)} already has an attempt recorded "
                    f"({outcomes}). A day is either an attempt or a day without one. "
                    f"Replace the attempt with '{status.kind.label}'?",
                    yes="Replace",
                    title="Two records for one day",
                )
            )
            if not replace:
                self.notify("Nothing was changed.", title="Cancelled")
                return
            delete += [(Attempt, a.id) for a in attempts]
        other = self.session.day_status_on(student, status.on)
        if other is not None and other.id != status.id:
            delete.append((DayStatus, other.id))
        self.app.saver.save(
            self,
            put=[status],
            delete=delete,
            summary=f"{day_and_month(status.on)} — {status.kind.label}"
            + (f" ({marked_ahead(status.kind)})" if status.on > self.session.today else ""),
        )

    def add_suggested_support(self, suggested: str | None) -> None:
        """Add `suggested` (a support the app suggests for why school is hard) to the
        current step, in the app's words so that it counts as matched, and save; one
        carried out at home is kept at home for the child instead, from today."""
        student = self.student
        step = student.ladder.current if student is not None else None
        if student is None or step is None or not suggested:
            self.notify("There is no support to add: the step already has one that fits.",
                        title="Nothing to add")
            return
        from reintegrate.why.supports import is_home_side

        if is_home_side(suggested):
            self._keep_at_home(student, suggested)
            return
        from reintegrate.ladder import LadderError, add_support

        try:
            ladder = add_support(student.ladder, step.id, suggested)
        except LadderError as error:
            self.notify(str(error), title="Nothing to add")
            return
        updated = student.model_copy(update={"ladder": ladder})
        self.app.saver.save(self, put=[updated], summary=f"'{suggested}' added to '{step.title}'.")

    def _keep_at_home(self, student: Student, support: str) -> None:
        from reintegrate.models import home_supports_on
        from reintegrate.why.home import change_home_supports

        today = self.session.today
        kept = change_home_supports(student, [*home_supports_on(student, today), support], today, today)
        updated = student.model_copy(update={"home_supports": kept})
        self.app.saver.save(self, put=[updated],
                            summary=f"'{support}' is kept at home from today, for every step.")

    @work(group="home-supports", exclusive=True, exit_on_error=False, description="changing the supports at home")
    async def edit_home_supports(self) -> None:
        """The supports kept at home for the child: start and end them, then save."""
        student = self.student
        if student is None:
            return
        from reintegrate.why.home import home_changes
        from screens.modals.home_supports import HomeSupportsModal
        from screens.planning import plan_view

        profile = plan_view(self.session, student).profile
        leading = profile.leading if profile is not None else ()
        kept = await self.app.push_screen_wait(HomeSupportsModal(student, self.session.today, leading))
        if kept is None or kept == student.home_supports:
            return
        updated = student.model_copy(update={"home_supports": kept})
        said = home_changes(student.home_supports, kept)
        self.app.saver.save(self, put=[updated], summary=f"Supports at home saved. {said}".strip())
