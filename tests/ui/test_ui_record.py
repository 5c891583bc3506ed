"""Recording, correcting and deleting attempts with the keyboard alone."""

from __future__ import annotations

from reintegrate.models import Attempt, DayKind, DayStatus, Outcome
from screens.app import make_app
from screens.history import HistoryScreen
from screens.modals.confirm import ConfirmModal
from screens.record import RecordScreen
from screens.today import TodayScreen
from tests.fixtures import STUDENT_ID, step_id
from tests.ui.pilot_helpers import line_of, settle, text_of, until_shown

SIZE = (80, 24)


async def test_record_an_attempt_with_keys_only(open_store, monday):
    store = open_store()
    before = len(store.attempts(STUDENT_ID))
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("1", "tab")  # Completed; on to minutes (selected, so typing replaces)
        await pilot.press("1", "2", "tab", "5", "tab", "6", "tab", "3", "tab")
        await pilot.press(*"sch", "right")  # accept the suggestion: "school van"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "Recorded today: Completed" in line_of(app, "#today-head", "recorded")

    attempts = store.attempts(STUDENT_ID)
    assert len(attempts) == before + 1
    saved = [a for a in attempts if a.on == monday]
    assert len(saved) == 1
    attempt = saved[0]
    assert attempt.outcome is Outcome.completed
    assert attempt.step_id == step_id(4)
    assert attempt.step_title == "Fifteen minutes in the safe room"
    assert (attempt.minutes_managed, attempt.planned_minutes) == (12, 15)
    assert (attempt.distress_before, attempt.distress_peak, attempt.distress_after) == (5, 6, 3)
    assert attempt.triggers == ["school van"]


async def test_form_is_prefilled_from_todays_step(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        values = screen.form_values()
        assert values["step"] == step_id(4)
        assert values["on"] == monday.isoformat()
        assert values["minutes"] == "15"
        assert values["outcome"] is None


async def test_refused_sets_untouched_minutes_to_zero(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "4", "ctrl+s")
        await settle(pilot)
    attempt = next(a for a in store.attempts(STUDENT_ID) if a.on == monday)
    assert attempt.outcome is Outcome.refused
    assert attempt.minutes_managed == 0


async def test_a_validation_error_is_shown_and_nothing_saved(open_store, monday):
    store = open_store()
    on_disk = store.path.read_bytes()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        # No outcome chosen; distress before out of range; a time that is not one.
        await pilot.press("tab", "tab", "1", "2")
        app.screen.query_one("#left_home_at").value = "25:99"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert "press 1 to 5" in text_of(app, "#outcome-error")
        assert "Distress before must be a whole number from 0 to 10." in text_of(app, "#distress-error")
        assert "Left home at" in text_of(app, "#morning-error")
        assert app.screen.query_one("#outcome").has_focus
        # Fixing the outcome alone is not enough: still nothing saved.
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
    assert store.path.read_bytes() == on_disk
    assert not [a for a in store.attempts(STUDENT_ID) if a.on == monday]


async def test_edit_an_attempt_from_history(open_store, monday):
    store = open_store()
    count = len(store.attempts(STUDENT_ID))
    newest = store.attempts(STUDENT_ID)[-1]
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")  # the newest record, the cursor's first row
        form = app.screen
        assert isinstance(form, RecordScreen)
        assert form.form_values()["outcome"] is newest.outcome
        await pilot.press("2", "tab", "8", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    edited = store.get(Attempt, newest.id)
    assert edited.outcome is Outcome.partial
    assert edited.minutes_managed == 8
    assert edited.step_title == newest.step_title
    assert edited.distress_peak == newest.distress_peak
    assert len(store.attempts(STUDENT_ID)) == count


async def test_r_on_a_recorded_day_corrects_that_attempt(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1", "ctrl+s")
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.attempt is not None
        await pilot.press("5", "ctrl+s")
        await settle(pilot)
    today = [a for a in store.attempts(STUDENT_ID) if a.on == monday]
    assert [a.outcome for a in today] == [Outcome.did_more]


async def test_delete_asks_first(open_store, monday):
    store = open_store()
    newest = store.attempts(STUDENT_ID)[-1]
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "delete")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("n")
        await until_shown(pilot, HistoryScreen)
        assert store.get(Attempt, newest.id) is not None
        await pilot.press("delete")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("enter")  # the focused answer is the safe one
        await until_shown(pilot, HistoryScreen)
        assert store.get(Attempt, newest.id) is not None
        await pilot.press("delete")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert store.get(Attempt, newest.id) is None


async def test_attempt_on_a_marked_day_asks_to_replace(open_store, monday):
    store = open_store()
    store.put(DayStatus(id="day-today", student_id=STUDENT_ID, on=monday, kind=DayKind.ill))
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1", "ctrl+s")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("n")
        await until_shown(pilot, RecordScreen)
        assert store.get(DayStatus, "day-today") is not None
        await pilot.press("ctrl+s")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await until_shown(pilot, TodayScreen)
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    assert store.get(DayStatus, "day-today") is None
    assert [a.outcome for a in store.attempts(STUDENT_ID) if a.on == monday] == [Outcome.completed]


async def test_leaving_a_changed_form_asks(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "escape")
        await until_shown(pilot, TodayScreen)  # nothing typed: leaves at once
        await pilot.press("r", "3", "escape")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("n")
        await until_shown(pilot, RecordScreen)
        await pilot.press("escape")
        await until_shown(pilot, ConfirmModal)
        await pilot.press("y")
        await until_shown(pilot, TodayScreen)
    assert not [a for a in store.attempts(STUDENT_ID) if a.on == monday]


async def test_q_in_a_form_does_not_quit(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, RecordScreen)


async def test_every_label_of_the_record_form_leaves_a_space_before_its_field(open_store, monday):
    from rich.cells import cell_len
    from textual.widgets import Label

    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until_shown(pilot, RecordScreen)
        labels = list(app.screen.query(".form-label").results(Label))
        assert any("Did it happen" in str(label.render()) for label in labels)
        for label in labels:
            words = str(label.render())
            assert label.region.height == 1, f"'{words}' wraps"
            assert cell_len(words) < label.region.width, f"'{words}' touches its field"


async def test_a_refused_day_says_what_filled_the_school_hours_at_home(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "4")  # Refused
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        screen.query_one("#during_school_hours").focus()
        await pilot.press(*"gamed and slept till noon", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("r")  # correcting it shows the note as saved
        assert isinstance(app.screen, RecordScreen) and app.screen.attempt is not None
        assert app.screen.form_values()["during_school_hours"] == "gamed and slept till noon"
    attempt = next(a for a in store.attempts(STUDENT_ID) if a.on == monday)
    assert (attempt.outcome, attempt.during_school_hours) == (Outcome.refused, "gamed and slept till noon")


async def test_leaving_school_early_is_recorded_on_the_days_attempt(open_store, monday):
    store = open_store()
    app = make_app(store, monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "2", "tab", "3", "0")  # Partly, 30 minutes
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        screen.query_one("#left_school_at").focus()
        await pilot.press(*"10.4", "ctrl+s")  # not a time: nothing saved, the problem shown
        await settle(pilot)
        assert app.screen is screen
        assert "time" in str(screen.query_one("#left_school_at-error").render()).lower()
        await pilot.press("backspace", *"40", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    attempt = next(a for a in store.attempts(STUDENT_ID) if a.on == monday)
    assert (attempt.outcome, f"{attempt.left_school_at:%H:%M}") == (Outcome.partial, "10:40")
