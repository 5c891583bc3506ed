"""The school's holidays, entered with the keyboard (Settings, then Ctrl+O): added,
changed, removed after a confirm, a bad date range refused under its field, Escape
leaving without saving; and Today and the next school days following at once."""

from __future__ import annotations

from datetime import date

from pilot_helpers import line_of, settle, text_of, until, until_shown
from textual.widgets import Static

from reintegrate.models import Student
from reintegrate.models.student import Closure
from screens.app import make_app
from screens.holidays import ClosuresTable, HolidaysScreen
from screens.modals.closure_form import ClosureFormModal
from screens.modals.confirm import ConfirmModal
from screens.schedule import ScheduleScreen
from screens.settings import SettingsScreen
from screens.today import TodayScreen
from tests.fixtures import make_household

SIZE = (80, 24)
FRIDAY = date(2026, 12, 18)  # the last day of the autumn term
SATURDAY = date(2026, 12, 19)
CHRISTMAS = Closure(start=date(2026, 12, 21), end=date(2027, 1, 1), label="Christmas")
HALF_TERM = Closure(start=date(2027, 2, 15), end=date(2027, 2, 19), label="Half term")


def app_on(open_store, today: date, *closures: Closure):
    household = make_household(today)
    household.students[0].calendar.closures = list(closures)
    return make_app(open_store(household, today=today), today)


def saved(app) -> Student:
    return app.session.store.students()[0]


def schedule_dates(app) -> list[str]:
    table = app.screen.query_one("#schedule-table", Static).content
    return [str(cell) for cell in table.columns[0].cells]


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(ClosuresTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_holidays(pilot) -> None:
    await pilot.press("S")
    await until_shown(pilot, SettingsScreen)
    await pilot.press("ctrl+o")
    await until_shown(pilot, HolidaysScreen)


async def fill(pilot, label: str | None, start: str | None, end: str | None) -> None:
    """Type into the closure form's fields (None leaves one as it is)."""
    screen = pilot.app.screen
    for name, value in (("label", label), ("start", start), ("end", end)):
        if value is not None:
            field = screen.query_one(f"#closure-{name}")
            field.value = ""
            field.focus()
            await pilot.press(*value)
    await pilot.pause()


def field_error(app, name: str) -> str:
    error = app.screen.query_one(f"#closure-{name}-error", Static)
    return str(error.render()) if error.has_class("shown") else ""


async def test_christmas_added_takes_the_holiday_out_of_the_next_school_days(open_store) -> None:
    app = app_on(open_store, FRIDAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_shown(pilot, ScheduleScreen)
        assert "Mon 21 Dec" in schedule_dates(app)  # before: Christmas Day and all
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)

        await open_holidays(pilot)
        await pilot.press("a")
        await until_shown(pilot, ClosureFormModal)
        await fill(pilot, "Christmas", "2026-12-21", "2027-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HolidaysScreen)
        assert saved(app).calendar.closures == [CHRISTMAS]
        assert rows(app) == [["Christmas", "Mon 21 Dec 2026", "Fri 1 Jan 2027", "10"]]
        assert "Saved · School holiday added: Christmas (Mon 21 Dec to Fri 1 Jan)." in " ".join(
            notices(app))
        assert "The first school day after it: Mon 4 Jan 2027." in text_of(app, "#holidays-note")

        await pilot.press("escape", "escape")
        await until_shown(pilot, TodayScreen)
        await pilot.press("n")
        await until_shown(pilot, ScheduleScreen)
        dates = schedule_dates(app)
        assert "Mon 4 Jan" in dates
        assert not {"Mon 21 Dec", "Tue 22 Dec", "Fri 25 Dec", "Thu 31 Dec", "Fri 1 Jan"} & set(dates)
        assert dates[dates.index("Mon 4 Jan") - 1] == "Fri 18 Dec"  # straight from the last day of term
        days = app.session.school_days(saved(app)).upcoming(FRIDAY, 2)
        assert days == [FRIDAY, date(2027, 1, 4)]


async def test_today_on_the_weekend_before_names_the_first_day_back(open_store) -> None:
    app = app_on(open_store, SATURDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "The next school day is Monday 21 December." in line_of(app, "#today-head", "school-day")
        await open_holidays(pilot)
        await pilot.press("a")
        await until_shown(pilot, ClosureFormModal)
        await fill(pilot, "Christmas", "2026-12-21", "2027-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape", "escape")
        await until_shown(pilot, TodayScreen)
        await until(pilot, lambda: "Monday 4 January" in line_of(app, "#today-head", "school-day"))


async def test_the_highlighted_holiday_is_changed(open_store) -> None:
    app = app_on(open_store, FRIDAY, CHRISTMAS, HALF_TERM)
    async with app.run_test(size=SIZE) as pilot:
        await open_holidays(pilot)
        assert app.screen.query_one(ClosuresTable).cursor_row == 0  # the next holiday
        await pilot.press("e")
        await until_shown(pilot, ClosureFormModal)
        assert app.screen.query_one("#closure-label").value == "Christmas"
        await fill(pilot, "Christmas holidays", None, "2027-01-04")  # the training day joins it
        await pilot.press("ctrl+s")
        await settle(pilot)
        longer = Closure(start=CHRISTMAS.start, end=date(2027, 1, 4), label="Christmas holidays")
        assert saved(app).calendar.closures == [longer, HALF_TERM]
        assert rows(app)[0] == ["Christmas holidays", "Mon 21 Dec 2026", "Mon 4 Jan 2027", "11"]
        assert "Saved · School holiday changed: now Christmas holidays (Mon 21 Dec to Mon 4 Jan)." in " ".join(notices(app))
        # Enter changes the highlighted one too.
        await pilot.press("down", "enter")
        await until_shown(pilot, ClosureFormModal)
        assert app.screen.query_one("#closure-label").value == "Half term"


async def test_a_holiday_is_removed_only_after_a_confirm(open_store) -> None:
    app = app_on(open_store, FRIDAY, CHRISTMAS, HALF_TERM)
    async with app.run_test(size=SIZE) as pilot:
        await open_holidays(pilot)
        await pilot.press("x")
        await until_shown(pilot, ConfirmModal)
        assert "Remove Christmas (Mon 21 Dec 2026 to Fri 1 Jan 2027)?" in text_of(app, "#question")
        await pilot.press("n")  # kept
        await settle(pilot)
        assert saved(app).calendar.closures == [CHRISTMAS, HALF_TERM]
        await pilot.press("x")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert saved(app).calendar.closures == [HALF_TERM]
        assert rows(app) == [["Half term", "Mon 15 Feb 2027", "Fri 19 Feb 2027", "5"]]
        assert "Saved · School holiday removed: Christmas (Mon 21 Dec to Fri 1 Jan)." in " ".join(
            notices(app))


async def test_an_end_before_the_start_is_refused_under_its_field_and_nothing_is_saved(open_store) -> None:
    app = app_on(open_store, FRIDAY, CHRISTMAS)
    async with app.run_test(size=SIZE) as pilot:
        await open_holidays(pilot)
        await pilot.press("a")
        await until_shown(pilot, ClosureFormModal)
        await fill(pilot, "Easter", "2027-03-29", "2027-03-09")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClosureFormModal)
        assert field_error(app, "end") == ("The last day (Tue 9 Mar 2027) is before the first (Mon 29 Mar 2027). "
                                           "Check the dates.")
        # An overlap with Christmas is refused too, naming it.
        await fill(pilot, None, "2026-12-31", "2027-01-05")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(app, "end") == ""
        assert field_error(app, "start").startswith("These dates overlap Christmas (Mon 21 Dec 2026")
        # A year mistyped: far longer than any holiday.
        await fill(pilot, None, "2027-03-29", "2028-04-09")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(app, "end").startswith("That is 378 days: a closure is at most 120 days.")
        await settle(pilot)
        assert saved(app).calendar.closures == [CHRISTMAS]


async def test_escape_leaves_the_form_without_saving(open_store) -> None:
    app = app_on(open_store, FRIDAY, CHRISTMAS)
    async with app.run_test(size=SIZE) as pilot:
        await open_holidays(pilot)
        await pilot.press("a")
        await until_shown(pilot, ClosureFormModal)
        await fill(pilot, "Easter", "2027-03-29", "2027-04-09")
        await pilot.press("escape")  # something typed: it asks first
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await until_shown(pilot, HolidaysScreen)
        await pilot.press("e")
        await until_shown(pilot, ClosureFormModal)
        await pilot.press("escape")  # nothing typed: straight back
        await until_shown(pilot, HolidaysScreen)
        await settle(pilot)
        assert saved(app).calendar.closures == [CHRISTMAS]
        assert not any("School holiday" in n for n in notices(app))
        await pilot.press("escape")
        await until_shown(pilot, SettingsScreen)


async def test_a_name_is_shown_as_typed_never_as_markup(open_store) -> None:
    odd = Closure(start=date(2027, 1, 4), end=date(2027, 1, 4), label="[b]INSET[/] day [$accent]")
    app = app_on(open_store, FRIDAY, odd)
    async with app.run_test(size=SIZE) as pilot:
        await open_holidays(pilot)
        assert rows(app)[0][0] == "[b]INSET[/] day [$accent]"
        assert "[b]INSET[/] day [$accent], Mon 4 Jan 2027." in text_of(app, "#holidays-note")


async def test_the_holidays_are_in_the_command_palette_on_today_and_on_settings(open_store) -> None:
    app = app_on(open_store, FRIDAY, CHRISTMAS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "School holidays" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+p")
        await pilot.press(*"school holidays")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until_shown(pilot, HolidaysScreen)
        assert rows(app)[0][0] == "Christmas"
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)
        await pilot.press("T")  # its key on Today, listed in Today's help
        await until_shown(pilot, HolidaysScreen)
        await pilot.press("escape", "S")
        await until_shown(pilot, SettingsScreen)
        assert "School holidays" in [c.title for c in app.get_system_commands(app.screen)]


async def test_setup_ends_by_saying_where_the_holidays_are_entered(open_store, tmp_path) -> None:
    from reintegrate.keymap import KeymapFile
    from reintegrate.models import Household
    from screens.setup import SetupScreen

    for keymap, key in ((None, "T"), (KeymapFile(tmp_path / "keymap.toml", {"today.holidays": "J"}), "J")):
        app = make_app(open_store(Household()), FRIDAY, keymap=keymap)
        async with app.run_test(size=SIZE) as pilot:
            await until_shown(pilot, SetupScreen)
            await pilot.press(*"Robin", "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, TodayScreen)
            said = next(n for n in notices(app) if n.startswith("Saved: Robin"))
            assert said == f"Saved: Robin's plan starts today. School holidays: {key} on Today."
            assert len(said) <= SIZE[0] - 2  # one line of the header row at 80 columns
            await pilot.press(key)
            await until_shown(pilot, HolidaysScreen)
