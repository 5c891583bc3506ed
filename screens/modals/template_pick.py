"""Choose a ready-made ladder: start from it, add all its steps, or copy one step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from reintegrate.ladder.templates import LadderTemplate
from screens.widgets.plain import escape

Mode = Literal["start", "append", "copy"]


@dataclass(frozen=True)
class TemplateChoice:
    """What to do with `template`: start the ladder from it, add its steps, or copy one."""

    template: LadderTemplate
    mode: Mode
    step_index: int | None = None  # which step, for "copy"


class TemplatePickModal(ModalScreen[TemplateChoice | None]):
    """The templates, and the steps of the one highlighted.

    `ladder_in_use` says whether the ladder has steps already: starting from a template
    then means the current steps are retired (kept for history), which the caller
    confirms; the wording here says so up front.
    """

    CSS_PATH = ["modals.tcss", "ladder_forms.tcss"]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("s", "choose('start')", "Start from it", id="template.start"),
        Binding("a", "choose('append')", "Add its steps", id="template.append"),
        Binding("c", "choose('copy')", "Copy one step", id="template.copy"),
        Binding("escape", "cancel", "Cancel", id="template.cancel"),
    ]

    def __init__(self, templates: list[LadderTemplate], *, ladder_in_use: bool) -> None:
        super().__init__(classes="dialog-screen")
        self.templates = templates
        self.ladder_in_use = ladder_in_use

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="template-dialog") as dialog:
            dialog.border_title = "Ladder templates"
            dialog.border_subtitle = "Escape cancels"
            if not self.templates:
                yield Static("No ladder templates were found. Steps can still be added one by one.",
                             id="template-about")
            else:
                yield Label("Templates (↑↓ to choose, Tab to its steps)", classes="form-heading")
                yield OptionList(
                    *[Option(Content(f"{t.name} ({len(t.steps)} steps)"), id=str(n)) for n, t in enumerate(self.templates)],
                    id="template-list", compact=True,
                )
                yield Static("", id="template-about")
                yield Label("Its steps, easiest first (Enter copies one as a new step)", classes="form-heading")
                yield OptionList(id="template-steps", compact=True)
            with Horizontal(classes="dialog-buttons"):
                start = "Start again (s)" if self.ladder_in_use else "Start from it (s)"
                yield Button(start, id="start", variant="primary", compact=True)
                yield Button("Add its steps (a)", id="append", compact=True)
                yield Button("Copy step (c)", id="copy", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        # Breakpoints follow resizes; a screen pushed right after another may not get one.
        short = self.app.size.height < 32
        self.update_classes({"-short": short, "-tall": not short})
        if self.templates:
            self.query_one("#template-list", OptionList).highlighted = 0
            self.show_template(0)
        else:
            for button in ("start", "append", "copy"):
                self.query_one(f"#{button}", Button).disabled = True

    @property
    def template_index(self) -> int | None:
        if not self.templates:
            return None
        index = self.query_one("#template-list", OptionList).highlighted
        return 0 if index is None else index

    def show_template(self, index: int) -> None:
        template = self.templates[index]
        about = template.suits or template.description
        self.query_one("#template-about", Static).update(escape(about))
        steps = self.query_one("#template-steps", OptionList)
        steps.clear_options()
        steps.add_options(
            Option(Content(f"{n}. {s.title} · {s.planned_minutes} min"), id=str(n - 1))
            for n, s in enumerate(template.steps, start=1)
        )
        steps.highlighted = 0

    @on(OptionList.OptionHighlighted, "#template-list")
    def _template_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_template(event.option_index)

    @on(OptionList.OptionSelected, "#template-list")
    def _template_selected(self) -> None:
        self.query_one("#template-steps", OptionList).focus()

    @on(OptionList.OptionSelected, "#template-steps")
    def _step_selected(self) -> None:
        self.action_choose("copy")

    @on(Button.Pressed, "#start, #append, #copy")
    def _button(self, event: Button.Pressed) -> None:
        self.action_choose(str(event.button.id))

    def action_choose(self, mode: Mode) -> None:
        index = self.template_index
        if index is None:
            return
        step_index = None
        if mode == "copy":
            step_index = self.query_one("#template-steps", OptionList).highlighted or 0
        self.dismiss(TemplateChoice(self.templates[index], mode, step_index))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
