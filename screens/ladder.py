"""The ladder editor: the steps in order, and every way to reshape them.

Each change is a pure function from reintegrate.ladder applied to a working copy of
the student, shown at once, remembered for undo and saved in the background (the
app's saver writes one change at a time, in order). A change that moves the current
step also stores a Decision, so the plan's history stays complete.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from reintegrate import ladder as ops
from reintegrate.ladder import LadderError, LadderHistory, hints, step_stats
from reintegrate.models import Decision, Ladder, Step, Student
from reintegrate.planner import Proposal
from screens.base import HouseholdScreen
from screens.ladder_changes import plan_change
from screens.ladder_dialogs import LadderDialogs
from screens.planning import plan_view
from screens.saving import ChangesNotSaved, ChangesSaved
from screens.session import Session
from screens.widgets.ladder_table import CURRENT_MARK, LadderList, step_detail
from screens.widgets.plain import escape

__all__ = ["CURRENT_MARK", "LadderList", "LadderScreen"]

# Buttons for the mouse: (id, label, action). Keys do the same; see BINDINGS.
BUTTONS = [
    ("add", "+ Add", "add"),
    ("edit", "Edit", "edit"),
    ("up", "▲ Up", "move(-1)"),
    ("down", "▼ Down", "move(1)"),
    ("split", "Split", "split"),
    ("retire", "Retire", "retire_or_restore"),
    ("current", "Make current", "make_current"),
    ("undo", "Undo", "undo"),
]


class LadderScreen(LadderDialogs, HouseholdScreen):
    """The steps from easiest (top) to hardest (bottom), the highlighted one in full,
    and gentle suggestions about the ladder's shape."""

    CSS_PATH = "ladder.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HELP_TITLE = "Ladder"
    HELP = (
        "The ladder is the list of small steps back into school, easiest at the top. "
        "'▶ now' marks the current step and '✓ done' the steps already moved past. Add "
        "a step with a, change one with e or Enter, move it with Shift+↑/↓ (or [ and ]), "
        "split one that is too big a jump with s, and retire one that no longer fits with "
        "x: it is kept, so past attempts still make sense (v shows retired steps, r "
        "restores one). c makes the highlighted step the current one, which is noted in "
        "the plan's history. t starts from a ready-made template or adds its steps. u "
        "undoes the last change. Every change is saved at once. The suggestions at the "
        "bottom are only suggestions; o says which supports are already arranged."
    )
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a step after the highlighted one", id="ladder.add"),
        Binding("e", "edit", "Edit", tooltip="Change the highlighted step", id="ladder.edit"),
        Binding("shift+up,left_square_bracket", "move(-1)", "Move up (easier)", show=False,
                key_display="⇧↑", tooltip="Swap the step with the one above it (Shift+↑ or [)",
                id="ladder.move_up"),
        Binding("shift+down,right_square_bracket", "move(1)", "Move down (harder)", show=False,
                key_display="⇧↓", tooltip="Swap the step with the one below it (Shift+↓ or ])",
                id="ladder.move_down"),
        Binding("s", "split", "Split", tooltip="Split the step into two smaller ones", id="ladder.split"),
        Binding("x,delete", "retire", "Retire", tooltip="Take the step off the ladder (kept for history)",
                id="ladder.retire"),
        Binding("r", "restore", "Restore a retired step", show=False,
                tooltip="Put the highlighted retired step back in its old place", id="ladder.restore"),
        Binding("v", "toggle_retired", "Show or hide retired steps", show=False,
                tooltip="Show or hide the retired steps (kept so past attempts still make sense)",
                id="ladder.show_retired"),
        Binding("c", "make_current", "Make it the current step", show=False,
                tooltip="Practise the highlighted step from now on (kept in the plan's history)",
                id="ladder.current"),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last change", id="ladder.undo"),
        Binding("t", "templates", "Templates", show=False, tooltip="Start from a template or add its steps",
                id="ladder.templates"),
        Binding("o", "supports", "Supports arranged", show=False,
                tooltip="Tick the supports that are in place now", id="ladder.supports"),
        Binding("escape", "back", "Back", tooltip="Back to today", id="ladder.back"),
    ]

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(session, **kwargs)
        student = session.student()
        self.working: Student | None = student.model_copy(deep=True) if student else None
        self.history = LadderHistory()
        # The decision stored with each undoable change (None for most), newest last:
        # undoing a move of the current step takes its Decision back too.
        self.undo_decisions: list[str | None] = []
        # Saves asked for and not answered yet: until then the working copy is newer
        # than the file, and leaving waits.
        self.unsaved = 0
        self.show_retired = False
        self.leaving = False

    # --- showing ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="ladder"):
            yield Static("", id="ladder-intro")
            if self.working is not None:
                yield LadderList(self.working, id="ladder-list")
            with Horizontal(id="ladder-buttons"):
                for button_id, label, _ in BUTTONS:
                    button = Button(label, id=f"ladder-{button_id}", compact=True)
                    button.can_focus = False  # the mouse helper; focus stays on the list
                    yield button
            yield Static("", id="ladder-detail")
            with VerticalScroll(id="ladder-hints") as box:
                box.border_title = "Suggestions, never required"
                yield Static("", id="ladder-hints-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # Breakpoints follow resizes; a screen pushed right after another may not get one.
        short = self.app.size.height < 32
        self.update_classes({"-short": short, "-tall": not short})
        self.show()

    def refresh_view(self) -> None:
        # Between saves the file is the truth (another screen may have changed the
        # student); while a change is being saved, the working copy is newer than the file.
        if not self.unsaved:
            student = self.session.student()
            if student is None or self.working is None or student.id != self.working.id:
                self.history.clear()
                self.undo_decisions.clear()
            self.working = student.model_copy(deep=True) if student else None
        self.show()

    def show(self, *, select_id: str | None = None) -> None:
        student = self.working
        if student is None:
            self.query_one("#ladder-intro", Static).update("There is no student yet.")
            return
        if not self.query(LadderList):  # there was no student when the screen was built
            self.refresh(recompose=True)
            self.call_after_refresh(self.show)
            return
        self.title = f"Ladder for {student.name}"
        ladder = student.ladder
        attempts = self.session.store.attempts(student.id)
        stats = step_stats(ladder, attempts)
        self.query_one(LadderList).show_student(student, stats, show_retired=self.show_retired,
                                                select_id=select_id)
        self.query_one("#ladder-intro", Static).update(escape(self.intro(ladder)))
        self.query_one("#ladder-retire", Button).label = "Restore" if self._selected_retired() else "Retire"
        found = hints(ladder, set(student.arranged_supports) if student.arranged_supports is not None else None,
                      child_name=student.name)
        box = self.query_one("#ladder-hints", VerticalScroll)
        box.display = bool(found)
        box.border_title = f"Suggestions, never required ({len(found)})"
        self.query_one("#ladder-hints-text", Static).update(escape("\n".join(f"• {h}" for h in found)))
        self.show_detail()

    def intro(self, ladder: Ladder) -> str:
        active, retired = len(ladder.active), len(ladder.steps) - len(ladder.active)
        if not active:
            return "No steps yet. Press a to add the first, easiest step, or t for a template."
        words = f"{active} step{'s' if active != 1 else ''}. ▶ now: current step; ✓ done: moved past."
        if retired:
            words += f" {retired} retired (v {'hides' if self.show_retired else 'shows'})."
        return words

    def show_detail(self) -> None:
        student, step = self.working, self.selected
        detail = self.query_one("#ladder-detail", Static)
        if student is None or step is None:
            detail.update("Add the first step with a: the easiest thing that still counts as a step.")
            return
        stats = self.query_one(LadderList).stats.get(step.id)
        detail.update(escape("\n".join(step_detail(student, step, stats))))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()
        self.query_one("#ladder-retire", Button).label = "Restore" if self._selected_retired() else "Retire"

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#ladder-buttons Button")
    async def _button(self, event: Button.Pressed) -> None:
        action = {f"ladder-{b}": a for b, _, a in BUTTONS}[str(event.button.id)]
        await self.run_action(action)

    @property
    def selected(self) -> Step | None:
        tables = self.query(LadderList)
        return tables.first().selected_step if tables else None

    def _selected_retired(self) -> bool:
        step = self.selected
        return step is not None and step.retired

    # --- applying a change --------------------------------------------------------------

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
    ) -> bool:
        """Make `change` to the working ladder, remember it for undo, show it and save it.

        A LadderError becomes a calm notice and nothing changes. When the current step
        moves (and `record_move`), a Decision is stored with the student.
        """
        student = self.working
        if student is None:
            return False
        before = student.ladder
        try:
            after = change(before)
        except LadderError as error:
            self.notify(" ".join(error.sentences), title="Not changed", severity="warning")
            return False
        if after == before:
            return False
        decision = None
        if record_move and before.current_step_id != after.current_step_id:
            decision = plan_change(student, before, after, proposal or self.proposal(), self.session.today, why)
        self.history.record(before, after, label)
        self.undo_decisions.append(decision.id if decision else None)
        del self.undo_decisions[: -len(self.history)]
        self.working = student.model_copy(update={"ladder": after})
        if decision is not None:
            now = f"'{decision.chosen_step_title}' is now the current step."
            summary += ("" if now in summary else f" {now}") + " Noted in the plan's history."
        self.save(summary, put=[decision] if decision else [])
        self.show(select_id=select(after) if select else None)
        return True

    def proposal(self) -> Proposal:
        """What the planner proposes right now, kept with a move made here."""
        student = self.working
        assert student is not None
        return plan_view(self.session, student).proposal

    def save(self, summary: str, *, put: Sequence[Decision] = (), delete: Sequence[str] = ()) -> None:
        """Save the working copy, with decisions to store and decision ids to take back.

        The saver writes after every change made before, so a decision is always written
        before it can be taken back, and the newest ladder is the one that stays.
        """
        assert self.working is not None
        self.unsaved += 1
        self.app.saver.save(self, put=[self.working, *put], delete=[(Decision, d) for d in delete],
                            summary=summary)

    @on(ChangesSaved)
    def _ladder_saved(self, message: ChangesSaved) -> None:
        message.prevent_default()  # the base handler would reload before the last answer
        self.notify(message.summary, title="Saved")
        self.unsaved -= 1
        if not self.unsaved:
            if self.leaving and self.app.screen is self:
                self.app.pop_screen()
                return
            self.leaving = False
            self.refresh_view()

    def action_back(self) -> None:
        """Back to the screen before, once every change is on disk.

        Today, underneath, shows the file as it is when it comes back: it waits for the
        last answer, so that it never shows the ladder as it was before these changes.
        """
        if not self.unsaved:
            self.app.pop_screen()
        else:
            self.leaving = True

    @on(ChangesNotSaved)
    def _ladder_not_saved(self, message: ChangesNotSaved) -> None:
        message.prevent_default()
        if not message.skipped:  # the failure before it was said; once is enough
            self.notify(message.reason, title="Not saved", severity="error", timeout=12)
        # What is on screen was not written (nor anything changed after it, which the
        # saver does not try): go back to the file as it is, once every answer is in.
        self.unsaved -= 1
        self.history.clear()
        self.undo_decisions.clear()
        self.leaving = False  # stay, so the family sees what was not saved
        self.refresh_view()

    # --- the actions ----------------------------------------------------------------------

    def _need_step(self) -> Step | None:
        step = self.selected
        if step is None:
            self.notify("There are no steps yet. Press a to add one.", severity="warning")
        return step

    def action_move(self, delta: int) -> None:
        step = self._need_step()
        if step is None:
            return
        way = "up (easier)" if delta < 0 else "down (harder)"
        self.apply(
            lambda ladder: ops.move_step(ladder, step.id, delta),
            label=f"Move '{step.title}' {way}",
            summary=f"Moved '{step.title}' {way}.",
            select=lambda _: step.id,
        )

    def action_retire(self) -> None:
        step = self._need_step()
        if step is None:
            return
        if step.retired:
            self.notify(f"'{step.title}' is already retired; r restores it.")
            return
        self.apply(
            lambda ladder: ops.retire_step(ladder, step.id),
            label=f"Retire '{step.title}'",
            summary=f"Retired '{step.title}'; it is kept for history (v shows retired steps).",
            why=f"'{step.title}' was retired, so the step next to it became the current one.",
        )

    def action_restore(self) -> None:
        step = self.selected
        if step is None or not step.retired:
            retired = self.working is not None and any(s.retired for s in self.working.ladder.steps)
            self.notify(
                "Highlight a retired step to restore it." if self.show_retired and retired
                else "Press v to show the retired steps, then highlight one and press r." if retired
                else "There are no retired steps to restore.",
                severity="warning",
            )
            return
        self.apply(
            lambda ladder: ops.restore_step(ladder, step.id),
            label=f"Restore '{step.title}'",
            summary=f"Restored '{step.title}' to its old place.",
            select=lambda _: step.id,
        )

    def action_retire_or_restore(self) -> None:
        if self._selected_retired():
            self.action_restore()
        else:
            self.action_retire()

    def action_toggle_retired(self) -> None:
        retired = self.working is not None and any(s.retired for s in self.working.ladder.steps)
        if not retired and not self.show_retired:
            self.notify("There are no retired steps: every step is still on the ladder.")
            return
        self.show_retired = not self.show_retired
        step = self.selected
        self.show(select_id=step.id if step else None)

    def action_undo(self) -> None:
        if not self.history.can_undo or self.working is None:
            self.notify("There is nothing to undo.")
            return
        label = self.history.undo_label or "the last change"
        before = self.history.undo()
        decision = self.undo_decisions.pop() if self.undo_decisions else None
        step = self.selected
        self.working = self.working.model_copy(update={"ladder": before})
        summary = f"Undone: {label}."
        if decision is not None:
            summary += " Its note in the plan's history is taken back too."
        self.save(summary, delete=[decision] if decision else [])
        self.show(select_id=step.id if step and before.step(step.id) else None)
