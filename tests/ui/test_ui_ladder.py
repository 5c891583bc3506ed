"""Building and reshaping a ladder with the keys: add, split, move, retire, restore, undo."""

from __future__ import annotations

import time

import pytest

from reintegrate.models import Decision
from screens.ladder import LadderScreen
from screens.modals.confirm import ConfirmModal
from screens.modals.step_form import StepFormModal
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID, step_id
from tests.ui.ladder_pilot import (
    SMALL,
    Stores,
    app_on,
    capture_notices,
    empty_ladder_household,
    highlight,
    marks_shown,
    open_ladder,
    settle,
    student_of,
    table,
    titles_shown,
)
from tests.ui.pilot_helpers import until_shown


@pytest.fixture
def stores(tmp_path):
    opened = Stores(tmp_path)
    yield opened
    opened.close()


# (title, place, minutes, supports, how hard the child expects it): short, because
# every character is a key press.
SIX_STEPS = [
    ("Drive by", "Car", "10", "", "2"),
    ("Car park", "", "15", "", "3"),
    ("Gate", "", "15", "", "4"),
    ("Hub", "Hub", "20", "safe space,tea", "5"),
    ("Lesson", "", "50", "", "6"),
    ("Morning", "", "120", "", "7"),
]


async def fill_step_form(pilot, title: str, place: str, minutes: str, supports: str, rating: str) -> None:
    """Type into the step form from its first field, Tab by Tab, then save with Ctrl+S."""
    assert isinstance(pilot.app.screen, StepFormModal)
    await pilot.press(*title, "tab", "tab", *place, "tab", *minutes, "tab", *supports, "tab", *rating)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_build_a_six_step_ladder_from_nothing_with_keys_alone(stores):
    store = stores(empty_ladder_household())
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        assert table(app).row_count == 0
        assert "No steps yet" in str(app.screen.query_one("#ladder-intro").render())
        for row in SIX_STEPS:
            await pilot.press("a")
            await pilot.pause()
            await fill_step_form(pilot, *row)
            assert isinstance(app.screen, LadderScreen)
        assert titles_shown(app) == [row[0] for row in SIX_STEPS]
        # The first step added is where the plan starts; the cursor is on the last added.
        assert marks_shown(app)[0] == "▶ now"
        assert table(app).selected_step.title == "Morning"
        # Six steps is enough: the "fewer than 5 steps" hint has gone.
        hints = str(app.screen.query_one("#ladder-hints-text").render())
        assert "at least 5" not in hints

    robin = student_of(store, "student-robin")
    steps = robin.ladder.active
    assert [s.title for s in steps] == [row[0] for row in SIX_STEPS]
    assert [s.place for s in steps] == [row[1] for row in SIX_STEPS]
    assert [s.planned_minutes for s in steps] == [int(row[2]) for row in SIX_STEPS]
    assert steps[3].supports == ["safe space", "tea"]
    assert [s.expected_difficulty for s in steps] == [2, 3, 4, 5, 6, 7]
    assert robin.ladder.current_step_id == steps[0].id
    # Nothing about this student's plan changed besides the ladder; no decision recorded.
    assert store.all(Decision, "student-robin") == []


async def test_the_step_form_explains_problems_and_keeps_nothing_until_valid(stores):
    store = stores(empty_ladder_household())
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, StepFormModal)
        assert "short title" in str(form.query_one("#step-title-error").render())
        assert "1 to 600" in str(form.query_one("#step-planned_minutes-error").render())
        assert form.query_one("#step-title").has_focus
        # Too many minutes and a rating past 10 are explained too.
        await pilot.press(*"Gate", "tab", "tab", "tab", *"900", "tab", "tab", *"12", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StepFormModal)
        assert not form.query_one("#step-title-error").has_class("shown")
        assert "from 1 to 600" in str(form.query_one("#step-planned_minutes-error").render())
        assert "from 0 (easy) to 10" in str(form.query_one("#step-expected_difficulty-error").render())
        assert student_of(store, "student-robin").ladder.steps == []
        # Fixed: kept.
        form.query_one("#step-planned_minutes").value = "20"
        form.query_one("#step-expected_difficulty").value = "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
    [step] = student_of(store, "student-robin").ladder.steps
    assert (step.title, step.planned_minutes, step.expected_difficulty) == ("Gate", 20, 4)


async def test_cancelling_the_form_changes_nothing(stores):
    store = stores()
    app = app_on(store)
    before = student_of(store).ladder
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("X", "escape")
        # Something was typed: the form asks before letting it go (issue 11, item 2).
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
    assert student_of(store).ladder == before


async def test_split_a_step_into_two_prefilled_parts(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "Forty-five minutes in the safe room")
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, StepFormModal)
        assert form.query_one("#step-title").value == "Forty-five minutes in the safe room (first part)"
        assert form.query_one("#step-planned_minutes").value == "22"
        assert form.query_one("#step-place").value == "Safe room, student support"
        # The first part gets its own title; the second keeps the prefilled one.
        await pilot.press(*"Twenty-five minutes in the safe room", "ctrl+s")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, StepFormModal) and second is not form
        assert second.query_one("#step-planned_minutes").value == "23"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
        assert titles_shown(app)[4:6] == [
            "Twenty-five minutes in the safe room",
            "Forty-five minutes in the safe room (second part)",
        ]
        assert table(app).selected_step.title == "Twenty-five minutes in the safe room"

    ladder = student_of(store).ladder
    assert ladder.step(step_id(5)).retired  # kept for the attempts made at it
    active = ladder.active
    assert len(active) == 11
    assert [s.planned_minutes for s in active[4:6]] == [22, 23]
    assert ladder.current_step_id == step_id(4)


async def test_split_cancelled_half_way_changes_nothing(stores):
    store = stores()
    app = app_on(store)
    before = student_of(store).ladder
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
        assert len(titles_shown(app)) == 10
    assert student_of(store).ladder == before


async def test_reorder_with_keys_and_with_the_mouse(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "One preferred lesson")
        await pilot.press("shift+down")
        await settle(pilot)
        assert titles_shown(app)[5:7] == ["Two lessons with flexible arrival", "One preferred lesson"]
        assert table(app).selected_step.title == "One preferred lesson"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert titles_shown(app)[4:6] == ["One preferred lesson", "Forty-five minutes in the safe room"]
        await pilot.click("#ladder-down")
        await settle(pilot)
        assert titles_shown(app)[4:6] == ["Forty-five minutes in the safe room", "One preferred lesson"]
        # The top step cannot go higher: said calmly, nothing changes.
        await highlight(pilot, "Drive past the school")
        await pilot.press("shift+up")
        await settle(pilot)
        assert titles_shown(app)[0] == "Drive past the school"
    assert [s.title for s in student_of(store).ladder.active][4:7] == [
        "Forty-five minutes in the safe room", "One preferred lesson", "Two lessons with flexible arrival",
    ]


async def test_retire_and_restore_keep_the_step_and_its_place(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "One preferred lesson")
        await pilot.press("x")
        await settle(pilot)
        assert "One preferred lesson" not in titles_shown(app)
        assert "1 retired (v shows)" in str(app.screen.query_one("#ladder-intro").render())
        assert student_of(store).ladder.step(step_id(6)).retired
        # Shown in its old place, marked in words; r brings it back there.
        await pilot.press("v")
        await pilot.pause()
        assert titles_shown(app)[5] == "One preferred lesson"
        assert marks_shown(app)[5] == "retired"
        await highlight(pilot, "One preferred lesson")
        assert "Retired" in str(app.screen.query_one("#ladder-detail").render())
        await pilot.press("r")
        await settle(pilot)
        assert marks_shown(app)[5] == ""
    ladder = student_of(store).ladder
    assert not ladder.step(step_id(6)).retired
    assert ladder.position(step_id(6)) == 6


async def test_retiring_the_current_step_moves_it_down_and_notes_the_change(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("x")  # the cursor starts on the current step
        await settle(pilot)
        assert marks_shown(app)[2] == "▶ now"
    ladder = student_of(store).ladder
    assert ladder.current_step_id == step_id(3)
    [decision] = store.all(Decision, STUDENT_ID)
    assert (decision.from_step_id, decision.chosen_step_id) == (step_id(4), step_id(3))
    assert decision.note.startswith("Chosen on the ladder screen")


async def test_undo_takes_back_changes_one_at_a_time(stores):
    store = stores()
    app = app_on(store)
    original = student_of(store).ladder
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "Half days")
        await pilot.press("x")
        await settle(pilot)
        await highlight(pilot, "Sit in the car park")
        await pilot.press("shift+down")
        await settle(pilot)
        moved = student_of(store).ladder
        await pilot.press("u")
        await settle(pilot)
        undone = student_of(store).ladder
        assert undone != moved
        assert undone.active[1].id == step_id(2) and undone.step(step_id(9)).retired
        assert titles_shown(app)[1] == "Sit in the car park"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Half days" in titles_shown(app)
        await pilot.press("u")  # nothing left: said so, nothing breaks
        await settle(pilot)
    assert student_of(store).ladder == original


async def test_leaving_and_coming_back_shows_what_was_saved(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("shift+down")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await open_ladder(pilot)
        assert titles_shown(app)[3:5] == ["Forty-five minutes in the safe room", "Fifteen minutes in the safe room"]
        assert marks_shown(app)[4] == "▶ now"


async def test_a_step_outside_school_is_said_so(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "Drive past the school")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert "outside school" in str(app.screen.query_one("#ladder-detail").render())
    assert student_of(store).ladder.step(step_id(1)).in_school is False
    assert student_of(store).ladder.step(step_id(2)).in_school is True


async def test_leaving_straight_after_changes_loses_none_of_them(stores, monkeypatch):
    store = stores()
    app = app_on(store)
    write = store.put_many

    def slow_write(records):
        time.sleep(0.2)  # a slow disk: changes queue up behind the first write
        write(records)

    monkeypatch.setattr(store, "put_many", slow_write)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        # Three changes and Escape before any save is over. (Pilot's key presses wait
        # for each other, so the actions are run directly, as fast keys would run them.)
        screen = app.screen
        screen.action_move(1)
        screen.action_move(1)
        screen.action_retire()
        screen.action_back()
        assert app.screen is screen  # still saving: it waits
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    ladder = student_of(store).ladder
    assert ladder.step(step_id(4)).retired
    assert [s.id for s in ladder.steps][3:7] == [step_id(5), step_id(6), step_id(4), step_id(7)]


async def test_a_change_that_could_not_be_saved_is_said_and_not_shown(stores, monkeypatch):
    from reintegrate.store import StoreError

    store = stores()
    app = app_on(store)
    said = capture_notices(app, monkeypatch)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)

        def refuse(records):
            raise StoreError("The disk is full. Nothing was changed.")

        monkeypatch.setattr(store, "put_many", refuse)
        await pilot.press("shift+down")
        await settle(pilot)
        assert any("disk is full" in n for n in said)
        # The screen shows the ladder as it is in the file, and stays open.
        assert isinstance(app.screen, LadderScreen)
        assert titles_shown(app)[3] == "Fifteen minutes in the safe room"
    assert student_of(store).ladder.active[3].id == step_id(4)


async def test_the_notice_says_where_the_current_step_went(stores, monkeypatch):
    store = stores()
    app = app_on(store)
    said = capture_notices(app, monkeypatch)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("x")
        await settle(pilot)
        [notice] = [n for n in said if "Retired" in n]
        assert "'Walk to the school gate' is now the current step. Noted in the plan's history." in notice


async def test_v_with_no_retired_steps_says_there_are_none_and_help_says_what_v_does(stores):
    store = stores()
    app = app_on(store)
    said: list[str] = []
    real = app.notify
    app.notify = lambda message, *a, **k: (said.append(str(message)), real(message, *a, **k))[1]
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert any("There are no retired steps" in message for message in said)
        assert not app.screen.show_retired
        from screens.modals.help import screen_keys

        keys = dict((what, key) for key, what in screen_keys(app.screen))
        assert any(what.startswith("Show or hide the retired steps") for what in keys)
        # The help shows its keys as written (brackets are not read as markup).
        await pilot.press("question_mark")
        await pilot.pause()
        shown = str(app.screen.query_one("#help-text").render())
        assert "move it with Shift+↑/↓ (or [ and ])" in shown
