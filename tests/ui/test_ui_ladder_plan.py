"""The ladder and the rest of the plan: templates, the current step, history, students."""

from __future__ import annotations

import pytest

from reintegrate.ladder.templates import list_templates
from reintegrate.models import Decision
from reintegrate.planner import propose
from screens.history import HistoryScreen, HistoryTable
from screens.ladder import LadderScreen
from screens.modals.confirm import ConfirmModal
from screens.modals.current_step import CurrentStepModal
from screens.modals.help import HelpModal
from screens.modals.step_form import StepFormModal
from screens.modals.students import RenameModal, StudentsModal
from screens.modals.supports import SupportsModal
from screens.modals.template_pick import TemplatePickModal
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID, step_id
from tests.ui.ladder_pilot import (
    MONDAY,
    SMALL,
    Stores,
    app_on,
    empty_ladder_household,
    highlight,
    marks_shown,
    open_ladder,
    settle,
    student_of,
    table,
    titles_shown,
)


@pytest.fixture
def stores(tmp_path):
    opened = Stores(tmp_path)
    yield opened
    opened.close()


def hints_text(app) -> str:
    return str(app.screen.query_one("#ladder-hints-text").render())


async def test_start_an_empty_ladder_from_a_template(stores):
    store = stores(empty_ladder_household())
    app = app_on(store)
    template = list_templates()[1]
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePickModal)
        await pilot.press("down")  # the second template
        await pilot.pause()
        assert template.steps[0].title in str(app.screen.query_one("#template-steps").get_option_at_index(0).prompt)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, LadderScreen)
        assert titles_shown(app) == [s.title for s in template.steps]
        assert marks_shown(app)[0] == "▶ now"
    robin = student_of(store, "student-robin")
    assert [s.title for s in robin.ladder.active] == [s.title for s in template.steps]
    assert robin.ladder.current_step_id == robin.ladder.active[0].id
    assert store.all(Decision, "student-robin") == []


async def test_start_again_from_a_template_retires_the_old_steps_and_notes_it(stores):
    store = stores()
    app = app_on(store)
    template = list_templates()[0]
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("t", "s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)  # the current ladder is in use: ask first
        await pilot.press("y")
        await settle(pilot)
        assert titles_shown(app) == [s.title for s in template.steps]
        assert "10 retired" in str(app.screen.query_one("#ladder-intro").render())
    ladder = student_of(store).ladder
    assert all(ladder.step(step_id(n)).retired for n in range(1, 11))
    assert ladder.current.title == template.steps[0].title
    [decision] = store.all(Decision, STUDENT_ID)
    assert decision.from_step_id == step_id(4) and decision.chosen_step_id == ladder.current_step_id
    assert template.name in decision.note


async def test_add_a_templates_steps_and_copy_one_step(stores):
    store = stores()
    app = app_on(store)
    template = list_templates()[1]
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await pilot.press("t", "down", "a")
        await settle(pilot)
        assert len(titles_shown(app)) == 10 + len(template.steps)
        await pilot.press("u")
        await settle(pilot)
        assert len(titles_shown(app)) == 10
        # Copy one step: choose it in the template's list, then edit it in the form.
        await highlight(pilot, "Sit in the car park")
        await pilot.press("t", "tab", "down", "down", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, StepFormModal)
        assert form.query_one("#step-title").value == list_templates()[0].steps[2].title
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert titles_shown(app)[2] == list_templates()[0].steps[2].title
    assert len(student_of(store).ladder.active) == 11


async def test_make_a_step_current_and_keep_the_change_in_the_plans_history(stores):
    store = stores()
    app = app_on(store)
    before = student_of(store)
    proposal = propose(before, store.attempts(STUDENT_ID), store.days(STUDENT_ID), MONDAY)
    assert proposal.target_step_id != step_id(2)  # so this is a change against the proposal
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "Sit in the car park")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CurrentStepModal)
        assert proposal.headline in str(app.screen.query_one("#current-proposal").render())
        await pilot.press(*"a hard week", "ctrl+s")
        await settle(pilot)
        assert marks_shown(app)[:4] == ["✓ done", "▶ now", "", ""]
        [decision] = store.all(Decision, STUDENT_ID)
        assert decision.from_step_id == step_id(4) and decision.chosen_step_id == step_id(2)
        assert decision.accepted is False
        assert decision.note == "Chosen on the ladder screen: a hard week"
        assert decision.proposal_kind == proposal.kind and decision.reasons == proposal.reasons
        assert decision.on == MONDAY
        # Undo puts the plan back and takes the note back with it.
        await pilot.press("u")
        await settle(pilot)
        assert marks_shown(app)[3] == "▶ now"
    assert student_of(store).ladder.current_step_id == step_id(4)
    assert store.all(Decision, STUDENT_ID) == []


async def test_cancelling_the_change_of_current_step_keeps_the_plan(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, "Half days")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert marks_shown(app)[3] == "▶ now"
    assert student_of(store).ladder.current_step_id == step_id(4)
    assert store.all(Decision, STUDENT_ID) == []


async def test_renaming_a_step_does_not_rewrite_past_attempts(stores):
    store = stores()
    app = app_on(store)
    old = "Fifteen minutes in the safe room"
    made_at_step = [a for a in store.attempts(STUDENT_ID) if a.step_id == step_id(4)]
    assert made_at_step
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        await highlight(pilot, old)
        await pilot.press("enter")  # Enter on a row edits it, like e
        await pilot.pause()
        assert isinstance(app.screen, StepFormModal)
        await pilot.press(*"Twenty minutes in the Hub", "tab", "tab", "tab", "backspace", "backspace", *"20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert titles_shown(app)[3] == "Twenty minutes in the Hub"
        await pilot.press("escape", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        history = app.screen.query_one(HistoryTable)
        shown = [str(history.get_row_at(row)[1]) for row in range(history.row_count)]
        assert shown.count(old) == len(made_at_step)
        assert "Twenty minutes in the Hub" not in shown
    step = student_of(store).ladder.step(step_id(4))
    assert (step.title, step.planned_minutes) == ("Twenty minutes in the Hub", 20)
    for attempt in store.attempts(STUDENT_ID):
        if attempt.step_id == step_id(4):
            assert (attempt.step_title, attempt.planned_minutes) == (old, 15)


async def test_hints_are_shown_and_supports_can_be_marked_arranged(stores):
    store = stores()
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        assert "more than twice as long" in hints_text(app)
        assert "not arranged yet" not in hints_text(app)  # until someone keeps the list
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SupportsModal)
        await pilot.press("space", "ctrl+s")  # only "parent drives", the first
        await settle(pilot)
        text = hints_text(app)
        assert "'safe space' is not arranged yet" in text
        assert "'parent drives'" not in text
    assert student_of(store).arranged_supports == ["parent drives"]


async def test_a_hint_never_blocks_a_change(stores):
    store = stores(empty_ladder_household())
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        assert "no steps yet" in hints_text(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Walk in", "tab", "tab", "tab", *"30", "tab", "tab", *"8", "ctrl+s")
        await settle(pilot)
        assert titles_shown(app) == ["Walk in"]
        assert "The first step, 'Walk in', is rated 8 out of 10" in hints_text(app)
        assert "easier start for Robin" in hints_text(app)


async def test_every_ladder_action_is_in_the_palette_and_the_help(stores):
    app = app_on(stores())
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Add", "Edit", "Move up (easier)", "Move down (harder)", "Split", "Retire",
            "Restore a retired step", "Show or hide retired steps", "Make it the current step",
            "Undo", "Templates", "Supports arranged", "Back",
        } <= names
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = dict(app.screen.keys)
        assert keys["a"] == "Add a step after the highlighted one"
        assert keys["s"] == "Split the step into two smaller ones"
        assert "Practise the highlighted step" in keys["c"]


async def test_each_student_has_their_own_ladder_and_can_be_renamed(stores):
    store = stores(empty_ladder_household())
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        assert table(app).row_count == 0
        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, StudentsModal)
        await pilot.press("down", "enter")  # Robin is first, then Sam
        await settle(pilot)
        await open_ladder(pilot)
        assert app.screen.title == "Ladder for Sam" and table(app).row_count == 10
        await pilot.press("escape", "s", "up", "r")
        await pilot.pause()
        assert isinstance(app.screen, RenameModal)
        await pilot.press("ctrl+a", "ctrl+k", "ctrl+s")  # an empty name is explained
        await pilot.pause()
        assert "cannot be empty" in str(app.screen.query_one("#rename-error").render())
        await pilot.press(*"Robyn", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.title == "Today for Sam"
    names = {s.id: s.name for s in store.students()}
    assert names == {"student-robin": "Robyn", STUDENT_ID: "Sam"}


async def test_attempt_counts_and_last_outcome_follow_the_records(stores):
    store = stores()
    attempts = [a for a in store.attempts(STUDENT_ID) if a.step_id == step_id(4)]
    app = app_on(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_ladder(pilot)
        row = table(app).get_row_at(3)
        assert str(row[-1]) == f"{len(attempts)} · {attempts[-1].outcome.label}"
        detail = str(app.screen.query_one("#ladder-detail").render())
        assert f"{len(attempts)} attempts; the last: {attempts[-1].outcome.label}" in detail
        assert "expected difficulty 5/10" in detail
        assert "rated it" not in detail  # nobody asked Sam: the template suggested it
