"""Snapshots of working with the school: each tab, the forms, the letter, and Today
with an overdue request. Fixed date (Wednesday 11 November 2026), fixed data, fixed
sizes; the store lives in a temporary folder that no screen here shows."""

from __future__ import annotations

import pytest

from screens.app import make_app
from tests.school_ui_data import TODAY, school_store

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.fixture
def app(tmp_path):
    store = school_store(tmp_path / "data")
    yield make_app(store, TODAY)
    store.close()


def test_today_with_an_overdue_request(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL)


def test_today_with_an_overdue_request_large(snap_compare, app):
    assert snap_compare(app, terminal_size=LARGE)


def test_school_contacts(snap_compare, app):
    assert snap_compare(app, press=["c", "down"], terminal_size=SMALL)


def test_school_contacts_large(snap_compare, app):
    assert snap_compare(app, press=["c", "down"], terminal_size=LARGE)


def test_school_barriers(snap_compare, app):
    assert snap_compare(app, press=["c", "2"], terminal_size=SMALL)


def test_school_statements(snap_compare, app):
    assert snap_compare(app, press=["c", "3"], terminal_size=SMALL)


def test_contact_form(snap_compare, app):
    assert snap_compare(app, press=["c", "n", *"ms r", "right", "tab", "tab", *"Phoned", "tab",
                                    "tab", "5"], terminal_size=SMALL)


def test_answer_form(snap_compare, app):
    assert snap_compare(app, press=["c", "down", "a", *"Friday"], terminal_size=SMALL)


def test_barrier_form(snap_compare, app):
    assert snap_compare(app, press=["c", "2", "enter"], terminal_size=SMALL)


def test_school_details_form(snap_compare, app):
    assert snap_compare(app, press=["c", "i"], terminal_size=SMALL)


def test_letter(snap_compare, app):
    assert snap_compare(app, press=["c", "w"], terminal_size=SMALL)


def test_letter_large(snap_compare, app):
    assert snap_compare(app, press=["c", "w"], terminal_size=LARGE)


def test_letter_supports(snap_compare, app):
    async def choose_supports(pilot) -> None:
        await pilot.press("c", "w")
        pilot.app.screen.query_one("#letter-kind").value = "request_supports"
        await pilot.pause()
        pilot.app.screen.query_one("#support-safe_space").focus()
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, run_before=choose_supports, terminal_size=SMALL)
