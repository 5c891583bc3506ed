"""Snapshots of the ladder editor: the screen at 80x24 and 120x40, and the step form.

Fixed date, fixed household (tests/fixtures.py), fixed sizes. Nothing here saves, so
no notification can appear in a picture.
"""

from __future__ import annotations

import pytest

from reintegrate.ladder import retire_step
from reintegrate.models import Household
from screens.app import make_app
from tests.fixtures import make_household, step_id
from tests.ui.ladder_pilot import LARGE, MONDAY, SMALL, Stores, empty_ladder_household


@pytest.fixture
def stores(tmp_path):
    opened = Stores(tmp_path)
    yield opened
    opened.close()


def reshaped_household() -> Household:
    """Sam's ladder with one step retired and one support noted as arranged."""
    household = make_household(MONDAY)
    sam = household.students[0]
    sam.ladder = retire_step(sam.ladder, step_id(6))
    sam.arranged_supports = ["parent drives", "trusted adult meets"]
    return household


async def open_ladder(pilot) -> None:
    await pilot.press("l")
    await pilot.pause()


async def open_ladder_with_retired(pilot) -> None:
    await pilot.press("l", "v")
    await pilot.pause()


def test_ladder_with_hints_80x24(snap_compare, stores):
    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=open_ladder)


def test_ladder_with_hints_120x40(snap_compare, stores):
    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=LARGE, run_before=open_ladder)


def test_ladder_with_retired_steps_80x24(snap_compare, stores):
    app = make_app(stores(reshaped_household()), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=open_ladder_with_retired)


def test_ladder_with_retired_steps_and_support_hints_120x40(snap_compare, stores):
    app = make_app(stores(reshaped_household()), MONDAY)
    assert snap_compare(app, terminal_size=LARGE, run_before=open_ladder_with_retired)


def test_empty_ladder_80x24(snap_compare, stores):
    app = make_app(stores(empty_ladder_household()), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=open_ladder)


def test_step_form_empty_80x24(snap_compare, stores):
    async def add(pilot) -> None:
        await pilot.press("l", "a")
        await pilot.pause()

    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=add)


def test_step_form_with_problems_80x24(snap_compare, stores):
    async def add_badly(pilot) -> None:
        await pilot.press("l", "a")
        await pilot.pause()
        # No title, minutes past the limit and a rating past 10: three problems.
        await pilot.press("tab", "tab", "tab", *"900", "tab", "tab", *"12", "ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=add_badly)


def test_step_form_editing_120x40(snap_compare, stores):
    async def edit(pilot) -> None:
        await pilot.press("l", "e")
        await pilot.pause()

    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=LARGE, run_before=edit)


def test_template_choice_80x24(snap_compare, stores):
    async def templates(pilot) -> None:
        await pilot.press("l", "t")
        await pilot.pause()

    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=templates)


def test_change_of_current_step_80x24(snap_compare, stores):
    async def current(pilot) -> None:
        await pilot.press("l", "up", "up", "c")
        await pilot.pause()

    app = make_app(stores(), MONDAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=current)
