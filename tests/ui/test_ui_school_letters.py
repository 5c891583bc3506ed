"""Writing a letter to the school: fill it from the records, edit it, save and log it."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.models import Channel, Contact
from reintegrate.store.files import write_private
from screens.app import make_app
from screens.letter import LetterScreen, free_path, split_text
from screens.modals.confirm import ConfirmModal
from screens.modals.letter import SaveLetterModal
from screens.school import SchoolScreen
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID
from tests.school_ui_data import DUE_IN_FIVE_SCHOOL_DAYS, TODAY, school_store
from tests.ui.pilot_helpers import settle, until_shown

SIZE = (80, 24)


@pytest.fixture
def store(tmp_path):
    opened = school_store(tmp_path / "data")
    yield opened
    opened.close()


async def press_to(pilot, key: str, screen_type) -> None:
    """Press a key that opens a screen or dialog, and wait until it is ready for keys."""
    await pilot.press(key)
    await until_shown(pilot, screen_type)


async def open_letter(pilot) -> None:
    await press_to(pilot, "c", SchoolScreen)
    await press_to(pilot, "w", LetterScreen)


async def save_letter(pilot, back_to) -> None:
    """Ctrl+S, then Ctrl+S again in the dialog that says where the copy goes."""
    await press_to(pilot, "ctrl+s", SaveLetterModal)
    await press_to(pilot, "ctrl+s", back_to)
    await settle(pilot)


def letter_text(app) -> str:
    return app.screen.query_one("#letter-text").text


def new_contacts(store) -> list[Contact]:
    return [c for c in store.all(Contact, STUDENT_ID) if not c.id.startswith("contact-")]


async def test_write_and_save_a_meeting_request(store, tmp_path):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        text = letter_text(app)
        assert text.startswith("Subject: Request for a team meeting about Sam within 5 school days")
        assert "Dear Ms Reid," in text
        assert "by Thursday 19 November 2026 at the latest" in text  # school days only
        assert "Since 16 October: 17 school days" in text  # the real numbers
        await save_letter(pilot, SchoolScreen)
        assert app.clipboard == text

    [logged] = new_contacts(store)
    assert logged.letter_kind == "request_meeting"
    assert logged.on == TODAY
    assert logged.due_on == DUE_IN_FIVE_SCHOOL_DAYS
    assert (logged.person, logged.role) == ("Ms Reid", "Head of year")
    assert logged.channel is Channel.email
    assert logged.summary == "Request for a team meeting about Sam within 5 school days"
    assert logged.request.startswith("A team meeting within 5 school days")
    saved = tmp_path / "data" / "letters" / "2026-11-11-request-meeting.md"
    assert saved.read_text() == text
    assert saved.stat().st_mode & 0o777 == 0o600


async def test_edits_to_the_letter_are_what_is_saved(store, tmp_path):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        area = app.screen.query_one("#letter-text")
        area.move_cursor((0, 0))
        await pilot.press("end", *" (urgent)")
        await pilot.press("down", "down", "end", *" I hope you are well.")
        await pilot.pause()
        await press_to(pilot, "ctrl+s", SaveLetterModal)
        await pilot.press("2")  # sent as a printed letter
        await press_to(pilot, "ctrl+s", SchoolScreen)
        await settle(pilot)

    [logged] = new_contacts(store)
    assert logged.summary == "Request for a team meeting about Sam within 5 school days (urgent)"
    assert logged.channel is Channel.letter
    assert logged.due_on == DUE_IN_FIVE_SCHOOL_DAYS
    saved = (tmp_path / "data" / "letters" / "2026-11-11-request-meeting.md").read_text()
    assert saved.startswith("Subject: Request for a team meeting about Sam within 5 school days (urgent)\n")
    assert "Dear Ms Reid, I hope you are well.\n" in saved


async def test_options_refill_the_letter_until_it_is_edited(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        screen = app.screen
        screen.query_one("#letter-within").focus()
        await pilot.press("backspace", "1", "0")
        await pilot.pause()
        assert "within the next 10 school days" in letter_text(app)
        # 10 school days from Wednesday 11 November, the training day not counted.
        assert "by Thursday 26 November 2026" in letter_text(app)

        screen.query_one("#letter-text").focus()
        await pilot.press("end", *"!")
        screen.query_one("#letter-within").focus()
        await pilot.press("backspace", "backspace", "3")
        await pilot.pause()
        assert "within the next 10 school days" in letter_text(app)  # the edit is kept
        assert "Your edits are kept" in str(screen.query_one("#letter-note").render())

        await press_to(pilot, "ctrl+r", ConfirmModal)
        await press_to(pilot, "y", LetterScreen)
        assert "within the next 3 school days" in letter_text(app)
        assert "!" not in letter_text(app).splitlines()[0]


async def test_supports_ticked_are_the_ones_asked_for(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        screen = app.screen
        screen.query_one("#letter-kind").value = "request_supports"
        await pilot.pause()
        assert screen.query_one("#supports-row").display
        screen.query_one("#support-flexible_arrival").focus()
        await pilot.press("space")
        screen.query_one("#support-safe_space").focus()
        await pilot.press("space")
        await pilot.pause()
        text = letter_text(app)
        assert "flexible arrival times" in text
        assert "a safe, quiet space to go to, with an adult Sam trusts" in text
        assert "a shortened school day" not in text
        await save_letter(pilot, SchoolScreen)
    [logged] = new_contacts(store)
    assert logged.letter_kind == "request_supports"
    assert "flexible arrival" in logged.request and "shortened" not in logged.request


async def test_follow_up_from_today_quotes_the_late_request(store, tmp_path):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "f", LetterScreen)
        screen = app.screen
        assert screen.kind == "follow_up"
        assert screen.follow_up_id == "contact-meeting"
        text = letter_text(app)
        assert "Dear Ms Reid," in text
        assert "Tuesday 3 November 2026" in text
        await save_letter(pilot, TodayScreen)
        # Followed up: one line for the request and its follow-up, no longer asking for one.
        lines = [words for name, words in app.screen.query_one("#today-overdue").texts.items() if name != "keys"]
        assert lines == ["Evaluation request to Mr Shah sent 9 Nov — answer due Mon 16 Nov.",
                         "Meeting request to Ms Reid sent 3 Nov, followed up 11 Nov — answer due Thu 19 Nov."]
        await pilot.press("f")
        assert isinstance(app.screen, TodayScreen)

    [logged] = new_contacts(store)
    assert logged.letter_kind == "follow_up"
    assert logged.follows_up == "contact-meeting"
    assert logged.due_on == DUE_IN_FIVE_SCHOOL_DAYS
    assert "3 November" in logged.request
    assert (tmp_path / "data" / "letters" / "2026-11-11-follow-up.md").exists()


def test_a_second_letter_of_a_kind_does_not_overwrite_the_first(tmp_path):
    first = write_private(free_path(tmp_path / "letters", "2026-11-11-request-meeting"), "one", make_folder=True)
    second = write_private(free_path(tmp_path / "letters", "2026-11-11-request-meeting"), "two", make_folder=True)
    assert (first.name, second.name) == ("2026-11-11-request-meeting.md", "2026-11-11-request-meeting-2.md")
    assert (first.read_text(), second.read_text()) == ("one", "two")
    assert (tmp_path / "letters").stat().st_mode & 0o777 == 0o700
    assert second.stat().st_mode & 0o777 == 0o600


async def test_copy_puts_the_edited_letter_on_the_clipboard(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        app.screen.query_one("#letter-text").move_cursor((0, 0))
        await pilot.press("end", *" now")
        await pilot.press("ctrl+l")
        assert app.clipboard.startswith("Subject: Request for a team meeting about Sam within 5 school days now\n")
    assert new_contacts(store) == []  # copying logs nothing


async def test_leaving_an_edited_letter_asks_first(store):
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        await pilot.press("x")
        await press_to(pilot, "escape", ConfirmModal)
        await press_to(pilot, "n", LetterScreen)
        await press_to(pilot, "escape", ConfirmModal)
        await press_to(pilot, "y", SchoolScreen)
    assert new_contacts(store) == []


def test_split_text_keeps_the_subject_line_apart():
    assert split_text("Subject: Hello\n\nDear team,\n", "Old") == ("Hello", "Dear team,\n")
    assert split_text("Dear team,\n", "Old") == ("Old", "Dear team,\n")
    assert split_text("Subject:   \n\nBody", "Old") == ("Old", "Body")


@pytest.mark.parametrize("day", [date(2026, 11, 14)])
async def test_letters_on_a_weekend_count_from_the_next_school_days(tmp_path, day):
    store = school_store(tmp_path / "data", today=day)
    app = make_app(store, day)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_letter(pilot)
            # Saturday 14 November + 5 school days: 16, 17, 18, 19, 20 November.
            assert "by Friday 20 November 2026" in letter_text(app)
    finally:
        store.close()


async def test_every_kind_of_letter_fills_from_the_records(store):
    from reintegrate.documents.letters import LETTER_KINDS

    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        screen = app.screen
        subjects = set()
        for kind in LETTER_KINDS:
            screen.query_one("#letter-kind").value = kind
            await pilot.pause()
            assert screen.letter is not None and screen.letter.kind == kind
            text = letter_text(app)
            assert text == screen.letter.text
            assert "Dear Ms Reid," in text and "Alex" in text
            subjects.add(text.splitlines()[0])
        assert len(subjects) == len(LETTER_KINDS)
        # The plan letters lay out the planner's next school days, skipping the training day.
        screen.query_one("#letter-kind").value = "plan_not_working"
        await pilot.pause()
        text = letter_text(app)
        assert "- Thursday 12 November 2026: " in text
        assert "- Monday 16 November 2026: " in text
        assert "Friday 13 November" not in text


async def test_a_copy_that_fails_by_a_bug_is_reported_and_the_contact_logged_once(store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in writing the copy")

    monkeypatch.setattr("screens.letter.write_private", broken)
    app = make_app(store, TODAY)
    said: list[str] = []
    real = app.notify
    monkeypatch.setattr(app, "notify", lambda message, *a, **k: (said.append(str(message)), real(message, *a, **k))[1])
    async with app.run_test(size=SIZE) as pilot:
        await open_letter(pilot)
        # The letter screen closes: staying would invite saving, and logging, it twice.
        await save_letter(pilot, SchoolScreen)
        assert any("writing the letter's copy (RuntimeError)" in m for m in said)
    assert len(new_contacts(store)) == 1
