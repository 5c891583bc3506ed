"""Snapshots of the Why screen and the check-in: fixed household (tests/ui/why_support.py),
date (Thursday 26 November 2026) and size."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.why import WhyScreen
from tests.ui.pilot_helpers import until_shown
from tests.ui.why_support import why_app, why_household

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.fixture
def app(tmp_path: Path):
    built = why_app(why_household(), tmp_path)
    yield built
    built.session.store.close()


def opened(*keys: str, scroll_to: str | None = None):
    async def run_before(pilot) -> None:
        await pilot.press("y")
        await until_shown(pilot, WhyScreen)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if scroll_to is not None:
            screen = pilot.app.screen
            screen.query_one("#why").scroll_to_widget(screen.query_one(scroll_to), animate=False, top=True)
        await pilot.pause()

    return run_before


def test_why_small(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=opened())


def test_why_small_signals(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=opened(scroll_to="#why-signals"))


def test_why_large(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=LARGE, run_before=opened())


def test_checkin_small(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=opened("c", "4", "2"))
