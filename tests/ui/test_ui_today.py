"""First run, the Today screen, days without an attempt, students, help and commands."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events

from reintegrate.ladder.templates import list_templates
from reintegrate.models import Attempt, Closure, DayKind, DayStatus, Household, Outcome, SchoolCalendar, Student
from screens.app import DEMO_LINE, make_app
from screens.ladder import CURRENT_MARK, LadderList, LadderScreen
from screens.modals.confirm import ConfirmModal
from screens.modals.day_status import DayStatusModal
from screens.modals.help import HelpModal
from screens.modals.students import StudentsModal
from screens.setup import SetupScreen
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID, make_household
from tests.ui.pilot_helpers import line_of, settle, text_of, until_shown

SIZE = (80, 24)


async def test_first_run_setup_with_keys_alone(open_store, monday):
    store = open_store(Household())
    app = make_app(store, monday)
    template = list_templates()[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"Robin")
        # Through the seven day boxes; untick Friday on the way.
        await pilot.press("tab", "tab", "tab", "tab", "tab", "space", "tab", "tab", "tab")
        await pilot.press("1", "tab")  # the first template; on to the starting step
        await pilot.press("enter", "down", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "Step 3 of" in line_of(app, "#today-step", "title")

    [student] = store.students()
    assert student.name == "Robin"
    assert student.calendar.weekdays == [0, 1, 2, 3]
    assert [s.title for s in student.ladder.active] == [s.title for s in template.steps]
    assert student.ladder.current.title == template.steps[2].title
    assert student.plan is not None and student.plan.start == monday
    assert store.meta("current_student_id") == student.id


async def test_setup_explains_what_is_missing(open_store, monday):
    store = open_store(Household())
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for day in range(5):
            app.screen.query_one(f"#weekday-{day}").value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "name" in text_of(app, "#name-error")
        assert "at least one school day" in text_of(app, "#weekdays-error")
        assert app.screen.query_one("#name").has_focus
        await pilot.press("escape")  # nothing to go back to on the first run
        assert isinstance(app.screen, SetupScreen)
    assert store.students() == []


async def test_today_on_a_school_day(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the last attempts are added right after the first paint
        assert line_of(app, "#today-head", "date") == "Monday 2 November 2026"
        assert line_of(app, "#today-head", "school-day") == "A school day."
        assert "Nothing recorded for today yet" in line_of(app, "#today-head", "recorded")
        assert "Step 4 of 10: Fifteen minutes in the safe room" in line_of(app, "#today-step", "title")
        assert "15 minutes planned" in line_of(app, "#today-step", "where")
        assert "safe space" in line_of(app, "#today-step", "supports")
        table = app.screen.query_one("#today-attempts")
        assert table.row_count == 5
        assert [str(c) for c in table.get_row_at(0)] == ["Fri 30 Oct", "Completed", "15 of 15", "3/10"]


async def test_today_on_a_weekend_names_the_next_school_day(open_store, saturday):
    app = make_app(open_store(today=saturday), saturday)
    async with app.run_test(size=SIZE):
        assert line_of(app, "#today-head", "school-day") == (
            "Not a school day: it is the weekend. The next school day is Monday 9 November."
        )
        assert app.screen.query_one("#today-step").border_title == "The step for Monday 9 November"


async def test_today_names_a_closure(open_store, monday):
    household = make_household(monday)
    student = household.students[0]
    closed = student.calendar.model_copy(
        update={"closures": [Closure(start=monday, end=date(2026, 11, 3), label="Staff training")]}
    )
    household.students[0] = student.model_copy(update={"calendar": SchoolCalendar.model_validate(closed.model_dump())})
    app = make_app(open_store(household), monday)
    async with app.run_test(size=SIZE):
        assert line_of(app, "#today-head", "school-day") == (
            "Not a school day: the school is closed (Staff training). "
            "The next school day is Wednesday 4 November."
        )


async def test_record_an_ill_day(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        await pilot.press("1", "tab", *"fever", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert line_of(app, "#today-head", "recorded").startswith("Recorded today: Ill (fever).")
    [status] = [d for d in store.days(STUDENT_ID) if d.on == monday]
    assert (status.kind, status.note) == (DayKind.ill, "fever")


async def test_a_day_needs_a_kind(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await until_shown(pilot, DayStatusModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DayStatusModal)
        assert "1–4" in text_of(app, "#day-kind-error")
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
    assert not [d for d in store.days(STUDENT_ID) if d.on == monday]


async def test_marking_a_day_with_an_attempt_asks_before_replacing(open_store, monday):
    store = open_store()
    newest = store.attempts(STUDENT_ID)[-1]
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.mark_day(newest.on)
        await until_shown(pilot, DayStatusModal)
        await pilot.press("4", "ctrl+s")  # Absent
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    assert store.get(Attempt, newest.id) is None
    [status] = [d for d in store.days(STUDENT_ID) if d.on == newest.on]
    assert status.kind is DayKind.absent


async def test_switch_and_add_a_student(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, StudentsModal)
        await pilot.press("a")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"Robin", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.title == "Today for Robin"
        robin = next(s for s in store.students() if s.name == "Robin")
        assert store.meta("current_student_id") == robin.id
        # Back to Sam: the list is sorted by name, Robin first.
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.title == "Today for Sam"
        assert store.meta("current_student_id") == STUDENT_ID
        # Adding can be cancelled.
        await pilot.press("s", "a", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert sorted(s.name for s in store.students()) == ["Robin", "Sam"]


async def test_ladder_marks_the_current_step_in_words(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LadderScreen)
        table = app.screen.query_one(LadderList)
        marks = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert marks.count(CURRENT_MARK) == 1 and marks.index(CURRENT_MARK) == 3
        assert table.selected_step.title == "Fifteen minutes in the safe room"
        await pilot.press("down")
        assert "Step 5 of 10" in text_of(app, "#ladder-detail")
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_help_explains_the_screen(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        shown = dict(app.screen.keys)
        assert shown["r"].startswith("Record")
        assert "ill" in shown["d"] and "add" in shown["s"] and shown["q"] == "Quit"
        assert "tab" not in shown  # Textual's own keys would bury the ones that matter
        await pilot.press("escape", "f1")
        assert isinstance(app.screen, HelpModal)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_leaves_the_title_and_footer_in_sight_and_cuts_no_key_short(open_store, monday, size):
    """The keys' words wrap in their column: none is cut at the dialog's edge (a table
    cut 'Add the first support suggested for why school is hard to the' there), and
    the dialog keeps a row above and below, where the screen's title and keys are."""
    from textual.geometry import Region

    app = make_app(open_store(), monday)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await until_shown(pilot, HelpModal)
        dialog = app.screen.query_one("#help-dialog")
        assert dialog.region.y >= 1 and dialog.region.bottom <= size[1] - 1
        keys = app.screen.query_one("#help-keys")
        lines = keys.render_lines(Region(0, 0, keys.size.width, keys.virtual_size.height))
        shown = " ".join(" ".join(line.text.split()) for line in lines)
        for key, description in app.screen.keys:
            assert f"{key} {description}" in shown


async def test_command_palette_lists_every_action(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Record", "Mark day", "History", "Ladder", "Students", "Help", "Quit"} <= names
        await pilot.press("h")
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Edit", "Delete", "Mark day", "Back"} <= names


async def test_demo_says_so_in_the_header(open_store, monday):
    app = make_app(open_store(), monday, demo=True)
    async with app.run_test(size=SIZE):
        assert app.sub_title == DEMO_LINE
    plain = make_app(open_store(), monday)
    async with plain.run_test(size=SIZE):
        assert plain.sub_title == ""


async def test_records_of_another_student_stay_apart(open_store, monday):
    household = make_household(monday)
    other = Student(id="student-robin", name="Robin", ladder=household.students[0].ladder)
    household.students.append(other)
    household.attempts.append(
        Attempt(id="robin-today", student_id=other.id, on=monday, step_id="step-04",
                step_title="Fifteen minutes in the safe room", planned_minutes=15,
                outcome=Outcome.refused)
    )
    app = make_app(open_store(household), monday)
    async with app.run_test(size=SIZE):
        assert "Nothing recorded for today yet" in line_of(app, "#today-head", "recorded")
    assert DayStatus  # the household builder is shared; it must stay importable here


async def test_keys_typed_just_after_quit_do_not_crash_the_way_out(open_store, monday):
    """A parent who presses q and, before the app has gone, s, r or c (a quick hand, a
    key held down) must leave as asked: no screen is opened on the way out, so none can
    fail to find its parts and print a traceback instead of a clean exit."""
    for key in ("s", "r", "c"):
        app = make_app(open_store(), monday)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # Both keys are queued at once, as a terminal delivers them: the second is
            # read while the app is on its way out.
            app.post_message(events.Key("q", "q"))
            app.post_message(events.Key(key, key))
            await pilot.pause()
        assert app.return_code == 0, key


async def test_a_past_day_says_the_ladder_shown_is_todays(open_store, monday):
    """Opened with `--date` on a day before the newest attempt, Today leaves the later
    records out but cannot take the ladder back with them: it says so under the date,
    in the words `status` uses (`PlanView.looking_back`)."""
    from datetime import timedelta

    household = make_household(monday)
    earlier = monday - timedelta(days=7)
    app = make_app(open_store(household), earlier)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = line_of(app, "#today-head", "school-day")
        assert line.startswith("A school day. Looking back at Mon ")
        assert "the ladder is as it is now" in line and "may not be the one of that day" in line
    app = make_app(open_store(make_household(monday)), monday)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert line_of(app, "#today-head", "school-day") == "A school day."
