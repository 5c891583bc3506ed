"""The app's own suggestion added to the step with one key (issue 25, item 4): from
Today's supports line, the Why screen and the step form, in the app's words, so the
step then counts as having a support matched to why school is hard."""

from __future__ import annotations

from reintegrate.models import Student
from screens.ladder import LadderScreen
from screens.modals.step_form import StepFormModal
from screens.why import WhyScreen
from tests.ui.pilot_helpers import settle, text_of, until, until_shown
from tests.ui.test_ui_planner_support import STUDENT_ID as SAM
from tests.ui.why_support import why_app, why_household

SIZE = (80, 24)
FIRST = "arriving after the others"  # the first support suggested for being judged


def current_supports(app) -> list[str]:
    student = app.session.store.get(Student, SAM)
    return list(student.ladder.current.supports)


async def test_plus_on_today_adds_the_first_suggested_support_and_the_line_then_counts_it(tmp_path):
    app = why_app(why_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = text_of(app, "#today-matched")
        assert line.startswith(f"Supports that may fit why school is hard: {FIRST}")
        assert "+ adds the first to the step" in line
        await pilot.press("plus")
        await settle(pilot)
        await until(pilot, lambda: FIRST in current_supports(app))
        await until(pilot, lambda: bool(app.screen.query("#today-matched")))
        assert text_of(app, "#today-matched").startswith(
            f"This step's supports that fit why school is hard: {FIRST}")
    assert current_supports(app) == ["safe space", "trusted adult meets", FIRST]


async def test_plus_on_the_why_screen_adds_it_and_says_which_support_counts(tmp_path):
    app = why_app(why_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        supports = text_of(app, "#why-supports")
        assert ("None of the supports listed for 'Safe room with trusted adult' is one the app counts "
                "as matched") in " ".join(supports.split())
        assert f"Press + to add '{FIRST}'" in supports
        await pilot.press("plus")
        await settle(pilot)
        await until(pilot, lambda: FIRST in current_supports(app))
        await until(pilot, lambda: "already has" in text_of(app, "#why-supports"))
        assert f"already has: {FIRST}." in text_of(app, "#why-supports")
        # Nothing left to suggest: a second press adds nothing.
        await pilot.press("plus")
        await settle(pilot)
    assert current_supports(app).count(FIRST) == 1


async def test_ctrl_t_in_the_step_form_adds_the_suggested_support(tmp_path):
    app = why_app(why_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await until_shown(pilot, LadderScreen)
        await pilot.press("e")  # the cursor starts on the current step
        await until_shown(pilot, StepFormModal)
        form = app.screen
        assert f"Ctrl+T adds '{FIRST}'" in text_of(app, "#step-suggested")
        await pilot.press("ctrl+t")
        assert form.query_one("#step-supports").value == f"safe space, trusted adult meets, {FIRST}"
        await pilot.press("ctrl+t")  # the next one, never the same twice
        assert form.query_one("#step-supports").value.endswith(f"{FIRST}, not being called on in class")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until_shown(pilot, LadderScreen)
    saved = current_supports(app)
    assert FIRST in saved and "not being called on in class" in saved


async def test_the_why_screen_and_plus_say_the_same_about_a_support_that_already_fits(tmp_path):
    # Walk 2, finding 7: after the check-in of 10 Nov (4 3 5 / 6 2 5 / 2 1 1 / 2 2 1:
    # being judged leads), the step's only support is "quiet entrance", which counts as
    # arriving after the others. The screen said the step already has it, then that none
    # of its supports is matched; + said the step already has one that fits.
    from datetime import date

    from reintegrate.models import CheckIn, Household
    from tests.ui.test_ui_planner_support import make_student

    s = make_student()
    steps = [st.model_copy(update={"supports": ["quiet entrance"]}) if st.id == s.ladder.current_step_id else st
             for st in s.ladder.steps]
    s = s.model_copy(update={"ladder": s.ladder.model_copy(update={"steps": steps})})
    answers = {"negative_affect": (4, 3, 5), "social_evaluative": (6, 2, 5), "attention": (2, 1, 1),
               "tangible": (2, 2, 1)}
    checkin = CheckIn(id="checkin-walk", student_id=s.id, on=date(2026, 11, 10),
                      parent={f"{p}.{n}": r for p, rs in answers.items() for n, r in enumerate(rs, start=1)})
    app = why_app(Household(students=[s], checkins=[checkin]), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        supports = " ".join(text_of(app, "#why-supports").split())
        assert "already has: quiet entrance (counted as arriving after the others)." in supports
        assert "None of the supports" not in supports
        assert "Press +" not in supports
        await pilot.press("plus")
        await settle(pilot)
        assert current_supports(app) == ["quiet entrance"]
