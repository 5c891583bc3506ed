"""Snapshots of every screen at 80x24 and 120x40, on a fixed date with fixed data.

Review every new or changed SVG (convert it to PNG and look) before accepting it
with `pytest --snapshot-update`.
"""

from __future__ import annotations

import pytest

from reintegrate.models import Household, Outcome
from screens.app import make_app
from tests.fixtures import make_attempt, make_household

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def keys(*presses: str):
    """A run_before that presses keys, then lets the screen settle."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()

    return run_before


@SIZES
def test_setup(snap_compare, open_store, monday, size):
    app = make_app(open_store(Household()), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@SIZES
def test_today_school_day_with_an_attempt(snap_compare, open_store, monday, size):
    household = make_household(monday)
    student = household.students[0]
    row = (Outcome.completed, 15, 4, 3, 2, [], [], ["safe space"])
    household.attempts.append(make_attempt(student, monday, 4, row))
    app = make_app(open_store(household), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@SIZES
def test_today_nothing_recorded_yet(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@SIZES
def test_today_weekend(snap_compare, open_store, saturday, size):
    app = make_app(open_store(today=saturday), saturday)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@SIZES
def test_record_empty(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys("r"))


@SIZES
def test_record_with_validation_errors(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    # No outcome, and distress before of 12: two fields to fix, nothing saved.
    run_before = keys("r", "tab", "tab", "1", "2", "ctrl+s")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_history(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys("h"))


@SIZES
def test_ladder(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys("l"))


@SIZES
def test_help_on_today(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys("question_mark"))


@SIZES
def test_mark_a_day(snap_compare, open_store, monday, size):
    app = make_app(open_store(), monday)
    assert snap_compare(app, terminal_size=size, run_before=keys("d", "1"))
