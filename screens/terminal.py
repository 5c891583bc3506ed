"""What reaches the terminal is drawn in the cells the layout gave it.

Textual lays a screen out with Rich's measure of each piece of text, and Rich measures
a joined emoji as one picture: a family joined by zero-width joiners, a thumb with a
skin tone, a sun chosen as an emoji by a variation selector, a keycap. Terminals do
not agree on them: tmux, the GNOME terminal and xterm draw each part on its own (the
family takes eight cells, not two), others join them. Either way, every border to the
right of the text moves, and the screen falls apart around a child's name.

So the text written to the terminal keeps only what every terminal draws alike: each
joined emoji is drawn as the pictures Rich counted, padded to the cells the layout
gave it (a family as its first face, a thumb without its skin tone, a sun as a sun).
The records are never changed: files, exports, letters and reports keep every joiner.
"""

from __future__ import annotations

import re

from rich._unicode_data import load as load_cell_table
from rich.cells import get_character_cell_size

# Code points that join or change the picture before them.
JOINING = re.compile("[\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff]")


# A terminal escape sequence (CSI, OSC, DCS and the like) or a lone control character:
# passed through untouched, never read as part of the text around it.
ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)|[\x00-\x1f\x7f]",
                    re.S)


def as_drawn(data: str) -> str:
    """`data` (text and escape sequences, as written to the terminal) with each joined
    emoji replaced by the pictures Rich counted, padded with spaces to the same number
    of cells, so that every terminal draws it where Rich measured it. Output without such
    emoji (all of it, nearly always) comes back unchanged."""
    if data.isascii() or not JOINING.search(data):
        return data
    pieces = []
    position = 0
    for escape in ESCAPE.finditer(data):
        pieces.append(_drawn_text(data[position:escape.start()]))
        pieces.append(escape.group())
        position = escape.end()
    pieces.append(_drawn_text(data[position:]))
    return "".join(pieces)


def _drawn_text(text: str) -> str:
    """Walks `text` as Rich's `cell_len` measures it: a zero-width joiner hides itself
    and the picture after it, a variation selector 16 widens a narrow picture by one
    cell (drawn here as a space), skin tones and keycaps take no cell."""
    if not JOINING.search(text):
        return text
    wide = load_cell_table("auto").narrow_to_wide
    pieces: list[str] = []
    last: str | None = None
    index = 0
    while index < len(text):
        character = text[index]
        index += 1
        if character == "\u200d":
            index += 1
        elif character == "\ufe0f":
            if last is not None and last in wide:
                pieces.append(" ")
            last = None
        elif get_character_cell_size(character):
            pieces.append(character)
            last = character
        elif not JOINING.match(character):
            pieces.append(character)  # a combining accent and the like: drawn alike everywhere
    return "".join(pieces)


def drawing_as_measured(driver_class: type) -> type:
    """A subclass of `driver_class` that writes `as_drawn` text."""

    def write(self, data: str) -> None:
        driver_class.write(self, as_drawn(data))

    return type(driver_class.__name__, (driver_class,), {"write": write, "__module__": __name__})
