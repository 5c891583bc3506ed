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
import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
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
SCREENS = ["p", "n", "h", "l", "c", "D", "S", "T", "r", "d", "s", "question_mark", "f", "ctrl+p"]


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
                   "SchoolScreen", "DecisionsScreen", "LetterScreen", "HolidaysScreen"):
        assert seen.get(screen, 0) > 0, f"{screen} showed none of the family's text: {seen}"


# --- terminal control characters -----------------------------------------------------------

CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
RETITLE = "\x1b]0;pwned\x07"  # an OSC sequence: retitles the terminal
CSI = "\x9b2J"  # C1 control: clears the screen on some terminals


def test_text_fields_refuse_control_characters_with_a_clear_message() -> None:
    from pydantic import ValidationError

    from reintegrate.models import Attempt, Student, plain_errors

    student = demo_household(TODAY).students[0]
    attempt = demo_household(TODAY).attempts[0]
    for model, fields in ((Student, {"name": f"Sam{RETITLE}"}), (Attempt, {"notes": f"ok{CSI}"}),
                          (Attempt, {"triggers": [f"van{RETITLE}"]}), (Student, {"name": "a\tb"})):
        base = student if model is Student else attempt
        with pytest.raises(ValidationError) as caught:
            model.model_validate({**base.model_dump(), **fields})
        [sentence] = plain_errors(caught.value, model)
        assert "holds a control character, such as a terminal escape code; remove it" in sentence
    kept = Attempt.model_validate({**attempt.model_dump(), "notes": "a\ttab and\na new line"})
    assert kept.notes == "a\ttab and\na new line"


def test_import_refuses_control_characters_and_never_echoes_them(capsys, tmp_path) -> None:
    from reintegrate.cli import main
    from reintegrate.cli.commands import write_demo

    data = tmp_path / "demo.json"
    write_demo(data, TODAY)
    exported = tmp_path / "export.json"
    assert main(["export", "--data", str(data), "-o", str(exported)]) == 0
    document = json.loads(exported.read_text())
    document["household"]["attempts"][0]["notes"] = f"before{RETITLE}after"
    document["household"]["students"][0]["name"] = f"Sam{CSI}"
    exported.write_text(json.dumps(document, ensure_ascii=False))
    capsys.readouterr()
    assert main(["import", "--check", str(exported)]) == 1
    out, err = capsys.readouterr()
    assert "holds a control character" in err and not CONTROLS.search(out + err)


def test_status_letters_and_reports_never_write_control_characters(capsys, tmp_path) -> None:
    from reintegrate.cli import main
    from reintegrate.cli.commands import write_demo

    # Records cannot hold them any more; ids, paths and files from elsewhere still can.
    data = tmp_path / f"family{RETITLE}.json"
    write_demo(data, TODAY)
    tables = json.loads(data.read_bytes())
    old_id = tables["students"]["1"]["id"]
    data.write_text(data.read_text().replace(old_id, f"sam{CSI}"))
    capsys.readouterr()
    for argv in (["status"], ["status", "--json"], ["letter", "request_meeting"],
                 ["export", "--format", "md"], ["export", "--format", "csv"], ["export"],
                 ["status", "--student", f"nobody{RETITLE}"]):
        main([*argv, "--data", str(data), "--date", "2026-11-26"])
        out, err = capsys.readouterr()
        assert not CONTROLS.search(out + err), (argv, (out + err)[:300])
    main(["status", "--data", str(tmp_path / f"missing{RETITLE}.json")])
    out, err = capsys.readouterr()
    assert "missing?]0;pwned?.json" in err and not CONTROLS.search(out + err)
