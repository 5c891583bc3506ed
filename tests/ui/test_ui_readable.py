"""What a parent reads at 80x24: every column, the footer, the proposal and its reasons."""

from __future__ import annotations

from datetime import date

import pytest
from textual.geometry import Region
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reintegrate.demo import demo_household
from reintegrate.models import DayKind, DayStatus
from screens.app import make_app
from screens.history import HistoryScreen, HistoryTable
from screens.modals.decide import AcceptModal, OverrideModal
from screens.modals.students import RenameModal, StudentsModal
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import settle, until, until_shown
from tests.ui.test_ui_planner_support import advance, app_for


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_history_shows_every_column(open_store, monday, size):
    store = open_store()
    note = "Migraine, in bed most of the day; the doctor said to rest until Wednesday."
    store.put(DayStatus(id="day-note", student_id=STUDENT_ID, on=monday, kind=DayKind.ill, note=note))
    app = make_app(store, monday)
    async with app.run_test(size=size) as pilot:
        await pilot.press("h")
        await until_shown(pilot, HistoryScreen)
        await pilot.pause()
        table = app.screen.query_one(HistoryTable)
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        assert len(widths) == 5
        assert sum(widths) <= table.scrollable_content_region.width
        # The step column gives way by wrapping: the long note is kept whole, on more lines.
        [ill] = [row for row in table.ordered_rows if row.key.value == "day:day-note"]
        assert ill.height >= 2


def footer_keys(app) -> list[str]:
    return [key.key for key in app.screen.query_one(Footer).query(FooterKey)]


async def test_footer_stays_after_accepting(tmp_path):
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "r" in footer_keys(app) and "a" not in footer_keys(app)
    app.session.store.close()


async def test_footer_stays_after_overriding(tmp_path):
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await until_shown(pilot, OverrideModal)
        await pilot.press("up", "tab", *"Trip week", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "r" in footer_keys(app)
    app.session.store.close()


async def test_footer_stays_after_renaming(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await until_shown(pilot, StudentsModal)
        await pilot.press("r")
        await until_shown(pilot, RenameModal)
        await pilot.press("ctrl+a", "ctrl+k", *"Samuel", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.title == "Today for Samuel"
        assert "r" in footer_keys(app)


async def test_today_shows_the_proposal_and_its_first_reason_unscrolled(open_store):
    today = date(2026, 11, 26)
    app = make_app(open_store(demo_household(today), today=today), today)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        visible = screen.query_one("#today").region
        lines = screen.query_one("#today-proposal .proposal-lines")
        assert lines.texts["proposal-first-reason"].startswith("Why: ")
        drawn = lines.render_lines(Region(0, 0, lines.size.width, lines.size.height))
        row = next(lines.region.y + n for n, strip in enumerate(drawn) if strip.text.startswith("Why: "))
        assert visible.y <= row < visible.bottom, (row, visible)
        # Arrows and PageDown scroll the morning view without pressing Tab first.
        scroll = screen.query_one("#today")
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y > 0


async def test_notifications_leave_the_proposal_and_its_first_reason_uncovered(open_store):
    """Was: the 'Saved' toast sat at the bottom right, 60 cells wide, over Today's
    reasons. Notifications now sit at the top right, from the header row down."""
    from textual.widgets._toast import Toast

    today = date(2026, 11, 26)
    app = make_app(open_store(demo_household(today), today=today), today)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Saved: Thursday 26 November — Completed")
        app.notify("The report could not be saved: the folder is not writable. Choose another folder.",
                   severity="error")
        await pilot.pause(0.1)
        screen = app.screen
        await until(pilot, lambda: len(screen.query(Toast)) == 2)
        toasts = list(screen.query(Toast))
        assert len(toasts) == 2
        header = screen.query_one("Header").region
        read_next = [screen.query_one(selector).region for selector in
                     ("#today-step", "#today-proposal .proposal-lines", "Footer")]
        for toast in toasts:
            assert toast.region.height >= 1 and toast.region.y >= header.y
            for region in read_next:
                assert not toast.region.overlaps(region), (toast.region, region)


async def test_a_saved_toast_does_not_cover_the_screen_it_lands_on(tmp_path):
    """Was: after a check-in the 'Saved' toast (a title line and a message line) sat
    over the Why screen's first words ("…think together abou▌ Check-in saved").
    A toast now takes one line in the header row, the title beside the message."""
    from textual.widgets._toast import Toast

    from screens.modals.checkin import CheckInScreen
    from screens.why import WhyScreen
    from tests.ui.why_support import why_app, why_household

    app = why_app(why_household(checkins=False), tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        await pilot.press("c")
        await until_shown(pilot, CheckInScreen)
        await pilot.press(*"123456012345", "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
        screen = app.screen
        await until(pilot, lambda: len(screen.query(Toast)) == 1)
        [toast] = screen.query(Toast)
        header = screen.query_one("Header").region
        body = screen.query_one("#why").region
        assert "Check-in saved." in str(toast.render())
        assert toast.region.height == 1 and header.contains_region(toast.region), (toast.region, header)
        assert not toast.region.overlaps(body)
