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

The same driver ends the app when its terminal goes away (`HangUpWatch`).
"""

from __future__ import annotations

import re
import select
import threading

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


# The app's return code when its terminal went away, as a shell reports a hang-up.
HUNG_UP = 128 + 1


def for_this_terminal(driver_class: type) -> type:
    """A subclass of `driver_class` that writes `as_drawn` text and ends the app when
    its terminal goes away (`HangUpWatch`)."""

    def write(self, data: str) -> None:
        driver_class.write(self, as_drawn(data))

    def start_application_mode(self) -> None:
        driver_class.start_application_mode(self)
        self.hang_up_watch = HangUpWatch(self._app, getattr(self, "fileno", None))

    def stop_application_mode(self) -> None:
        watch = getattr(self, "hang_up_watch", None)
        if watch is not None:
            watch.stop()
        driver_class.stop_application_mode(self)

    return type(driver_class.__name__, (driver_class,), {
        "write": write, "start_application_mode": start_application_mode,
        "stop_application_mode": stop_application_mode, "__module__": __name__,
    })


class HangUpWatch:
    """Ends `app` (return code HUNG_UP) when the terminal on `fileno` hangs up.

    A terminal window closed under a program started by another (`make run`), or a
    connection that drops, may send no SIGHUP: the terminal just reads as ended, and
    Textual's input loop then reads nothing, forever, at full speed, while the app goes
    on holding the writer's lock, so the next morning's window could not open the
    records. This asks the terminal only whether it hung up (it reads no input) and
    ends the app as if the window had said so.
    """

    def __init__(self, app, fileno: object) -> None:
        self.app = app
        self.stopped = threading.Event()
        self.thread = None
        if isinstance(fileno, int) and hasattr(select, "poll"):
            self.thread = threading.Thread(target=self._watch, args=(fileno,), name="hang-up watch", daemon=True)
            self.thread.start()

    def _watch(self, fileno: int) -> None:
        poller = select.poll()
        poller.register(fileno, 0)  # no input asked for: a hang-up or an error is always told
        try:
            while not self.stopped.is_set():
                if any(event & (select.POLLHUP | select.POLLERR | select.POLLNVAL)
                       for _fd, event in poller.poll(500)):
                    if not self.stopped.is_set():
                        self.app.call_from_thread(self.app.exit, None, HUNG_UP)
                    return
        except (OSError, RuntimeError):
            return  # the app has ended on its own

    def stop(self) -> None:
        self.stopped.set()
