"""The family's words keep their capitals (issue 25, item 3): what is typed in the record
form is what is saved, and what the form shows when correcting."""

from __future__ import annotations

from screens.app import make_app
from screens.record import RecordScreen
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import settle, until_shown

SIZE = (80, 24)


async def test_the_record_form_keeps_the_capitals_typed_and_shows_them_when_correcting(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "4")  # refused
        app.screen.query_one("#triggers").focus()
        await pilot.press(*"Ms Patel absent, ms patel ABSENT")
        app.screen.query_one("#helped").focus()
        await pilot.press(*"short predictable handover to Ms Patel")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until_shown(pilot, TodayScreen)
        await pilot.press("r")  # today's attempt again, to correct
        await until_shown(pilot, RecordScreen)
        assert app.screen.query_one("#triggers").value == "Ms Patel absent"
        assert app.screen.query_one("#helped").value == "short predictable handover to Ms Patel"
    attempt = next(a for a in store.attempts(STUDENT_ID) if a.on == monday)
    assert attempt.triggers == ["Ms Patel absent"]
    assert attempt.helped == ["short predictable handover to Ms Patel"]
