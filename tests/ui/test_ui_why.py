"""The Why screen, the check-in and the record form's 'what they feared' fields, with
the keyboard alone."""

from __future__ import annotations

from datetime import UTC, datetime

from reintegrate.models import Attempt, CameTrue, CheckIn, Purpose
from reintegrate.store import Store
from screens.app import make_app
from screens.modals.checkin import CheckInScreen, SetByHandModal
from screens.record import RecordScreen
from screens.today import TodayScreen
from screens.why import WhyScreen
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import settle, text_of, until_shown
from tests.ui.test_ui_planner_support import STUDENT_ID as SAM
from tests.ui.test_ui_planner_support import TODAY
from tests.ui.why_support import why_app, why_household

SIZE = (80, 24)


async def test_record_what_they_feared_with_keys_only(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        await pilot.press("1")  # Completed
        screen.query_one("#prediction").focus()
        await pilot.press(*"They laugh", "tab", "7", "tab", "3", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    attempt = next(a for a in store.attempts(STUDENT_ID) if a.on == monday)
    assert attempt.prediction == "They laugh"
    assert attempt.prediction_confidence == 7
    assert attempt.prediction_came_true is CameTrue.no


async def test_a_bad_confidence_is_shown_beside_the_section(open_store, monday):
    store = open_store()
    before = len(store.attempts(STUDENT_ID))
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1")
        app.screen.query_one("#prediction_confidence").focus()
        await pilot.press("1", "2", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert "How sure" in text_of(app, "#prediction-error")
    assert len(store.attempts(STUDENT_ID)) == before


async def test_correcting_keeps_what_they_feared(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1")
        app.screen.query_one("#prediction").focus()
        await pilot.press(*"Sick", "ctrl+s")
        await settle(pilot)
        await pilot.press("r")  # today's attempt again, to correct
        values = app.screen.form_values()
        assert values["prediction"] == "Sick"
        assert values["prediction_came_true"] is None


async def test_why_screen_without_a_checkin_invites_one(tmp_path):
    app = why_app(why_household(checkins=False), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        assert "not a diagnosis" in text_of(app, "#why-not-diagnosis")
        assert "never required" in text_of(app, "#why-profile")
        assert not app.screen.query("#today-matched")


async def test_answer_a_checkin_as_a_parent_then_the_child(tmp_path):
    app = why_app(why_household(checkins=False), tmp_path)
    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        await pilot.press("c")
        await until_shown(pilot, CheckInScreen)
        await pilot.press(*"123456012345", "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
        assert "answered by a parent" in text_of(app, "#why-profile")
        await pilot.press("k")
        await until_shown(pilot, CheckInScreen)
        assert "for you" in text_of(app, "#checkin-intro")
        await pilot.press("down", "down", "down", "6", "6", "6", "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
        profile = text_of(app, "#why-profile")
        assert "a parent and the child" in profile
        assert "leads" in profile
        # Side by side as well as averaged: the child 6.0 and a parent 5.0, not only 5.5.
        rows = {line[:24].strip(): line[24:].split() for line in profile.splitlines()}
        assert rows[""] == ["both,", "averaged", "parent", "child"]
        assert rows["Social or being judged"][1:6] == ["5.5", "of", "6", "5.0", "6.0"]
        assert rows["Time with a parent"][1:6] == ["1.0", "of", "6", "1.0", "–"]
    checkins = store.all(CheckIn, SAM)
    assert len(checkins) == 1  # one check-in, both answer sheets
    assert checkins[0].recorded_at.microsecond == 0  # written to the second, as documented
    assert checkins[0].parent["negative_affect.1"] == 1 and checkins[0].parent["tangible.3"] == 5
    assert checkins[0].child == {"social_evaluative.1": 6, "social_evaluative.2": 6, "social_evaluative.3": 6}


async def test_leaving_a_checkin_saves_nothing(tmp_path):
    app = why_app(why_household(checkins=False), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        await pilot.press("c", "4", "escape")
        await until_shown(pilot, WhyScreen)
    assert app.session.store.all(CheckIn, SAM) == []


async def test_set_the_leading_purpose_by_hand(tmp_path):
    app = why_app(why_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        await pilot.press("b")
        await until_shown(pilot, SetByHandModal)
        await pilot.press("4", "ctrl+s")
        assert "Say briefly why" in text_of(app, "#byhand-error")
        await pilot.press("tab", *"Seen over three sessions", "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
        assert "Set by hand" in text_of(app, "#why-profile")
        assert "Seen over three sessions" in text_of(app, "#why-profile")
    latest = app.session.store.all(CheckIn, SAM)[-1]
    assert latest.leading_by_hand == [Purpose.tangible]


async def test_today_shows_matched_supports_in_one_line(tmp_path):
    app = why_app(why_household(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # below the fold: added right after the first paint
        line = text_of(app, "#today-matched")
        assert line.startswith("Supports that may fit why school is hard: arriving after the others")
        assert "\n" not in line.strip()


def test_attempt_fields_have_plain_titles():
    assert Attempt.model_fields["prediction_came_true"].title == "Did it happen"


async def test_progress_shows_the_profile_once_there_is_a_checkin(tmp_path):
    from screens.progress import ProgressScreen
    from tests.ui.pilot_helpers import until

    app = why_app(why_household(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await until_shown(pilot, ProgressScreen)
        await until(pilot, lambda: bool(app.screen.query("#progress-why")))
        assert "Social or being judged" in text_of(app, "#progress-why")
        assert "leads" in text_of(app, "#progress-why")


async def test_a_second_checkin_on_one_day_replaces_the_first(tmp_path):
    # The walk: redoing the check-in the same day made a second one (the export said
    # "2 check-ins", the chart drew two sets of markers), with no way to replace it.
    built = why_household(checkins=False)
    saves = iter(datetime(2026, 11, 20, 8, minute, tzinfo=UTC) for minute in range(60))
    store = Store.open(tmp_path / "reintegrate.json", today=TODAY, now=lambda: next(saves))
    store.put_many([*built.students, *built.attempts, *built.days])
    store.set_meta("current_student_id", built.students[0].id)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        await pilot.press("c")
        await until_shown(pilot, CheckInScreen)
        assert not app.screen.query("#checkin-replaces")  # the first: nothing to replace
        await pilot.press(*"123456012345", "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
        [first] = store.all(CheckIn, SAM)
        await pilot.press("c")
        await until_shown(pilot, CheckInScreen)
        # Said plainly before anything is saved, with the earlier answers shown to change.
        assert "Saving replaces them" in text_of(app, "#checkin-replaces")
        said = app.screen.query_one("#checkin-replaces")
        assert app.screen.get_widget_at(*said.region.offset)[0] is said  # in sight, not scrolled away
        assert app.screen.answers() == first.parent
        await pilot.press(*"000000000000", "ctrl+s")
        await settle(pilot)
        await until_shown(pilot, WhyScreen)
    [redone] = store.all(CheckIn, SAM)
    assert redone.id == first.id
    assert set(redone.parent.values()) == {0}
    # Saved as an edit of the same record, so a merge with the other home knows the
    # first version is replaced, not a second check-in to keep beside it.
    assert first.changed_at in redone.replaces
    assert redone.recorded_at == first.recorded_at
    store.close()
