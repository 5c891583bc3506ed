"""The ladder editor's changes that ask something first: a form, a template, a reason.

A mixin of LadderScreen, kept apart so that each module reads in one sitting. Every
flow ends in `LadderScreen.apply` (or, for supports, a plain save), like the keys that
change the ladder at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import work

from reintegrate import ladder as ops
from reintegrate.ladder import LadderError
from reintegrate.ladder.templates import list_templates
from reintegrate.models import Decision, Ladder, Step, Student
from reintegrate.planner import Proposal
from screens.ladder_changes import supports_in_use
from screens.modals.confirm import ConfirmModal
from screens.modals.current_step import CurrentStepModal
from screens.modals.step_form import StepFormModal
from screens.modals.supports import SupportsModal
from screens.modals.template_pick import TemplatePickModal
from screens.session import step_position
from screens.workers import ReportsFailures


def step_fields(step: Step) -> dict:
    """A step's editable fields, as edit_step takes them."""
    return step.model_dump(exclude={"id", "retired"})


class LadderDialogs(ReportsFailures):
    """add, edit, split, make current, templates and supports: the flows with a dialog.

    The dialogs run in workers, so their failures are reported. What they use of the
    ladder screen is declared below for type checkers only, so that this module never
    imports screens.ladder (which imports this one) and nothing here shadows the screen.
    """

    if TYPE_CHECKING:
        working: Student | None

        @property
        def selected(self) -> Step | None: ...

        def apply(
            self,
            change: Callable[[Ladder], Ladder],
            *,
            label: str,
            summary: str,
            select: Callable[[Ladder], str | None] | None = None,
            why: str = "",
            record_move: bool = True,
            proposal: Proposal | None = None,
        ) -> bool: ...

        def proposal(self) -> Proposal: ...

        def save(self, summary: str, *, put: Sequence[Decision] = (), delete: Sequence[str] = ()) -> None: ...

        def show(self, *, select_id: str | None = None) -> None: ...

        def _need_step(self) -> Step | None: ...

    def _suggested_supports(self, step: Step) -> list[str]:
        """The supports the app suggests for why school is hard, when `step` is the current
        one; those carried out at home are not a step's (H on Today keeps them at home)."""
        if self.working is None or self.working.ladder.current_step_id != step.id:
            return []
        from reintegrate.why.supports import is_home_side

        return list(dict.fromkeys(t.support for t in self.proposal().supports_to_try if not is_home_side(t.support)))

    @work(group="ladder-form", exclusive=True, exit_on_error=False, description="adding a step")
    async def action_add(self) -> None:
        await self.add_flow()

    async def add_flow(self, prefill: Step | None = None, heading: str = "Add a step") -> None:
        """Ask for a step (blank, or prefilled from a template) and add it after the highlighted one."""
        if self.working is None:
            return
        after = self.selected
        where = f"It goes after '{after.title}'." if after else "It will be the first step."
        step = await self.app.push_screen_wait(
            StepFormModal(prefill, heading=heading, note=where, child_name=self.working.name)
        )
        if step is None:
            return
        self.apply(
            lambda ladder: ops.add_step(ladder, step, after_id=after.id if after else None),
            label=f"Add '{step.title}'",
            summary=f"Added '{step.title}'.",
            select=lambda _: step.id,
        )

    @work(group="ladder-form", exclusive=True, exit_on_error=False, description="changing the step")
    async def action_edit(self) -> None:
        step = self._need_step()
        if step is None or self.working is None:
            return
        edited = await self.app.push_screen_wait(
            StepFormModal(step, heading=f"Edit: {step.title}", child_name=self.working.name,
                          note="Attempts already recorded keep the title and minutes they were made with.",
                          suggested=self._suggested_supports(step))
        )
        if edited is None:
            return
        self.apply(
            lambda ladder: ops.edit_step(ladder, step.id, **step_fields(edited)),
            label=f"Edit '{step.title}'",
            summary=f"Changed '{edited.title}'.",
            select=lambda _: step.id,
        )

    @work(group="ladder-form", exclusive=True, exit_on_error=False, description="splitting the step")
    async def action_split(self) -> None:
        step = self._need_step()
        if step is None or self.working is None:
            return
        try:
            split, first, second = ops.split_step(self.working.ladder, step.id)
        except LadderError as error:
            self.notify(" ".join(error.sentences), title="Not changed", severity="warning")
            return
        parts = []
        for number, part in enumerate((first, second), start=1):
            edited = await self.app.push_screen_wait(
                StepFormModal(part, heading=f"Split '{step.title}': part {number} of 2",
                              child_name=self.working.name,
                              note=("Both parts start as copies with half the minutes each; change "
                                    "them so each is a smaller move. The original is retired, not lost."))
            )
            if edited is None:
                self.notify("The step was not split.", title="Cancelled")
                return
            parts.append(edited)

        split = ops.edit_step(split, first.id, **step_fields(parts[0]))
        split = ops.edit_step(split, second.id, **step_fields(parts[1]))
        # A split reshapes the same rung rather than moving between rungs: no Decision.
        # The forms are modal, so the ladder cannot have changed while they were open.
        self.apply(lambda _: split, label=f"Split '{step.title}'", record_move=False,
                   summary=f"Split '{step.title}' into two smaller steps.",
                   select=lambda _: first.id)

    @work(group="ladder-form", exclusive=True, exit_on_error=False, description="choosing the current step")
    async def action_make_current(self) -> None:
        step = self._need_step()
        student = self.working
        if step is None or student is None:
            return
        current = student.ladder.current
        if current is not None and current.id == step.id:
            self.notify(f"'{step.title}' is already the current step.")
            return
        if step.retired:
            self.notify(f"'{step.title}' is retired. Restore it first (r) to make it current.",
                        severity="warning")
            return
        proposal = self.proposal()

        def where(s: Step) -> str:
            return step_position(student, s).lower()

        was = f" instead of '{current.title}' ({where(current)})" if current else ""
        why = await self.app.push_screen_wait(CurrentStepModal(
            f"From now on the step to practise will be '{step.title}' ({where(step)}){was}.",
            f"The planner's proposal at the moment: {proposal.headline}",
        ))
        if why is None:
            return
        self.apply(
            lambda ladder: ops.set_current(ladder, step.id),
            label=f"Make '{step.title}' current",
            summary=f"'{step.title}' is now the current step.",
            select=lambda _: step.id,
            why=why,
            proposal=proposal,
        )

    @work(group="ladder-form", exclusive=True, exit_on_error=False, description="using a template")
    async def action_templates(self) -> None:
        student = self.working
        if student is None:
            return
        in_use = bool(student.ladder.active)
        choice = await self.app.push_screen_wait(TemplatePickModal(list_templates(), ladder_in_use=in_use))
        if choice is None:
            return
        template = choice.template
        if choice.mode == "copy":
            source = template.steps[choice.step_index or 0]
            await self.add_flow(source.to_step(), f"Copy from the template: {source.title}")
            return
        if choice.mode == "append" or not in_use:
            start = not in_use
            self.apply(
                lambda ladder: ops.append_template(ladder, template),
                label=f"{'Start from' if start else 'Add the steps of'} '{template.name}'",
                summary=f"{'Started the ladder from' if start else 'Added the steps of'} '{template.name}'.",
            )
            return
        count = len(student.ladder.active)
        if not await self.app.push_screen_wait(ConfirmModal(
            f"Start again from '{template.name}'? The {count} steps on the ladder now are "
            "retired (kept, so past attempts still make sense) and the template's steps take "
            "their place; its first step becomes the current one. u undoes this.",
            yes="Start again", title="Start again from a template",
        )):
            return

        def start_again(ladder: Ladder) -> Ladder:
            old = [s.id for s in ladder.active]
            new = ops.append_template(ladder, template)
            new = ops.set_current(new, new.active[len(old)].id)
            for step_id in old:
                new = ops.retire_step(new, step_id)
            return new

        self.apply(start_again, label=f"Start again from '{template.name}'",
                   summary=f"Started again from '{template.name}'.",
                   why=f"the ladder was started again from the template '{template.name}'.")

    @work(group="ladder-form", exclusive=True, exit_on_error=False, description="noting the supports arranged")
    async def action_supports(self) -> None:
        student = self.working
        if student is None:
            return
        ticked = await self.app.push_screen_wait(
            SupportsModal(supports_in_use(student.ladder), student.arranged_supports or [])
        )
        if ticked is None:
            return
        self.working = student.model_copy(update={"arranged_supports": ticked})
        words = ", ".join(ticked) if ticked else "none"
        self.save(f"Supports arranged: {words}.")
        step = self.selected
        self.show(select_id=step.id if step else None)
