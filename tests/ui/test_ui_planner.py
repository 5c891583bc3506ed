"""Deciding on the planner's proposal from Today: accept, override with a reason, take
the in-between step, and open a barrier for a trigger. Each test drives the app with
keys, then reads the store to check what was (or was not) saved."""

from __future__ import annotations

from datetime import date, timedelta

from pilot_helpers import settle, until_shown
from test_ui_planner_support import (
    BAD,
    GOOD,
    STUDENT_ID,
    TODAY,
    address_trigger,
    advance,
    app_for,
    household,
    make_student,
    open_store,
    repeat,
    split_step,
    step_back,
    step_id,
)
from textual.widgets import Static

from reintegrate.cli.status import render_status, status_data
from reintegrate.contacts import barrier_for_trigger
from reintegrate.demo import demo_household
from reintegrate.models import Barrier, Decision, Plan, ProposalKind, Student
from reintegrate.planner import DISCLAIMER, propose, schedule
from screens.app import make_app
from screens.modals.decide import AcceptModal, OverrideModal, SplitModal
from screens.widgets.fields import FormInput
from screens.widgets.proposal import ProposalPanel

SIZE = (80, 24)


def saved_student(app) -> Student:
    return app.session.store.get(Student, STUDENT_ID)


def decisions(app) -> list[Decision]:
    return app.session.store.all(Decision, STUDENT_ID)


def panel_text(app) -> str:
    panel = app.screen.query_one(ProposalPanel)
    return "\n".join(str(s.render()) for s in panel.query(Static))


async def wait_saved(pilot) -> None:
    await settle(pilot)


async def open_dialog(pilot, key: str, dialog: type) -> None:
    """Press `key` and wait for `dialog`: Today opens its dialogs from a worker."""
    await pilot.press(key)
    await until_shown(pilot, dialog)


async def test_accepting_moves_up_and_stores_the_decision(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "Move up to 'Half day, flexible arrival'" in panel_text(app)
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("y")
        await wait_saved(pilot)
        assert saved_student(app).ladder.current_step_id == step_id(3)
        [decision] = decisions(app)
        assert (decision.proposal_kind, decision.accepted, decision.on) == (ProposalKind.advance, True, TODAY)
        assert decision.from_step_id == step_id(2) and decision.chosen_step_id == step_id(3)
        assert decision.reasons  # the planner's reasons are kept with the decision
        assert decision.decided_at.date() == TODAY and decision.decided_at.microsecond == 0  # to the second
        # Today now shows the decision instead of proposing again, and Accept is gone.
        text = panel_text(app)
        assert "Decided today: you accepted the proposal to move up" in text
        assert "'Half day, flexible arrival'" in text
        assert app.screen.check_action("accept", ()) is False
        await pilot.press("a")
        assert not isinstance(app.screen, AcceptModal)
    # Tomorrow the new step is the one proposed and laid out.
    store = app.session.store
    tomorrow = TODAY + timedelta(days=1)
    student = store.get(Student, STUDENT_ID)
    records = dict(attempts=store.attempts(STUDENT_ID), days=[], today=tomorrow)
    proposal = propose(student, **records, decisions=store.all(Decision, STUDENT_ID))
    assert proposal.current_step_id == step_id(3)
    assert schedule(student, **records, count=1, proposal=proposal)[0].step_id == step_id(3)
    store.close()


async def test_cancelling_accept_saves_nothing(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("escape")
        await wait_saved(pilot)
        assert saved_student(app).ladder.current_step_id == step_id(2)
        assert decisions(app) == []
    app.session.store.close()


async def test_override_needs_a_reason(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "o", OverrideModal)
        # Keep the current step (it is highlighted first) and try to save without a reason.
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        error = app.screen.query_one("#override-note-error", Static)
        assert error.has_class("shown")
        assert "Say briefly why the proposal was not followed." in str(error.render())
        assert isinstance(app.screen, OverrideModal)
        assert decisions(app) == []
        note = app.screen.query_one("#override-note", FormInput)
        assert app.screen.focused is note  # the field that needs a look
        # Back to the list, choose the step below instead, give a reason, save.
        await pilot.press("shift+tab", "up", "tab")
        assert app.screen.focused is note
        await pilot.press(*"Trip week", "enter")
        await wait_saved(pilot)
        assert not isinstance(app.screen, OverrideModal)
        [decision] = decisions(app)
        assert (decision.accepted, decision.note) == (False, "Trip week")
        assert (decision.proposed_step_id, decision.chosen_step_id) == (step_id(3), step_id(1))
        assert saved_student(app).ladder.current_step_id == step_id(1)
        text = panel_text(app)
        assert "you chose 'Car park, 15 minutes'" in text and "Trip week" in text
    app.session.store.close()


async def test_override_with_the_proposed_step_points_to_accept(tmp_path) -> None:
    app = app_for(advance(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "o", OverrideModal)
        await pilot.press("down", "tab", *"because", "ctrl+s")
        await wait_saved(pilot)
        error = str(app.screen.query_one("#override-step-error", Static).render())
        assert "accept the proposal" in error
        assert decisions(app) == []
    app.session.store.close()


async def test_accepting_a_split_adds_the_step_and_makes_it_current(tmp_path) -> None:
    app = app_for(split_step(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        before = saved_student(app).ladder
        await open_dialog(pilot, "a", SplitModal)
        minutes = app.screen.query_one("#split-minutes", FormInput)
        assert minutes.value == "20"  # prefilled from the planner's in-between step
        title = app.screen.query_one("#split-title", FormInput)
        title.value = "Safe room, twenty minutes"
        minutes.value = "25"
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        ladder = saved_student(app).ladder
        assert len(ladder.steps) == len(before.steps) + 1
        new = ladder.current
        assert new is not None and new.id not in {s.id for s in before.steps}
        assert (new.title, new.planned_minutes) == ("Safe room, twenty minutes", 25)
        # Just below the step it splits.
        ids = [s.id for s in ladder.active]
        assert ids.index(new.id) == ids.index(step_id(2)) - 1
        [decision] = decisions(app)
        assert decision.accepted and decision.chosen_step_id == new.id
    app.session.store.close()


async def test_y_adds_the_split_as_proposed_as_in_every_accept_dialog(tmp_path) -> None:
    # `a` then `y` is the habit from every other accept dialog: it must add the step as
    # it stands, never type "y" over the prefilled title.
    app = app_for(split_step(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", SplitModal)
        proposed = app.screen.split
        assert not isinstance(app.focused, FormInput)
        await pilot.press("y")
        await wait_saved(pilot)
        new = saved_student(app).ladder.current
        assert new is not None and (new.title, new.planned_minutes) == (proposed.title, proposed.planned_minutes)
        [decision] = decisions(app)
        assert decision.accepted and decision.chosen_step_id == new.id
    app.session.store.close()


async def test_e_edits_the_split_before_adding_it(tmp_path) -> None:
    app = app_for(split_step(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", SplitModal)
        await pilot.press("e")
        title = app.screen.query_one("#split-title", FormInput)
        assert app.focused is title
        title.value = ""
        await pilot.press(*"Safe room, yes", "ctrl+s")  # `y` is text while editing
        await wait_saved(pilot)
        assert saved_student(app).ladder.current.title == "Safe room, yes"
    app.session.store.close()


async def test_a_split_with_bad_minutes_is_not_saved(tmp_path) -> None:
    app = app_for(split_step(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", SplitModal)
        app.screen.query_one("#split-minutes", FormInput).value = "0"
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        error = app.screen.query_one("#split-minutes-error", Static)
        assert "Planned minutes must be a whole number from 1 to 600." in str(error.render())
        assert decisions(app) == []
        assert len(saved_student(app).ladder.steps) == 5
    app.session.store.close()


async def test_turning_down_a_split_needs_a_reason_and_keeps_the_ladder(tmp_path) -> None:
    app = app_for(split_step(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", SplitModal)
        await pilot.press("ctrl+r")
        await wait_saved(pilot)
        assert "Say briefly why" in str(app.screen.query_one("#split-note-error", Static).render())
        assert decisions(app) == []
        app.screen.query_one("#split-note", FormInput).value = "The team prefers a new support"
        await pilot.press("ctrl+r")
        await wait_saved(pilot)
        [decision] = decisions(app)
        assert not decision.accepted and decision.chosen_step_id == step_id(2)
        assert len(saved_student(app).ladder.steps) == 5
    app.session.store.close()


async def test_accepting_a_trigger_proposal_opens_a_barrier(tmp_path) -> None:
    app = app_for(address_trigger(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "work with the school on what keeps coming up on the hard days: school van" in panel_text(app)
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("y")
        await wait_saved(pilot)
        barriers = app.session.store.all(Barrier, STUDENT_ID)
        [barrier] = barriers
        assert barrier.trigger_tags == ["school van"] and barrier.opened_on == TODAY
        assert "Opened because 'school van'" in barrier.description
        assert barrier_for_trigger(barriers, "school van") == barrier
        [decision] = decisions(app)
        assert decision.proposal_kind is ProposalKind.address_trigger and decision.accepted
        assert saved_student(app).ladder.current_step_id == step_id(2)
    app.session.store.close()


async def test_a_trigger_proposal_can_be_accepted_without_a_barrier(tmp_path) -> None:
    app = app_for(address_trigger(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("shift+tab")  # from the Accept button back to the tick box
        await pilot.press("space", "y")
        await wait_saved(pilot)
        assert app.session.store.all(Barrier, STUDENT_ID) == []
        [decision] = decisions(app)
        assert decision.proposal_kind is ProposalKind.address_trigger and decision.accepted
    app.session.store.close()


async def test_a_decision_from_yesterday_does_not_hide_todays_proposal(tmp_path) -> None:
    built = repeat()
    store_app = app_for(built, tmp_path, today=TODAY - timedelta(days=1))
    async with store_app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("y")
        await wait_saved(pilot)
        assert "Decided today" in panel_text(store_app)
    store = store_app.session.store
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE):
        text = panel_text(app)
        assert "Decided today" not in text and "Repeat 'Safe room with trusted adult'" in text
        assert app.screen.check_action("accept", ()) is True
    store.close()


async def test_today_agrees_with_status_on_the_demo_household(tmp_path) -> None:
    """The issue's check: the demo's proposal as `status` gives it, accepted, and the
    step changed for status too."""
    built = demo_household(TODAY)
    store = open_store(built, tmp_path)
    app = make_app(store, TODAY)
    student = built.students[0]
    before = status_data(store, student, TODAY)["proposal"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the rest of the reasons are added right after the first paint
        text = panel_text(app)
        assert before["headline"] in text
        assert all(reason in text for reason in before["reasons"])
        assert DISCLAIMER in text
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("y")
        await wait_saved(pilot)
    after = status_data(store, store.get(Student, student.id), TODAY)
    [decision] = [d for d in store.all(Decision, student.id) if d.on == TODAY]
    assert after["step"]["id"] == decision.chosen_step_id == before["target_step_id"]
    store.close()


async def test_a_stalled_plan_and_a_near_review_are_flagged(tmp_path) -> None:
    built = step_back()
    student = built.students[0]
    # Started long enough ago to have stalled; the review falls in three school days.
    student.plan = Plan(start=TODAY - timedelta(weeks=6), review_on=date(2026, 12, 1))
    app = app_for(built, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the flags below the fold are added right after the first paint
        assert app.screen.plan.proposal.flags == [ProposalKind.review_plan]
        text = panel_text(app)
        assert "Step back to 'Car park, 15 minutes'" in text
        assert "Also: the plan has stalled; it is time to review it with the team." in text
        assert "The plan review is due on Tuesday 1 December 2026, in 3 school days" in text
        assert "What part of the plan is not working?" in text
    app.session.store.close()


async def test_no_review_flag_when_the_review_is_far_off(tmp_path) -> None:
    built = advance()
    built.students[0].plan = Plan.starting(TODAY - timedelta(days=3))
    app = app_for(built, tmp_path)
    async with app.run_test(size=SIZE):
        assert app.screen.plan.review is None
        assert "plan review" not in panel_text(app)
    app.session.store.close()


async def test_accepting_a_trigger_proposal_reuses_a_barrier_noted_since(tmp_path) -> None:
    """Issue 11, item 16: a barrier noted (on the school screen) after Today was drawn is
    offered for reuse; accepting adds to it instead of opening a second one."""
    from reintegrate.contacts import barrier_from_trigger

    app = app_for(address_trigger(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        noted = barrier_from_trigger(STUDENT_ID, "school van", TODAY, title="The van")
        app.session.store.put(noted)
        await open_dialog(pilot, "a", AcceptModal)
        assert "already noted, 'The van'" in str(app.screen.query_one("#accept-barrier").label)
        await pilot.press("y")
        await wait_saved(pilot)
        [barrier] = app.session.store.all(Barrier, STUDENT_ID)
        assert barrier.id == noted.id and "Raised again by the planner" in barrier.description
    app.session.store.close()


async def test_accepting_a_change_of_supports_puts_the_ticked_ones_on_the_step(tmp_path) -> None:
    """adjust_supports: the dialog offers the matched supports, the first ticked; the
    family ticks another with the keys, and accepting puts both on the step it keeps."""
    from test_ui_planner_support import runs

    from reintegrate.models import CheckIn
    from screens.widgets.fields import TickBox

    s = make_student()
    built = household(s, runs(s, [(2, [BAD, BAD]), (1, [GOOD] * 3), (2, [BAD, BAD])]))
    built.checkins.append(CheckIn(student_id=STUDENT_ID, on=TODAY - timedelta(days=14),
                                  parent={"social_evaluative.1": 6, "social_evaluative.2": 5}))
    app = app_for(built, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "change its supports" in panel_text(app)
        await open_dialog(pilot, "a", AcceptModal)
        boxes = list(app.screen.query(".accept-support").results(TickBox))
        assert [box.value for box in boxes] == [True, False, False]
        offered = [str(box.label) for box in boxes]
        assert "arriving after the others" in offered[0]
        await pilot.press("shift+tab", "shift+tab", "space")  # the second box, ticked
        assert boxes[1].value is True
        await pilot.press("y")
        await wait_saved(pilot)
        step = saved_student(app).ladder.step(step_id(2))
        [decision] = decisions(app)
        added = decision.supports_added
        assert len(added) == 2 and added[0] == "arriving after the others"
        assert step.supports[-2:] == added
        assert saved_student(app).ladder.current_step_id == step_id(2)
        assert "now with 'arriving after the others' and " in panel_text(app)
    app.session.store.close()


async def test_on_a_decision_day_today_says_what_status_says(tmp_path) -> None:
    """Once a decision is taken and the planner's proposal moves on (the trigger is
    tackled, so moving up is due), Today says the decision, what comes next and the
    proposal now, as `status` does: no surface hides the next proposal."""
    app = app_for(address_trigger(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "a", AcceptModal)
        await pilot.press("y")
        await wait_saved(pilot)
        await pilot.pause()  # the lines below the fold are added right after the first paint
        data = status_data(app.session.store, saved_student(app), TODAY)
        assert data["proposal"]["kind"] != "address_trigger"  # the proposal has moved on
        today = " ".join(panel_text(app).split())
        [block] = [b for b in render_status(data).split("\n\n") if b.startswith("Decided today")]
        lines = [line.strip() for line in block.splitlines()]
        reasons = [line[2:] for line in lines if line.startswith("- ")]
        said = [line for line in lines if not line.startswith(("- ", "("))]
        assert len(said) >= 2, block  # the decision, (the next school day,) the proposal now
        for line in [*said, f"Why: {reasons[0]}"]:
            assert " ".join(line.split()) in today, (line, today)
        assert DISCLAIMER in today
    app.session.store.close()


def test_further_reasons_are_not_headed_also_when_one_begins_also_considered() -> None:
    """Was: "Also:" then "• Also considered: moving up; …"."""
    from test_ui_planner_support import runs

    from reintegrate.planner.view import plan_view
    from screens.today_text import proposal_text

    s = make_student()
    van = ("refused", 6, 0, ("school van",))
    built = household(s, runs(s, [(2, [van, GOOD, van, GOOD, van, GOOD, GOOD, GOOD])]))
    view = plan_view(built, s, TODAY)
    assert any(r.startswith("Also considered:") for r in view.proposal.reasons)
    lines = proposal_text(view).lines
    [heading] = [text for classes, text in lines if classes == "proposal-reasons"]
    assert any(text.startswith("Also considered:") for classes, text in lines if classes == "bullet")
    assert not heading.startswith("Also"), lines
