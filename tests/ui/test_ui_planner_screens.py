"""The planner's other screens, driven with keys: its settings (thresholds with
validation, reset to defaults, plan dates), the next school days, the decisions."""

from __future__ import annotations

from datetime import date

from pilot_helpers import settle, until_shown
from test_ui_planner_support import STUDENT_ID, TODAY, advance, app_for, review_plan, with_decisions
from textual.widgets import DataTable, Static

from reintegrate.cli.status import status_data
from reintegrate.models import PlannerSettings, Student
from screens.decisions import DecisionsScreen
from screens.modals.confirm import ConfirmModal
from screens.schedule import ScheduleScreen
from screens.settings import SettingsScreen
from screens.today import TodayScreen
from screens.widgets.fields import FormInput

SIZE = (80, 24)


def saved_student(app) -> Student:
    return app.session.store.get(Student, STUDENT_ID)


async def wait_saved(pilot) -> None:
    await settle(pilot)


def error_text(screen, name: str) -> str:
    error = screen.query_one(f"#set-{name}-error", Static)
    return str(error.render()) if error.has_class("shown") else ""


async def test_a_bad_threshold_is_explained_and_nothing_is_saved(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        # The first field has the focus: type over it.
        assert screen.focused is screen.query_one("#set-advance_after_successes", FormInput)
        await pilot.press("backspace", "1", "2")  # 12: more than the 10 allowed
        screen.query_one("#set-trigger_unsuccessful_share", FormInput).value = "150"
        screen.query_one("#set-pause_days", FormInput).value = "5"  # more than the window of 3
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        assert error_text(screen, "advance_after_successes") == \
            "Successes to advance must be a whole number from 1 to 10."
        assert "from 0 to 100" in error_text(screen, "trigger_unsuccessful_share")
        assert error_text(screen, "success_peak_max") == ""
        assert saved_student(app).settings == PlannerSettings()
        # With those fixed, the rule across two fields has its say.
        screen.query_one("#set-advance_after_successes", FormInput).value = "3"
        screen.query_one("#set-trigger_unsuccessful_share", FormInput).value = "60"
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        assert error_text(screen, "advance_after_successes") == ""
        assert "cannot exceed the window" in error_text(screen, "pause_days")
        assert saved_student(app).settings == PlannerSettings()
        assert app.screen is screen  # still here, with the typed values kept
        assert screen.query_one("#set-pause_days", FormInput).value == "5"
    app.session.store.close()


async def test_good_thresholds_and_plan_dates_are_saved(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        screen = app.screen
        screen.query_one("#set-advance_after_successes", FormInput).value = "4"
        screen.query_one("#set-trigger_successful_share", FormInput).value = "25"
        screen.query_one("#set-start", FormInput).value = "2026-11-23"
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        student = saved_student(app)
        assert student.settings.advance_after_successes == 4
        assert student.settings.trigger_successful_share == 0.25
        # No review date typed: the usual six weeks after the start.
        assert (student.plan.start, student.plan.review_on) == (date(2026, 11, 23), date(2027, 1, 4))
        assert screen.query_one("#set-review_on", FormInput).value == "2027-01-04"
        # A review date before the start is refused with the model's own sentence.
        screen.query_one("#set-review_on", FormInput).value = "2026-10-01"
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        assert "must be on or after the plan start" in error_text(screen, "review_on")
        assert saved_student(app).plan.review_on == date(2027, 1, 4)
        # The new threshold reaches Today: 3 good attempts no longer move up.
        screen.query_one("#set-review_on", FormInput).value = "2027-01-04"
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.plan.proposal.kind.value == "repeat"
    app.session.store.close()


async def test_reset_puts_the_defaults_back(tmp_path) -> None:
    built = advance()
    student = built.students[0]
    student.settings = PlannerSettings(advance_after_successes=5, success_peak_max=6, schedule_days=5)
    app = app_for(built, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        screen = app.screen
        assert screen.query_one("#set-advance_after_successes", FormInput).value == "5"
        await pilot.press("ctrl+r")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await wait_saved(pilot)
        assert saved_student(app).settings == PlannerSettings()
        assert screen.query_one("#set-advance_after_successes", FormInput).value == "3"
        assert screen.query_one("#set-success_peak_max", FormInput).value == "4"
    app.session.store.close()


async def test_leaving_with_changes_asks_first(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S", "backspace", "2", "escape")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("n")
        await until_shown(pilot, SettingsScreen)
        # Staying keeps what was typed.
        assert app.screen.query_one("#set-advance_after_successes", FormInput).value == "2"
        await pilot.press("escape")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await until_shown(pilot, TodayScreen)
        assert saved_student(app).settings == PlannerSettings()
    app.session.store.close()


async def test_settings_are_in_the_command_palette(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Accept", "Other step", "Next days", "Decisions", "Planner settings"):
            assert title in commands
        await pilot.press("ctrl+p")
        await pilot.press(*"planner settings")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
    app.session.store.close()



async def test_next_school_days_agree_with_status_and_keep_the_count(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, ScheduleScreen)
        status = status_data(app.session.store, saved_student(app), TODAY)
        table = screen.query_one("#schedule-table", Static).content
        dates, steps, notes = (list(column.cells) for column in table.columns)
        assert [s for s in steps] == [d["step_title"] for d in status["next_school_days"]]
        assert notes == [d["note"] for d in status["next_school_days"]]
        assert len(dates) == 10 and dates[0] == "Thu 26 Nov"
        await pilot.press("minus", "minus")
        await wait_saved(pilot)
        assert saved_student(app).settings.schedule_days == 8
        table = screen.query_one("#schedule-table", Static).content
        assert len(list(table.columns[0].cells)) == 8
        for _ in range(5):
            await pilot.press("plus")
            await wait_saved(pilot)
        assert saved_student(app).settings.schedule_days == 10  # never past ten
        assert screen.check_action("more", ()) is None
    app.session.store.close()


async def test_decisions_list_newest_first_with_the_reason(tmp_path) -> None:
    app = app_for(with_decisions(review_plan()), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        screen = app.screen
        assert isinstance(screen, DecisionsScreen)
        table = screen.query_one(DataTable)
        rows = [table.get_row_at(n) for n in range(table.row_count)]
        assert [row[0] for row in rows] == ["Thu 5 Nov", "Thu 29 Oct", "Thu 22 Oct", "Mon 12 Oct"]
        assert rows[1][1].startswith("Step back to 'Car park")
        assert rows[1][2].startswith("Kept 'Safe room")
        assert rows[1][3].startswith("Half term")
        assert rows[0][3] == "—"
        await pilot.press("down")
        detail = str(screen.query_one("#decisions-detail", Static).render())
        assert "Reason given: Half term starts Friday; we keep the safe room until then." in detail
        assert "The planner's reasons then:" in detail
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
    app.session.store.close()
