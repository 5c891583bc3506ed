"""Today on the days with no attempt: a day marked closed with `d` is no school day,
and a choice made on an ill Friday is still what Today says on Monday."""

from __future__ import annotations

from textual.widgets import Static

from reintegrate.models import DayKind
from screens.app import make_app
from screens.modals.day_status import DayStatusModal
from screens.today import TodayScreen
from screens.widgets.proposal import ProposalPanel
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import settle, text_of, until_shown
from tests.unit.test_decisions_carry import KEEP, MON, REASON, friday

SIZE = (80, 24)


def panel_text(app) -> str:
    panel = app.screen.query_one(ProposalPanel)
    return "\n".join(str(s.render()) for s in panel.query(Static))


async def test_marking_today_closed_with_d_makes_it_no_school_day(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#today-school-day") == "A school day."
        assert app.screen.query_one("#today-step").border_title == "Today's step"
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        await pilot.press("2", "tab", *"staff training day", "ctrl+s")  # 2: School closed
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert text_of(app, "#today-school-day") == (
            "Not a school day: the school is closed (staff training day). "
            "The next school day is Tuesday 3 November."
        )
        # No step today: the card is the next school day's, and marking stays at hand.
        assert app.screen.query_one("#today-step").border_title == "The step for Tuesday 3 November"
        assert text_of(app, "#today-recorded") == (
            "Recorded today: School closed (staff training day). Press d to change it."
        )
    [status] = [d for d in store.days(STUDENT_ID) if d.on == monday]
    assert (status.kind, status.note) == (DayKind.closed, "staff training day")


async def test_on_monday_today_says_what_was_chosen_on_the_ill_friday(open_store):
    app = make_app(open_store(friday(), today=MON), MON)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = panel_text(app)
        assert f"You chose on Fri 6 Nov to keep '{KEEP}' instead of the proposal to step back" in text
        assert REASON in text
        assert "Step back" not in text
        assert app.screen.check_action("accept", ()) is not True
