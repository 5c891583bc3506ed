"""Snapshots of the progress screen and its dialogs: fixed household, date and size.

Sam's fixed household with four decisions, as of Thursday 26 November 2026. HOME is
fixed too, because the report dialog proposes a file in the home folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.app import make_app
from tests.fixtures import store_with
from tests.ui.test_ui_progress import TODAY, progress_household

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.fixture
def app(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HOME", "/home/family")
    store = store_with(progress_household(), tmp_path, today=TODAY)
    yield make_app(store, TODAY)
    store.close()


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def opened(*keys: str, scroll_to: str | None = None):
    """Open Progress, wait for the figures, press `keys`, then bring `scroll_to` to the top."""

    async def run_before(pilot) -> None:
        await pilot.press("p")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if scroll_to is not None:
            target = pilot.app.screen.query_one(scroll_to)
            pilot.app.screen.query_one("#progress").scroll_to_widget(target, animate=False, top=True)
            await pilot.pause()

    return run_before


def test_progress_small(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=opened())


def test_progress_small_charts(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=opened(scroll_to="#chart-steps"))


def test_progress_small_patterns(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=opened(scroll_to="#progress-patterns"))


def test_progress_small_decisions(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=opened(scroll_to="#progress-decisions"))


def test_progress_large(snap_compare, app):
    assert snap_compare(app, terminal_size=LARGE, run_before=opened())


def test_progress_large_charts(snap_compare, app):
    assert snap_compare(app, terminal_size=LARGE, run_before=opened(scroll_to="#progress-charts"))


def test_progress_large_two_weeks(snap_compare, app):
    assert snap_compare(app, terminal_size=LARGE, run_before=opened("1", scroll_to="#progress-charts"))


def test_progress_large_patterns(snap_compare, app):
    assert snap_compare(app, terminal_size=LARGE, run_before=opened(scroll_to="#progress-patterns"))


def test_chosen_dates_with_a_mistake(snap_compare, app):
    async def run_before(pilot) -> None:
        await opened("5")(pilot)
        pilot.app.screen.query_one("#dates-start").value = "2026-11-31"
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_save_a_report(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=opened("e"))
