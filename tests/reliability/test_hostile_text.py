"""A family's words are shown as words on every screen, whatever they hold.

Every text field of a household (names, step titles, places, supports, triggers,
notes, the child's words, barriers, contacts, decisions) is filled with brackets,
markup-like tags, backslashes and emoji; every screen opens without a MarkupError and
shows the text exactly as typed. Was: a trigger '[/]' stopped the app on Progress and
Next school days, and '[maths] lesson' showed as 'lesson'.
"""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
from datetime import date
from pathlib import Path

from hostile import hostile_household
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.screen import ModalScreen

from reintegrate.demo import demo_household
from reintegrate.store import Store
from screens.app import make_app
from tests.ui.pilot_helpers import settle

TODAY = date(2026, 11, 26)
SIZE = (120, 40)

# Pieces that markup would read as a tag, a variable, an action, an escape or nothing.
PIECES = ["[/]", "[b]", "[/b]", "[$accent]", "[@click=app.quit]", "[link=x]", "[red]", "[B]", "[ b]",
          "[maths]", "\\", "\\[", "[", "]", "[[", "]]", "🙂", "x", "[on red]", "[-]", "$x", "#"]

# Key -> the screen it opens from Today; each is left with Escape.
SCREENS = ["p", "n", "h", "l", "c", "D", "S", "r", "d", "s", "question_mark", "f", "ctrl+p"]


def screen_text(app) -> str:
    """What the terminal shows, as text (from the SVG screenshot, styles removed)."""
    svg = re.sub(r"<style.*?</style>", "", app.export_screenshot(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def shown_texts(text: str) -> list[str]:
    """Every whole «…» on the screen: a family text, unless markup changed it."""
    return re.findall(r"«[^«»\n]*»", text)


async def visit_every_screen(path: Path, drawn: str) -> dict[str, int]:
    """Open each screen; return how many family texts each showed, after checking each
    one is exactly as written."""
    wanted = {f"«{drawn}»", f"«{drawn.lower()}»"}
    seen: dict[str, int] = {}
    with Store.open(path) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for key in ["", *SCREENS]:
                if key:
                    await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.05)
                name = type(app.screen).__name__
                found = shown_texts(screen_text(app))
                changed = [text for text in found if text not in wanted]
                assert not changed, f"{name} changed a family's text: {changed[:3]} (typed «{drawn}»)"
                seen[name] = len(found)
                while key and (isinstance(app.screen, ModalScreen) or len(app.screen_stack) > 1):
                    await pilot.press("escape")
                    await settle(pilot)
            app.notify(f"«{drawn}»1")  # notifications quote step titles and paths
            await settle(pilot)
            await pilot.pause(0.1)
            assert f"«{drawn}»" in shown_texts(screen_text(app)), screen_text(app)[-2000:]
        assert app.return_code in (None, 0), app.return_code
    return seen


def run_with(drawn: str) -> dict[str, int]:
    household = hostile_household(demo_household(TODAY), lambda n: f"«{drawn}»{n}")
    with tempfile.TemporaryDirectory(prefix="reintegrate-hostile-") as folder:
        path = Path(folder) / "reintegrate.json"
        with Store.open(path) as store, store.batch():
            store.replace_all(household)
            store.set_meta("current_student_id", household.students[0].id)
        return asyncio.run(visit_every_screen(path, drawn))


@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join))
@example("[/]")
@example("[maths] lesson[$accent]\\[ b]🙂\\")
def test_every_screen_shows_hostile_text_as_text(drawn: str) -> None:
    seen = run_with(drawn)
    # Not a vacuous pass: the screens that list records show the family's words.
    for screen in ("TodayScreen", "ProgressScreen", "ScheduleScreen", "HistoryScreen", "LadderScreen",
                   "SchoolScreen", "DecisionsScreen", "LetterScreen"):
        assert seen.get(screen, 0) > 0, f"{screen} showed none of the family's text: {seen}"
