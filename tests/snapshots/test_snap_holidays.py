"""Snapshots of the school holidays screen (Settings, then Ctrl+O) at 80x24 and 120x40,
on a fixed date (Monday 2 November 2026) with fixed holidays, and of its form with a
refused date range."""

from __future__ import annotations

from datetime import date

import pytest

from reintegrate.models.student import Closure
from screens.app import make_app
from tests.fixtures import make_household

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
HOLIDAYS = [
    Closure(start=date(2026, 10, 26), end=date(2026, 10, 30), label="October half term"),
    Closure(start=date(2026, 12, 21), end=date(2027, 1, 1), label="Christmas"),
    Closure(start=date(2027, 1, 4), end=date(2027, 1, 4), label="Training day"),
    Closure(start=date(2027, 2, 15), end=date(2027, 2, 19), label="February half term"),
]


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()

    return run_before


def _app(open_store, monday):
    household = make_household(monday)
    household.students[0].calendar.closures = list(HOLIDAYS)
    return make_app(open_store(household), monday)


@SIZES
def test_school_holidays(snap_compare, open_store, monday, size):
    assert snap_compare(_app(open_store, monday), terminal_size=size, run_before=keys("S", "ctrl+o"))


def test_school_holidays_none_yet(snap_compare, open_store, monday):
    assert snap_compare(make_app(open_store(), monday), terminal_size=(80, 24), run_before=keys("S", "ctrl+o"))


def test_school_holiday_form_refuses_an_end_before_the_start(snap_compare, open_store, monday):
    typing = ["a", *"Easter", "tab", *"2027-03-29", "tab", *"2027-03-09", "ctrl+s"]
    assert snap_compare(_app(open_store, monday), terminal_size=(80, 24), run_before=keys("S", "ctrl+o", *typing))
