"""Supports kept at home for the child (issue 26, item 1): `+` keeps a suggested support
carried out at home at home, not on the step; H starts and ends them with keys; Today
lists those in place and counts them as matched for the step."""

from __future__ import annotations

from datetime import date

from reintegrate.models import Student
from screens.modals.home_supports import HomeSupportsModal
from screens.why import WhyScreen
from tests.ui.home_support import home_household
from tests.ui.pilot_helpers import settle, text_of, until, until_shown
from tests.ui.test_ui_planner_support import STUDENT_ID as SAM
from tests.ui.test_ui_planner_support import TODAY
from tests.ui.why_support import why_app

SIZE = (80, 24)
FIRST = "school hours at home that look like school"


def card(app) -> str:
    """Every line of Today's step card."""
    return " ".join(str(app.screen.query_one("#today-step").render()).split("\n"))


def sam(app) -> Student:
    return app.session.store.get(Student, SAM)


def kept(app) -> list[tuple[str, date, date | None]]:
    return [(h.support, h.started_on, h.ended_on) for h in sam(app).home_supports]


async def test_plus_keeps_a_home_side_support_at_home_and_today_counts_it(tmp_path):
    app = why_app(home_household(), tmp_path)
    steps_before = sam(app).ladder.current.supports
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = text_of(app, "#today-matched")
        assert line.startswith(f"Supports that may fit why school is hard: {FIRST}")
        assert "+ keeps the first at home, for every step; H supports at home" in line
        await pilot.press("plus")
        await settle(pilot)
        await until(pilot, lambda: bool(kept(app)))
        await until(pilot, lambda: bool(app.screen.query("#today-matched")))
        assert f"At home since Thu 26 Nov: {FIRST}." in card(app)
        assert text_of(app, "#today-matched").startswith(
            f"Supports in place that fit why school is hard: {FIRST} (at home)")
    assert kept(app) == [(FIRST, TODAY, None)]
    assert sam(app).ladder.current.supports == steps_before  # not on the step


async def test_h_starts_and_ends_supports_at_home_with_keys(tmp_path):
    app = why_app(home_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        await pilot.press("space")  # the first box: school hours at home …
        await pilot.press("tab", "space")  # rewards that follow attendance
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: len(kept(app)) == 2)
        assert kept(app) == [(FIRST, TODAY, None), ("rewards that follow attendance", TODAY, None)]
        await until(pilot, lambda: "At home since" in card(app))
        # End the first, on a day before it started: refused, in words; then on today.
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        dialog = app.screen
        assert "(since Thu 26 Nov)" in " ".join(str(b.label) for b in app.screen.query("#home-boxes TickBox"))
        await pilot.press("space")
        dialog.query_one("#home-on").value = "2026-11-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "started on Thu 26 Nov: it cannot end before that day" in text_of(app, "#home-error")
        dialog.query_one("#home-on").value = TODAY.isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: kept(app)[0][2] == TODAY)
        await until(pilot, lambda: "rewards" in card(app))
        assert FIRST not in card(app)
    assert kept(app) == [(FIRST, TODAY, TODAY), ("rewards that follow attendance", TODAY, None)]


async def test_the_why_screen_says_what_is_kept_at_home_and_opens_the_same_dialog(tmp_path):
    app = why_app(home_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        assert f"Press + to keep '{FIRST}' at home" in text_of(app, "#why-supports")
        await pilot.press("plus")
        await settle(pilot)
        await until(pilot, lambda: "At home, for every step" in text_of(app, "#why-supports"))
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        await pilot.press("escape")
        await until_shown(pilot, WhyScreen)
    assert kept(app) == [(FIRST, TODAY, None)]


async def test_accepting_the_home_side_change_keeps_the_ticked_supports_at_home_and_notes_the_familys_barrier(tmp_path):
    from reintegrate.models import Barrier
    from screens.modals.decide import AcceptModal
    from tests.ui.home_support import refusing_household

    app = why_app(refusing_household(), tmp_path)
    steps_before = sam(app).ladder.current.supports
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.plan.proposal.kind.value == "adjust_supports"
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        labels = [str(b.label) for b in app.screen.query(".accept-support")]
        assert labels == [f"Keep '{FIRST}' at home", "Keep 'rewards that follow attendance' at home",
                          "Keep 'a written agreement' at home"]
        assert "kept at home from today, for every step" in text_of(app, "#accept-effect")
        assert "as a barrier to tackle at home" in str(app.screen.query_one("#accept-barrier").label)
        boxes = list(app.screen.query(".accept-support"))
        boxes[1].focus()
        await pilot.press("space", "y")  # the first is ticked already; tick the second
        await settle(pilot)
        await until(pilot, lambda: len(kept(app)) == 2)
        await until(pilot, lambda: "At home since" in card(app))
    assert kept(app) == [(FIRST, TODAY, None), ("rewards that follow attendance", TODAY, None)]
    assert sam(app).ladder.current.supports == steps_before
    (barrier,) = app.session.store.all(Barrier, SAM)
    assert (barrier.trigger_tags, barrier.owner) == (["late-night gaming"], "family")
    assert barrier.workaround == f"At home: {FIRST}; rewards that follow attendance."


async def test_the_step_form_does_not_suggest_putting_a_home_side_support_on_the_step(tmp_path):
    from screens.ladder import LadderScreen
    from screens.modals.step_form import StepFormModal

    app = why_app(home_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.plan.proposal.supports_to_try  # all three carried out at home
        await pilot.press("l")
        await until_shown(pilot, LadderScreen)
        await pilot.press("e")  # the cursor starts on the current step
        await until_shown(pilot, StepFormModal)
        assert not app.screen.query("#step-suggested")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert FIRST not in app.screen.query_one("#step-supports").value


async def test_accepting_the_home_side_change_does_not_pre_tick_adding_to_a_barrier_the_school_owns(tmp_path):
    """Walk report item 8: what home offers is the family's; adding it to the school's
    barrier for the same trigger waits for the family's tick."""
    from reintegrate.contacts import barrier_from_trigger
    from reintegrate.models import Barrier
    from screens.modals.decide import AcceptModal
    from tests.ui.home_support import refusing_household

    app = why_app(refusing_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        noted = barrier_from_trigger(SAM, "late-night gaming", TODAY, title="Gaming", owner="school")
        app.session.store.put(noted)
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        box = app.screen.query_one("#accept-barrier")
        assert "already noted, 'Gaming'" in str(box.label)
        assert box.value is False
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: bool(kept(app)))
    (barrier,) = app.session.store.all(Barrier, SAM)
    assert barrier.description == noted.description  # nothing appended


async def test_h_moves_with_the_arrows_says_what_it_saved_and_an_undone_untick_keeps_the_period(tmp_path):
    """Walk report item 4: Down moves to the next box (Space ticks that one, not the
    first); saving says what started and ended; unticking then ticking again the same
    day keeps one period, not an ended one and a new one."""
    from reintegrate.models import HomeSupport

    app = why_app(home_household(), tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        await pilot.press("down", "space")  # the second box: rewards that follow attendance
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: len(kept(app)) == 1)
        assert kept(app) == [("rewards that follow attendance", TODAY, None)]
        await until(pilot, lambda: any("Started: rewards that follow attendance." in str(n.message)
                                       for n in app._notifications))
        # A slip: untick it and save; then tick it again the same day.
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: kept(app)[0][2] == TODAY)
        await until(pilot, lambda: any("Ended: rewards that follow attendance." in str(n.message)
                                       for n in app._notifications))
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        boxes = list(app.screen.query("#home-boxes TickBox"))
        rewards = next(b for b in boxes if "rewards" in str(b.label))
        rewards.focus()
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: kept(app)[0][2] is None)
        await until(pilot, lambda: "At home since Thu 26 Nov: rewards" in card(app))
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        assert not app.screen.query("#home-ended")  # one period, still going: nothing ended
    assert sam(app).home_supports == [HomeSupport(support="rewards that follow attendance", started_on=TODAY)]


async def test_the_h_dialog_leaves_the_header_and_footer_uncovered_at_80x24(tmp_path):
    """Walk report item 11: the dialog fits between the title row and the key footer."""
    from reintegrate.models import HomeSupport

    built = home_household()
    built.students[0].home_supports = [
        HomeSupport(support="a written agreement", started_on=date(2026, 11, 2), ended_on=date(2026, 11, 13)),
        HomeSupport(support="No screens in school hours, phone in the kitchen", started_on=date(2026, 11, 2),
                    ended_on=date(2026, 11, 20))]
    app = why_app(built, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        await settle(pilot)
        region = app.screen.query_one("#home-dialog").region
        assert region.y >= 1 and region.bottom <= SIZE[1] - 1
