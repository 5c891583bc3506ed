"""Today on the days with no attempt: a day marked closed with `d` is no school day,
and a choice made on an ill Friday is still what Today says on Monday."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from reintegrate.cli.status import status_data
from reintegrate.models import DayKind, Student
from screens.app import make_app
from screens.modals.day_status import DayStatusModal
from screens.today import TodayScreen
from screens.widgets.proposal import ProposalPanel
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import line_of, settle, text_of, until_shown
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
        assert line_of(app, "#today-head", "school-day") == "A school day."
        assert app.screen.query_one("#today-step").border_title == "Today's step"
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        await pilot.press("2", "tab", *"staff training day", "ctrl+s")  # 2: School closed
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert line_of(app, "#today-head", "school-day") == (
            "Not a school day: the school is closed (staff training day). "
            "The next school day is Tuesday 3 November."
        )
        # No step today: the card is the next school day's, and marking stays at hand.
        assert app.screen.query_one("#today-step").border_title == "The step for Tuesday 3 November"
        assert line_of(app, "#today-head", "recorded") == (
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


async def test_after_a_day_not_yet_come_the_digits_choose_the_kind_of_day(open_store, monday):
    # The walk: a day ahead marked ill is refused; focus stayed in the note, and the
    # 3 that "press 1–4" invites was typed into the note instead of choosing.
    store = open_store()
    tuesday = monday + timedelta(days=1)
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        await pilot.press("shift+tab", "ctrl+u", *tuesday.isoformat(), "tab")  # the date, then the kind
        await pilot.press("1", "tab", *"fever", "ctrl+s")  # 1: Ill, then a note
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DayStatusModal)
        assert "has not come yet, so it cannot be marked ill" in text_of(app, "#day-on-error")
        await pilot.press("3")  # 3: Agreed rest day, as the message suggests
        await pilot.pause()
        assert dialog.query_one("#day-kind").value is DayKind.agreed_rest
        assert dialog.query_one("#day-note").value == "fever"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    [status] = [d for d in store.days(STUDENT_ID) if d.on == tuesday]
    assert (status.kind, status.note) == (DayKind.agreed_rest, "fever")


async def test_after_a_day_that_is_no_school_day_focus_goes_back_to_the_date(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        saturday = monday + timedelta(days=5)
        await pilot.press("shift+tab", "ctrl+u", *saturday.isoformat(), "tab", "4", "tab", *"away", "ctrl+s")
        await pilot.pause()
        assert "is not a school day" in text_of(app, "#day-on-error")
        # No kind of day fits a Saturday: the date is what to mend.
        assert app.screen.focused is app.screen.query_one("#day-on")
        await pilot.press("ctrl+u", *monday.isoformat(), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    [status] = [d for d in store.days(STUDENT_ID) if d.on == monday]
    assert (status.kind, status.note) == (DayKind.absent, "away")


async def test_marking_a_day_ahead_says_what_the_next_school_days_do_with_it(open_store, monday):
    # The walk: a rest day marked ahead was said to be skipped, while every list showed
    # it with no step planned. A closure ahead is skipped; a rest day is listed.
    store = open_store()
    app = make_app(store, monday)
    thursday, friday = monday + timedelta(days=3), monday + timedelta(days=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for on, key in ((thursday, "3"), (friday, "2")):  # 3: agreed rest, 2: school closed
            await pilot.press("d")
            await until_shown(pilot, DayStatusModal)
            app.screen.query_one("#day-on").value = on.isoformat()
            app.screen.query_one("#day-kind").focus()
            await pilot.press(key, "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, TodayScreen)
        said = [str(n.message) for n in app._notifications]
        rest, closed = said[-2:]
        assert rest == ("Saved · Thursday 5 November — Rest day agreed with the team (a day still to come: "
                        "the next school days still list it, with no step planned)")
        assert closed == ("Saved · Friday 6 November — School closed (a day still to come: no longer a school day, "
                          "so the next school days skip it)")
    # As the next school days then say (in status, Today's list and the letters).
    days = {d["on"]: d for d in status_data(store, store.get(Student, STUDENT_ID), monday)["next_school_days"]}
    assert days[thursday.isoformat()]["note"] == "Rest day agreed with the team: no step planned."
    assert friday.isoformat() not in days
