"""Deciding on a proposal: accept it, take the in-between step it offers, or choose
another step and say why.

Each dialog works the decision out with `planner.apply_decision` and dismisses with
a `DecisionMade` (the student as it is afterwards, the Decision, and a barrier to
open if one was asked for), or None when cancelled. Saving is the caller's job: the
student and the decision go to the store in one write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from reintegrate.contacts import barrier_from_trigger, barrier_with_evidence
from reintegrate.models import (
    COMMON_SUPPORTS,
    Barrier,
    BarrierStatus,
    Decision,
    ProposalKind,
    Step,
    Student,
    plain_errors,
)
from reintegrate.planner import Proposal, apply_decision
from reintegrate.why.supports import is_home_side
from screens.modals.unsaved import AsksBeforeLeaving
from screens.planning import MOVING_KINDS, kind_label
from screens.widgets.fields import FormInput, TickBox
from screens.widgets.plain import escape
from screens.widgets.tags import TagInput


@dataclass(frozen=True)
class DecisionMade:
    student: Student
    decision: Decision
    barrier: Barrier | None = None

    @property
    def records(self) -> list:
        """What to save, in one write."""
        return [self.student, self.decision, *([self.barrier] if self.barrier else [])]


def accept_sentence(student: Student, proposal: Proposal) -> str:
    """What accepting changes, said before it happens."""
    current = student.ladder.current
    target = student.ladder.step(proposal.target_step_id) if proposal.target_step_id else None
    if target is None:
        return "Accepting records that you followed the proposal."
    if current is None or target.id != current.id:
        return f"The current step becomes '{target.title}', starting with the next attempt."
    if proposal.kind is ProposalKind.adjust_supports and proposal.supports_to_try:
        if all(is_home_side(t.support) for t in proposal.supports_to_try):
            return (f"'{target.title}' stays the current step; the supports you tick are kept at home "
                    "from today, for every step.")
        return f"'{target.title}' stays the current step, with the supports you tick added to it."
    return f"'{target.title}' stays the current step; the decision is kept in the plan's history."


def split_place(student: Student, proposal: Proposal) -> str:
    """Where the in-between step goes on the ladder, in words."""
    active = student.ladder.active
    ids = [s.id for s in active]
    if proposal.target_step_id not in ids:
        return "It becomes the current step."
    at = ids.index(proposal.target_step_id)
    harder = f"'{active[at].title}'"
    if at == 0:
        return f"It goes before {harder}, as the new first step, and becomes the current step."
    return f"It goes between '{active[at - 1].title}' and {harder}, and becomes the current step."


def show_error(screen: ModalScreen, selector: str, sentences: list[str]) -> None:
    target = screen.query_one(selector, Static)
    target.update(escape(" ".join(sentences)))
    target.set_class(bool(sentences), "shown")


class AcceptModal(ModalScreen[DecisionMade | None]):
    """Accept the proposal as it stands; for a trigger, also note it as a barrier; for a
    change of supports, tick the suggested supports to add to the step."""

    CSS_PATH = ["modals.tcss", "decide.tcss"]
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="accept.cancel"),
        Binding("y", "accept", "Accept", show=False, id="accept.yes"),
    ]

    def __init__(self, student: Student, proposal: Proposal, today: date, *,
                 offer_barrier: bool = False, now: datetime | None = None,
                 existing: Barrier | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.student = student
        self.proposal = proposal
        self.today = today
        self.offer_barrier = offer_barrier and bool(proposal.barrier_tag)
        # A barrier already noted for this trigger: offered for reuse, never doubled.
        self.existing = existing if self.offer_barrier else None
        self.now = now
        # A proposal to change supports: the matched supports it suggests, to tick.
        adjusting = proposal.kind is ProposalKind.adjust_supports
        self.supports = list(dict.fromkeys(t.support for t in proposal.supports_to_try)) if adjusting else []
        # The home side of the plan (planner.home_side): its trigger is the family's to tackle.
        self.at_home = bool(self.supports) and all(is_home_side(s) for s in self.supports)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="accept-dialog") as dialog:
            dialog.border_title = f"Accept: {kind_label(self.proposal.kind).lower()}"
            dialog.border_subtitle = "y or Enter accepts · Escape cancels"
            yield Static(escape(self.proposal.headline), id="accept-headline")
            yield Static(escape(accept_sentence(self.student, self.proposal)), id="accept-effect")
            if self.existing is not None:
                again = " (reopened)" if self.existing.status is BarrierStatus.resolved else ""
                # What home offers is the family's to tackle: added to a barrier the school
                # owns only when the family ticks it.
                school_owned = self.at_home and self.existing.owner == "school"
                yield TickBox(Content(f"Add this to the barrier already noted, '{self.existing.title}'{again}"),
                              value=not school_owned, id="accept-barrier")
            elif self.offer_barrier and self.at_home:
                # Its workaround: the supports ticked below.
                yield TickBox(Content(f"Also note '{self.proposal.barrier_tag}' as a barrier to tackle at home"),
                              value=True, id="accept-barrier")
            elif self.offer_barrier:
                yield TickBox(Content(f"Also note '{self.proposal.barrier_tag}' as a barrier to tackle with the school"),
                              value=True, id="accept-barrier")
            for number, support in enumerate(self.supports):
                label = f"Keep '{support}' at home" if is_home_side(support) else f"Add '{support}' to the step"
                yield TickBox(Content(label), value=number == 0,
                              id=f"accept-support-{number}", classes="accept-support")
            yield Static("", id="accept-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Accept (y)", id="accept", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#accept", Button).focus()

    @on(Button.Pressed, "#accept")
    def action_accept(self) -> None:
        try:
            ticked = [support for number, support in enumerate(self.supports)
                      if self.query_one(f"#accept-support-{number}", TickBox).value]
            student, decision = apply_decision(self.student, self.proposal, accepted=True,
                                               today=self.today, now=self.now, supports_added=ticked)
        except (ValueError, ValidationError) as error:
            # The ladder changed under the proposal: say so rather than guess.
            sentences = plain_errors(error) if isinstance(error, ValidationError) else [str(error)]
            show_error(self, "#accept-error", sentences)
            return
        barrier = None
        if self.existing is not None and self.query_one("#accept-barrier", TickBox).value:
            barrier = barrier_with_evidence(self.existing, self.today, self.proposal.reasons)
        elif self.offer_barrier and self.query_one("#accept-barrier", TickBox).value:
            workaround = ("At home: " + "; ".join(ticked) + ".") if self.at_home and ticked else ""
            barrier = barrier_from_trigger(self.student.id, self.proposal.barrier_tag or "", self.today,
                                           evidence=self.proposal.reasons, workaround=workaround)
        self.dismiss(DecisionMade(student, decision, barrier))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class OverrideModal(AsksBeforeLeaving, ModalScreen[DecisionMade | None]):
    """Choose another step than the one proposed (or keep the current one) and say why."""

    CSS_PATH = ["modals.tcss", "decide.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="override.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="override.cancel"),
    ]

    def __init__(self, student: Student, proposal: Proposal, today: date, *, now: datetime | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.student = student
        self.proposal = proposal
        self.today = today
        self.now = now

    def _options(self) -> list[Option]:
        current = self.student.ladder.current_step_id
        options = []
        for number, step in enumerate(self.student.ladder.active, start=1):
            marks = []
            if step.id == current:
                marks.append("now")
            if step.id == self.proposal.target_step_id and step.id != current:
                marks.append("proposed")
            mark = f"  ({', '.join(marks)})" if marks else ""
            options.append(Option(escape(f"{number}. {step.title} · {step.planned_minutes} min{mark}"), id=step.id))
        return options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="override-dialog") as dialog:
            dialog.border_title = "Choose another step"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            yield Static(escape(f"Proposed: {self.proposal.headline}"), id="override-proposed")
            yield Label("Which step from now on (arrows, then Tab):", classes="form-heading")
            yield OptionList(*self._options(), id="override-steps", compact=True)
            yield Static("", id="override-chosen")
            yield Static("", id="override-step-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Why", classes="form-label")
                yield FormInput(id="override-note", compact=True,
                                placeholder="required, e.g. the school trip is this week")
            yield Static("", id="override-note-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        steps = self.query_one("#override-steps", OptionList)
        current = self.student.ladder.current_step_id
        if current is not None:
            steps.highlighted = steps.get_option_index(current)
        steps.focus()

    @property
    def chosen_step_id(self) -> str | None:
        steps = self.query_one("#override-steps", OptionList)
        if steps.highlighted is None:
            return None
        return steps.get_option_at_index(steps.highlighted).id

    @on(OptionList.OptionHighlighted, "#override-steps")
    def _step_highlighted(self) -> None:
        # The highlight is a colour; the choice is also said in words.
        step = self.student.ladder.step(self.chosen_step_id or "")
        if step is None:
            return
        keeps = " (keeps the current step)" if step.id == self.student.ladder.current_step_id else ""
        self.query_one("#override-chosen", Static).update(escape(f"Chosen: '{step.title}'{keeps}"))

    @on(OptionList.OptionSelected, "#override-steps")
    def _step_chosen(self) -> None:
        self.query_one("#override-note", FormInput).focus()

    @on(FormInput.Submitted, "#override-note")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        show_error(self, "#override-step-error", [])
        show_error(self, "#override-note-error", [])
        chosen = self.chosen_step_id
        proposal = self.proposal
        if chosen is None:
            show_error(self, "#override-step-error", ["Choose the step to go on with."])
            return
        if (proposal.kind in MOVING_KINDS and chosen == proposal.target_step_id
                and chosen != self.student.ladder.current_step_id):
            show_error(self, "#override-step-error", [
                "That is the step the proposal suggests: to follow it, press Escape and accept the proposal."
            ])
            return
        note = self.query_one("#override-note", FormInput).value
        try:
            student, decision = apply_decision(self.student, proposal, accepted=False, chosen_step_id=chosen,
                                               note=note, today=self.today, now=self.now)
        except ValidationError as error:
            show_error(self, "#override-note-error", plain_errors(error, Decision))
            self.query_one("#override-note", FormInput).focus()
            return
        except ValueError as error:
            show_error(self, "#override-step-error", [str(error)])
            return
        self.dismiss(DecisionMade(student, decision))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()


class SplitModal(AsksBeforeLeaving, ModalScreen[DecisionMade | None]):
    """The in-between step, prefilled and editable: add it to the ladder, or say why not."""

    CSS_PATH = ["modals.tcss", "decide.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "accept", "Add the step", id="split.accept", priority=True),
        Binding("ctrl+r", "reject", "Not this step", id="split.reject", priority=True),
        Binding("escape", "cancel", "Cancel", id="split.cancel"),
        # As in every accept dialog: `y` (or Enter on the focused button) accepts. Focus
        # starts on that button, so no single key silently replaces the prefilled title;
        # in a field, `y` is typed as text.
        Binding("y", "accept", "Add the step", show=False, id="split.yes"),
        Binding("e", "edit", "Edit it first", show=False, id="split.edit"),
    ]

    def __init__(self, student: Student, proposal: Proposal, today: date, *, now: datetime | None = None) -> None:
        super().__init__(classes="dialog-screen")
        if proposal.split is None:
            raise ValueError("This proposal has no in-between step.")
        self.student = student
        self.proposal = proposal
        self.split: Step = proposal.split
        self.today = today
        self.now = now

    def compose(self) -> ComposeResult:
        split = self.split
        where = f" {split_place(self.student, self.proposal)}"
        with Vertical(classes="dialog", id="split-dialog") as dialog:
            dialog.border_title = "An in-between step"
            dialog.border_subtitle = "y or Enter adds it · e edits · Ctrl+R not this one · Esc cancels"
            with VerticalScroll(id="split-form"):
                yield Static(escape(f"y adds it as it is; e edits it first (Ctrl+S then adds it).{where}"),
                             id="split-intro")
                yield from self._row("Title", FormInput(split.title, id="split-title", compact=True), "title")
                yield from self._row("Minutes", FormInput(str(split.planned_minutes), id="split-minutes",
                                                          compact=True, restrict=r"\d{0,3}"), "minutes")
                yield from self._row("Place", FormInput(split.place, id="split-place", compact=True), "place")
                yield from self._row("Supports", TagInput(COMMON_SUPPORTS, split.supports, id="split-supports",
                                                          compact=True), "supports")
                yield from self._row("If not, why", FormInput(id="split-note", compact=True,
                                                              placeholder="only needed to turn it down"), "note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add it (y)", id="accept", variant="primary")
                yield Button("Not this (Ctrl+R)", id="reject")
                yield Button("Cancel", id="cancel")

    def _row(self, label: str, field, slot: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield field
        yield Static("", id=f"split-{slot}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#accept", Button).focus()

    def action_edit(self) -> None:
        self.query_one("#split-title", FormInput).focus()

    def _clear(self) -> None:
        for slot in ("title", "minutes", "place", "supports", "note"):
            show_error(self, f"#split-{slot}-error", [])

    def edited_step(self) -> Step:
        """The step as the form has it; raises ValidationError naming the fields to fix."""
        data = self.split.model_dump()
        data.update(
            title=self.query_one("#split-title", FormInput).value,
            planned_minutes=self.query_one("#split-minutes", FormInput).value.strip() or None,
            place=self.query_one("#split-place", FormInput).value,
            supports=self.query_one("#split-supports", TagInput).tags,
        )
        return Step.model_validate(data)

    @on(Button.Pressed, "#accept")
    def action_accept(self) -> None:
        self._clear()
        try:
            step = self.edited_step()
        except ValidationError as error:
            slots = {"title": "title", "planned_minutes": "minutes", "place": "place", "supports": "supports"}
            found: dict[str, list[str]] = {}
            for item, sentence in zip(error.errors(include_url=False), plain_errors(error, Step)):
                loc = item.get("loc") or ("title",)
                slot = slots.get(str(loc[0]), "title")
                if slot == "minutes" and item.get("type") in ("int_type", "missing"):
                    sentence = "Planned minutes must be a whole number from 1 to 600."
                found.setdefault(slot, []).append(sentence)
            for slot, sentences in found.items():
                show_error(self, f"#split-{slot}-error", sentences)
            return
        proposal = self.proposal.model_copy(update={"split": step})
        try:
            student, decision = apply_decision(self.student, proposal, accepted=True,
                                               today=self.today, now=self.now)
        except ValueError as error:
            show_error(self, "#split-title-error", [str(error)])
            return
        self.dismiss(DecisionMade(student, decision))

    @on(Button.Pressed, "#reject")
    def action_reject(self) -> None:
        self._clear()
        note = self.query_one("#split-note", FormInput).value
        try:
            student, decision = apply_decision(self.student, self.proposal, accepted=False,
                                               note=note, today=self.today, now=self.now)
        except ValidationError as error:
            show_error(self, "#split-note-error", plain_errors(error, Decision))
            self.query_one("#split-note", FormInput).focus()
            return
        self.dismiss(DecisionMade(student, decision))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        super().action_cancel()
