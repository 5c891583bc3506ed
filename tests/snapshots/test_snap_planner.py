"""Snapshots of the planner on screen: Today with each kind of proposal, the decision
dialogs, the decisions, the next school days and the settings. Fixed size, fixed date
(TODAY, a Thursday), fixed records (tests/ui/test_ui_planner_support.py)."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from reintegrate.models import ProposalKind
from screens.modals.decide import AcceptModal, OverrideModal, SplitModal
from screens.settings import SettingsScreen
from tests.ui.pilot_helpers import settle as settle_saves
from tests.ui.pilot_helpers import until_shown
from tests.ui.test_ui_planner_support import (
    KINDS,
    address_trigger,
    advance,
    app_for,
    review_plan,
    split_step,
    step_back,
    with_decisions,
)

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.mark.parametrize("kind", list(KINDS), ids=[k.value for k in KINDS])
def test_today_proposes(kind: ProposalKind, snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(KINDS[kind](), tmp_path), terminal_size=SMALL)


@pytest.mark.parametrize("kind", [ProposalKind.split_step, ProposalKind.review_plan, ProposalKind.address_trigger],
                         ids=["split_step", "review_plan", "address_trigger"])
def test_today_proposes_large(kind: ProposalKind, snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(KINDS[kind](), tmp_path), terminal_size=LARGE)


def test_today_reasons_scrolled_into_view(snap_compare, tmp_path) -> None:
    """At 80x24 the reasons are below the step: End brings them (and the last attempts) up."""
    async def scroll(pilot) -> None:
        await pilot.pause()  # what is below the fold is added right after the first paint
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(app_for(advance(), tmp_path), terminal_size=SMALL, run_before=scroll)


async def settle(pilot) -> None:
    """Let saves finish and put away their notices, which would time out mid-snapshot."""
    await settle_saves(pilot)
    pilot.app.clear_notifications()
    # A save recomposes the screen; its footer fills in a moment later.
    for _ in range(50):
        await pilot.pause()
        if pilot.app.screen.query_one(Footer).children:
            break


def opens(key: str, dialog: type, *then: str):
    """Press `key`, wait for the dialog Today opens from a worker, then press `then`."""
    async def run_before(pilot) -> None:
        await pilot.press(key)
        await until_shown(pilot, dialog)
        if then:
            await pilot.press(*then)
            await settle_saves(pilot)

    return run_before


def test_today_decided(snap_compare, tmp_path) -> None:
    async def accept(pilot) -> None:
        await opens("a", AcceptModal)(pilot)
        await pilot.press("y")
        await settle(pilot)

    assert snap_compare(app_for(advance(), tmp_path), terminal_size=SMALL, run_before=accept)


def test_today_overridden(snap_compare, tmp_path) -> None:
    async def override(pilot) -> None:
        await opens("o", OverrideModal)(pilot)
        await pilot.press("tab", *"Trip week", "enter")
        await settle(pilot)

    assert snap_compare(app_for(step_back(), tmp_path), terminal_size=SMALL, run_before=override)


def test_accept_dialog_for_a_trigger(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(address_trigger(), tmp_path), terminal_size=SMALL, run_before=opens("a", AcceptModal))


def test_override_dialog_needs_a_reason(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(advance(), tmp_path), terminal_size=SMALL,
                        run_before=opens("o", OverrideModal, "up", "ctrl+s"))


def test_split_dialog(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(split_step(), tmp_path), terminal_size=SMALL, run_before=opens("a", SplitModal))


def test_decisions(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(with_decisions(review_plan()), tmp_path), terminal_size=SMALL,
                        press=["D", "down"])


def test_decisions_large(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(with_decisions(review_plan()), tmp_path), terminal_size=LARGE,
                        press=["D", "down"])


def test_next_school_days(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(advance(), tmp_path), terminal_size=SMALL, press=["n"])


def test_settings(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(review_plan(), tmp_path), terminal_size=SMALL, press=["S"])


def test_settings_with_problems(snap_compare, tmp_path) -> None:
    async def type_badly(pilot) -> None:
        await pilot.press("S")
        # Under a loaded machine the screen can come up after keys pressed at once.
        await until_shown(pilot, SettingsScreen)
        await pilot.pause()
        await pilot.press("backspace", "0")
        screen = pilot.app.screen
        screen.query_one("#set-trigger_successful_share").value = "120"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen.query_one("#settings-form").scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(app_for(review_plan(), tmp_path), terminal_size=SMALL, run_before=type_badly)


def test_settings_large(snap_compare, tmp_path) -> None:
    assert snap_compare(app_for(review_plan(), tmp_path), terminal_size=LARGE, press=["S"])
