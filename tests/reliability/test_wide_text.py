"""A family's emoji never push a line past the edge of the screen, whatever the terminal.

Rich measures a joined emoji (a family joined by zero-width joiners, a skin tone, an
emoji chosen by a variation selector) as one 2-cell picture. Many terminals (tmux, the
GNOME terminal, xterm) draw each part on its own: the family takes 8 cells, not 2, and
every border to the right of it moves. Was: a long emoji name broke the student list's
border. Every screen is drawn here with such text in every field, each line is written
as the app writes it to the terminal, and measured the way a terminal that joins
nothing would draw it.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hostile import hostile_household
from rich._unicode_data import load as load_cell_table
from rich.cells import cell_len, get_character_cell_size
from textual.screen import ModalScreen

from reintegrate.demo import demo_household
from reintegrate.store import Store
from screens.app import make_app
from screens.terminal import as_drawn
from tests.ui.pilot_helpers import settle

TODAY = date(2026, 11, 26)
SIZE = (80, 24)
# Joined by ZWJ, a skin tone, a variation selector, a flag, a keycap, and plain emoji.
JOINED = "👨\u200d👩\u200d👧\u200d👦 👍🏽 ☀️ 🇬🇧 1️⃣ 🧑\u200d🚀🌈"
ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\][^\x07]*\x07")
EDGES = set("│▊▎┃╭╰╮╯▔▁")
SCREENS = ["p", "n", "h", "l", "c", "D", "S", "r", "d", "s", "y", "question_mark", "f"]


def width_unjoined(line: str) -> int:
    """Cells a terminal that joins nothing uses: each code point on its own (a skin
    tone is a 2-cell picture of its own there, though Rich counts it as none)."""
    return sum(2 if "\U0001f3fb" <= character <= "\U0001f3ff" else get_character_cell_size(character)
               for character in line)


def width_joined(line: str) -> int:
    """Cells a terminal that joins every emoji uses: Rich's measure."""
    return cell_len(line)


def cut_by_an_edge(line: str) -> int:
    """Emoji widened by a variation selector that a dialog's edge cut in two. Rich keeps
    the narrow picture and drops a cell there (`Segment('a☀️b').split_cells(2)` loses
    one): a limitation of Rich 15, the one place a border may still move by a cell."""
    wide = load_cell_table("auto").narrow_to_wide
    return sum(1 for here, after in zip(line, line[1:], strict=False) if here in wide and after in EDGES)


def overflowing(app) -> list[str]:
    """Lines the terminal would draw wider or narrower than the screen."""
    problems = []
    for strip in app.screen._compositor.render_strips():
        laid_out = "".join(segment.text for segment in strip)
        drawn = as_drawn(laid_out)
        # Written as measured, the same on a terminal that joins emoji and on one that does not.
        agreed = width_unjoined(drawn) == width_joined(drawn) == width_joined(laid_out)
        if not agreed or width_joined(laid_out) + cut_by_an_edge(laid_out) != SIZE[0]:
            problems.append(drawn)
    return problems


async def visit(path: Path) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    with Store.open(path) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            for key in ["", *SCREENS]:
                if key:
                    await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.05)
                if bad := overflowing(app):
                    problems[type(app.screen).__name__] = bad
                while key and (isinstance(app.screen, ModalScreen) or len(app.screen_stack) > 1):
                    await pilot.press("escape")
                    await settle(pilot)
            app.notify(f"Saved {JOINED}")
            await settle(pilot)
            if bad := overflowing(app):
                problems["notification"] = bad
    return problems


def test_joined_emoji_keep_every_line_within_the_screen() -> None:
    household = hostile_household(demo_household(TODAY), lambda n: f"{JOINED}{n}")
    with tempfile.TemporaryDirectory(prefix="reintegrate-wide-") as folder:
        path = Path(folder) / "reintegrate.json"
        with Store.open(path) as store, store.batch():
            store.replace_all(household)
            store.set_meta("current_student_id", household.students[0].id)
        problems = asyncio.run(visit(path))
    assert not problems, {name: lines[:2] for name, lines in problems.items()}


def test_what_is_written_to_the_terminal_is_drawn_as_measured(monkeypatch) -> None:
    from textual.drivers.linux_driver import LinuxDriver

    written: list[str] = []
    monkeypatch.setattr(LinuxDriver, "write", lambda self, data: written.append(data))
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    household = demo_household(TODAY)
    with tempfile.TemporaryDirectory(prefix="reintegrate-wide-") as folder:
        with Store.open(Path(folder) / "reintegrate.json") as store:
            driver_class = make_app(store, TODAY).get_driver_class()
    assert issubclass(driver_class, LinuxDriver)
    driver_class.write(object.__new__(driver_class), f"\x1b[1m{JOINED}\x1b[0m")
    assert written == [f"\x1b[1m{as_drawn(JOINED)}\x1b[0m"]
    assert household.students[0].name in as_drawn(household.students[0].name)  # plain names pass untouched


@pytest.mark.parametrize("text", [JOINED, "a👩\u200d👩b", "\u200d👩", "x☀️\x1b]0;t👍🏽\x07y1️⃣", "🏴\U000e0067\U000e0062\U000e007f",
                                  "e\u0301 ü 漢字 🙂", "\x1b[38;2;1;2;3m👍🏿\x1b[0m"])
def test_joined_emoji_keep_their_cells_and_escape_sequences_stay_whole(text: str) -> None:
    drawn = as_drawn(text)
    for part_in, part_out in zip(ESCAPES.split(text), ESCAPES.split(drawn), strict=True):
        assert width_unjoined(part_out) == width_joined(part_out) == width_joined(part_in)
    assert ESCAPES.findall(drawn) == ESCAPES.findall(text)
    assert as_drawn("plain 🙂 text é") == "plain 🙂 text é"
