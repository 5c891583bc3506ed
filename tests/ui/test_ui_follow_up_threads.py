"""A follow-up sent from the app joins the thread of the request it follows up, and an
answer to it closes the thread: Today then lists the request no more, and the school log
counts it as answered. The core's rules are in tests/unit/test_follow_up_threads.py."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.models import Contact
from screens.app import make_app
from screens.letter import LetterScreen
from screens.modals.contact_form import AnswerModal
from screens.modals.letter import SaveLetterModal
from screens.school import SchoolScreen
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID
from tests.school_ui_data import TODAY, school_household, school_store
from tests.ui.pilot_helpers import settle, until_shown

SIZE = (80, 24)
EVALUATION_LINE = "Evaluation request to Mr Shah sent 9 Nov — answer due Mon 16 Nov."


@pytest.fixture
def store(tmp_path):
    opened = school_store(tmp_path / "data")
    yield opened
    opened.close()


async def press_to(pilot, key: str, screen_type) -> None:
    await pilot.press(key)
    await until_shown(pilot, screen_type)


def waiting_lines(app) -> list[str]:
    boxes = app.screen.query("#today-overdue")
    return [words for name, words in boxes.first().texts.items() if name != "keys"] if boxes else []


def row_of(screen: SchoolScreen, contact_id: str) -> int:
    return [c.id for c in screen.contacts].index(contact_id)


async def test_a_follow_up_sent_from_the_app_is_linked_and_its_answer_closes_the_thread(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert waiting_lines(app)[0].startswith("! Meeting request to Ms Reid sent 3 Nov — no answer after")
        await press_to(pilot, "f", LetterScreen)
        await press_to(pilot, "ctrl+s", SaveLetterModal)
        await press_to(pilot, "ctrl+s", TodayScreen)
        await settle(pilot)
        [follow_up] = [c for c in store.all(Contact, STUDENT_ID) if c.letter_kind == "follow_up"]
        assert follow_up.follows_up == "contact-meeting"
        # One line for the request and its follow-up, never one for each.
        assert waiting_lines(app) == [
            EVALUATION_LINE,
            "Meeting request to Ms Reid sent 3 Nov, followed up 11 Nov — answer due Thu 19 Nov.",
        ]

        await press_to(pilot, "c", SchoolScreen)
        screen = app.screen
        intro = str(screen.query_one("#contacts-intro").render())
        assert "0 overdue, 2 waiting for an answer" in intro
        table = screen.query_one("#contacts-table")
        assert "Followed up 11 Nov" in str(table.get_row_at(row_of(screen, "contact-meeting"))[3])
        # The school answers the follow-up.
        table.move_cursor(row=row_of(screen, follow_up.id))
        await settle(pilot)
        await press_to(pilot, "a", AnswerModal)
        await pilot.press(*"Meeting on Friday")
        await press_to(pilot, "ctrl+s", SchoolScreen)
        await settle(pilot)
        assert "0 overdue, 1 waiting for an answer" in str(screen.query_one("#contacts-intro").render())
        # The request it followed up is answered with it.
        assert str(table.get_row_at(row_of(screen, "contact-meeting"))[3]) == "Answered 11 Nov"
        table.move_cursor(row=row_of(screen, "contact-meeting"))
        await settle(pilot)
        assert not screen.check_action("mark_answered", ())
        assert not screen.check_action("follow_up", ())
        detail = str(screen.query_one("#contact-detail").render())
        assert "Followed up 11 Nov." in detail and "Meeting on Friday" in detail

        await press_to(pilot, "escape", TodayScreen)
        await settle(pilot)
        assert waiting_lines(app) == [EVALUATION_LINE]
    # ...without the request itself being touched.
    meeting = store.get(Contact, "contact-meeting")
    as_made = next(c for c in school_household().contacts if c.id == "contact-meeting")
    assert meeting.model_dump(exclude={"changed_at"}) == as_made.model_dump(exclude={"changed_at"})


async def test_follow_up_from_the_school_log_on_a_follow_up_row_is_about_its_request(store):
    late_follow_up = Contact(
        id="follow-up-1", student_id=STUDENT_ID, on=date(2026, 11, 4), person="Ms Reid", summary="Follow-up",
        due_on=date(2026, 11, 6), letter_kind="follow_up", follows_up="contact-meeting",
    )
    store.put(late_follow_up)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Waited 4, 6, 9 and 10 Nov: Thursday 5 is marked closed in Sam's records.
        assert [line for line in waiting_lines(app) if "Ms Reid" in line] == [
            "! Meeting request to Ms Reid sent 3 Nov, followed up 4 Nov — no answer after 4 school days: follow up.",
        ]
        await press_to(pilot, "c", SchoolScreen)
        screen = app.screen
        screen.query_one("#contacts-table").move_cursor(row=row_of(screen, "follow-up-1"))
        await settle(pilot)
        assert screen.selected_contact.id == "follow-up-1", [c.id for c in screen.contacts]
        assert screen.check_action("follow_up", ())
        await press_to(pilot, "f", LetterScreen)
        assert app.screen.follow_up_id == "contact-meeting"
        text = app.screen.query_one("#letter-text").text
        assert "my email of Tuesday 3 November 2026 and my reminder of Wednesday 4 November 2026." in text
