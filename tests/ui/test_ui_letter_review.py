"""The letter screen and a plan review: the review letter is suggested when the planner
says the plan needs one, the screen says why not when it is picked otherwise, and the
places left for the parent's own words are shown (the first one selected)."""

from __future__ import annotations

from reintegrate.demo import demo_household
from reintegrate.store import Store
from screens.app import make_app
from screens.letter import LetterScreen
from screens.school import SchoolScreen
from tests.ui.pilot_helpers import settle, until_shown
from tests.unit.test_letters_say_what_records_show import DEMO_DAY, STALLED_DAY, stalled_household

SIZE = (80, 24)


def _store(tmp_path, household, today):
    path = tmp_path / "family.json"
    with Store.open(path, today=today) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)
    return Store.open(path, today=today)


async def _open_letter(pilot) -> LetterScreen:
    await pilot.press("c")
    await until_shown(pilot, SchoolScreen)
    await pilot.press("w")
    await until_shown(pilot, LetterScreen)
    await settle(pilot)
    return pilot.app.screen


def _note(screen: LetterScreen) -> str:
    return str(screen.query_one("#letter-note").render())


async def test_a_stalled_plan_opens_the_review_letter_with_the_planners_reasons(tmp_path):
    store = _store(tmp_path, stalled_household(), STALLED_DAY)
    try:
        app = make_app(store, STALLED_DAY)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open_letter(pilot)
            assert screen.kind == "plan_not_working"
            text = screen.query_one("#letter-text").text
            assert "Our records show why a review is due:" in text
            assert "[In your own words" not in text
            # Another letter picked: the screen points back to the review letter.
            screen.query_one("#letter-kind").value = "request_meeting"
            await settle(pilot)
            assert "The planner says the plan needs review" in _note(screen)
    finally:
        store.close()


async def test_the_review_letter_picked_anyway_says_why_it_was_not_suggested(tmp_path):
    store = _store(tmp_path, demo_household(DEMO_DAY), DEMO_DAY)
    try:
        app = make_app(store, DEMO_DAY)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open_letter(pilot)
            assert screen.kind == "request_meeting"
            assert "needs review" not in _note(screen)
            screen.query_one("#letter-kind").value = "plan_not_working"
            await settle(pilot)
            note = _note(screen)
            assert "The planner does not say this plan needs review yet" in note
            assert "Write your own words in place of the part in [brackets]" in note
            area = screen.query_one("#letter-text")
            assert area.selected_text == "[In your own words: why you would like the plan reviewed now.]"
    finally:
        store.close()
