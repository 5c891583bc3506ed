"""A radio set whose options are also chosen by their number: one key, one answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from textual.binding import Binding
from textual.widgets import RadioButton, RadioSet

V = TypeVar("V")


class ChoiceButton(RadioButton):
    """A radio button whose mark shows its state by shape, not only by colour."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the mark
        return "●" if self.value else " "


class NumberedChoice(RadioSet, Generic[V]):
    """Options labelled "1 Completed", "2 Partly"...; typing the digit picks one.

    Arrows and Space work as in any RadioSet; the digits are the fast path when the
    choice has the focus.
    """

    BINDINGS = [
        Binding(str(n), f"choose({n})", f"Choose option {n}", show=False, id=f"choice.{n}")
        for n in range(1, 10)
    ]

    def __init__(self, options: Sequence[tuple[V, str]], value: V | None = None, **kwargs) -> None:
        self.options = list(options)
        buttons = [
            ChoiceButton(f"{number} {label}", value=(option == value))
            for number, (option, label) in enumerate(self.options, start=1)
        ]
        super().__init__(*buttons, **kwargs)

    @property
    def value(self) -> V | None:
        index = self.pressed_index
        return self.options[index][0] if index >= 0 else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return 1 <= int(parameters[0]) <= len(self.options)
        return True

    def action_choose(self, number: int) -> None:
        buttons = list(self.query(RadioButton))
        buttons[number - 1].value = True
