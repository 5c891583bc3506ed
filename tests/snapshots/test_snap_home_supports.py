"""Snapshots of the supports kept at home: the dialog (H), and Today with one in place,
on a fixed household (tests/ui/home_support.py), date (Thursday 26 November 2026) and
size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reintegrate.models import HomeSupport
from screens.modals.home_supports import HomeSupportsModal
from tests.ui.home_support import home_household
from tests.ui.pilot_helpers import settle, until_shown
from tests.ui.why_support import why_app

SMALL = (80, 24)


def _app(tmp_path: Path, *kept: HomeSupport):
    built = home_household()
    built.students[0].home_supports = list(kept)
    return why_app(built, tmp_path)


@pytest.fixture
def app(tmp_path: Path):
    built = _app(tmp_path,
                 HomeSupport(support="school hours at home that look like school", started_on=date(2026, 11, 16)),
                 HomeSupport(support="a written agreement", started_on=date(2026, 11, 2), ended_on=date(2026, 11, 13)))
    yield built
    built.session.store.close()


def test_home_supports_dialog_small(app, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("H")
        await until_shown(pilot, HomeSupportsModal)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_today_with_a_support_at_home_small(app, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_accept_the_home_side_change_small(tmp_path, snap_compare) -> None:
    from screens.modals.decide import AcceptModal
    from tests.ui.home_support import refusing_household

    app = why_app(refusing_household(), tmp_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
    finally:
        app.session.store.close()
