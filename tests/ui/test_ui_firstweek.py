"""A parent's first real week (issue 11): what a family would trip over, fixed and kept fixed."""

from __future__ import annotations

from reintegrate.models import Attempt, Outcome
from screens.app import make_app
from screens.record import RecordScreen
from tests.fixtures import STUDENT_ID, step_id
from tests.ui.pilot_helpers import settle

SIZE = (80, 24)


def _attempt_today(store, monday, outcome: Outcome, minutes: int | None) -> Attempt:
    attempt = Attempt(student_id=STUDENT_ID, on=monday, step_id=step_id(4),
                      step_title="Fifteen minutes in the safe room", planned_minutes=15,
                      outcome=outcome, minutes_managed=minutes)
    store.put(attempt)
    return attempt


async def test_correcting_an_attempt_shows_what_was_saved(open_store, monday):
    """Item 1: minutes left empty stay empty; saving untouched changes nothing."""
    for outcome, minutes in ((Outcome.partial, None), (Outcome.partial, 6), (Outcome.refused, None)):
        store = open_store()
        saved = _attempt_today(store, monday, outcome, minutes)
        app = make_app(store, monday)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RecordScreen)
            assert screen.form_values()["minutes"] == ("" if minutes is None else str(minutes))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, RecordScreen)
        again = next(a for a in store.attempts(STUDENT_ID) if a.id == saved.id)
        assert again.minutes_managed == minutes


async def test_escape_from_a_typed_contact_asks_first(tmp_path):
    """Item 2: the Log-a-contact dialog (like every form) asks before dropping typed text."""
    from screens.modals.confirm import ConfirmModal
    from screens.modals.contact_form import ContactFormModal
    from screens.school import SchoolScreen
    from tests.school_ui_data import TODAY, school_store
    from tests.ui.pilot_helpers import until_shown

    store = school_store(tmp_path / "data")
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await until_shown(pilot, SchoolScreen)
        await pilot.press("n")
        await until_shown(pilot, ContactFormModal)
        await pilot.press(*"Mrs Okafor")
        await pilot.press("escape")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("n")  # stay
        await until_shown(pilot, ContactFormModal)
        assert app.screen.query_one("#contact-person").value == "Mrs Okafor"
        await pilot.press("escape")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await until_shown(pilot, SchoolScreen)
        # An untouched form closes at once.
        await pilot.press("n")
        await until_shown(pilot, ContactFormModal)
        await pilot.press("escape")
        await until_shown(pilot, SchoolScreen)
    store.close()


async def test_a_second_student_with_the_same_name_is_refused(open_store, monday):
    """Item 4: "sam" next to "Sam" cannot be told apart; setup and rename both refuse it."""
    from screens.modals.students import RenameModal, StudentsModal
    from screens.setup import SetupScreen
    from tests.ui.pilot_helpers import until_shown

    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until_shown(pilot, StudentsModal)
        await pilot.press("a")
        await until_shown(pilot, SetupScreen)
        await pilot.press(*" sam ", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "already a student called Sam" in str(app.screen.query_one("#name-error").render())
        app.screen.query_one("#name").value = "Robin"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")
        await until_shown(pilot, StudentsModal)
        await pilot.press("r")  # Robin is highlighted: rename Robin to SAM
        await until_shown(pilot, RenameModal)
        app.screen.query_one("#rename-name").value = "SAM"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RenameModal)
        assert "already a student called Sam" in str(app.screen.query_one("#rename-error").render())
    assert sorted(s.name for s in store.students()) == ["Robin", "Sam"]


async def test_setup_follows_the_chosen_template(open_store, monday):
    """Item 9: the step list follows the template; the name error goes once a name is typed."""
    from textual.widgets import Select

    from reintegrate.ladder.templates import list_templates
    from reintegrate.models import Household
    from screens.setup import SetupScreen

    templates = list_templates()
    app = make_app(open_store(Household()), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#name-error")
        assert error.has_class("shown")
        await pilot.press(*"Robin")
        await pilot.pause()
        assert not error.has_class("shown")
        app.screen.query_one("#template").focus()
        await pilot.press("2")
        await pilot.pause()
        start = app.screen.query_one("#start", Select)
        shown = "".join(str(label.render()) for label in start.query("SelectCurrent Static"))
        assert start.value == (1, 0)
        assert templates[1].steps[0].title in shown


async def test_a_failed_save_shows_every_problem_and_focuses_the_first(open_store, monday):
    """Item 3: the cursor goes to the field with the problem; all problems show at once."""
    from tests.ui.pilot_helpers import text_of

    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1")
        await settle(pilot)
        app.screen.query_one("#woke_on_time").value = "y"
        app.screen.query_one("#left_home_at").value = "25:99"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.query_one("#left_home_at").has_focus
        assert app.screen.query_one("#woke_on_time").value == "y"
        # Refused with minutes typed, and the bad time: both problems on one Ctrl+S.
        app.screen.query_one("#outcome").focus()
        await pilot.press("4")
        app.screen.query_one("#minutes").value = "5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Minutes managed should be 0" in text_of(app, "#minutes-error")
        assert "Left home at" in text_of(app, "#morning-error")
        assert app.screen.query_one("#minutes").has_focus


def test_the_terminal_chart_draws_every_attempt_over_its_trend():
    """Item 13: a line through few points passed through them and hid every marker."""
    from datetime import date, timedelta

    from reintegrate.models import Attempt, Outcome
    from reintegrate.stats import DateRange, progress
    from screens.widgets.charts import ATTEMPT_MARK, distress_chart
    from tests.fixtures import STUDENT_ID, make_household

    today = date(2026, 11, 2)
    student = next(s for s in make_household(today).students if s.id == STUDENT_ID)
    # On a straight line, far apart: the trend runs exactly through each marker.
    attempts = [Attempt(student_id=STUDENT_ID, on=today - timedelta(days=7 * n), step_id="s",
                        step_title="Step", planned_minutes=15, outcome=Outcome.completed,
                        minutes_managed=15, distress_peak=2 + n)
                for n in range(5)]
    p = progress(student, attempts, [], [], DateRange.last_six_weeks(today), today=today)
    assert p.distress_trend is not None
    plt = distress_chart(p).plot.plt
    plt.plotsize(60, 11)
    assert plt.build().count(ATTEMPT_MARK) == 5


async def test_a_day_that_is_not_a_school_day_or_still_to_come_is_explained(open_store, monday, saturday):
    """Item 17: closed on a Saturday, or ill on a day still to come, is refused with a reason."""
    from reintegrate.models import DayStatus
    from screens.modals.day_status import DayStatusModal
    from screens.today import TodayScreen
    from tests.ui.pilot_helpers import text_of, until_shown

    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        for on, key, words in ((saturday, "2", "not a school day"),
                               (monday.replace(day=monday.day + 3), "1", "has not come yet")):
            await pilot.press("d")
            await until_shown(pilot, DayStatusModal)
            app.screen.query_one("#day-on").value = on.isoformat()
            app.screen.query_one("#day-kind").focus()
            await pilot.press(key, "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, DayStatusModal)
            assert words in text_of(app, "#day-on-error")
            app.screen.dismiss(None)
            await until_shown(pilot, TodayScreen)
        # Agreed rest on a day still to come is fine: the plan skips it.
        thursday = monday.replace(day=monday.day + 3)
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        app.screen.query_one("#day-on").value = thursday.isoformat()
        app.screen.query_one("#day-kind").focus()
        await pilot.press("3", "ctrl+s")
        await settle(pilot)
    assert [d.on for d in store.all(DayStatus, STUDENT_ID) if d.on > monday] == [thursday]


async def test_the_palette_lists_the_apps_actions_and_only_useful_built_ins(open_store, monday):
    """Item 11: no doubled "Copy selected text", no "Focus Next/Previous"."""
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("", "r"):
            if key:
                await pilot.press(key)
                await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert len(titles) == len(set(titles)), titles
            assert not {"Copy selected text", "Focus Next", "Focus Previous", "Screenshot"} & set(titles)
            assert {"Help", "Theme", "Quit"} <= set(titles)
        assert "Save" in titles


async def test_the_theme_is_remembered_on_restart(open_store, monday, tmp_path):
    """Item 18: the chosen theme comes back next morning, from a private preferences file."""
    config = tmp_path / "config"
    store = open_store()
    app = make_app(store, monday, config=config)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
    again = make_app(store, monday, config=config)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"
