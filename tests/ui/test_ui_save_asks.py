"""Saving a letter's copy over a file that exists asks first; the store's own files are
never offered as a place for it (issue 16, item 11)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from screens.app import make_app
from screens.letter import LetterScreen
from screens.modals.letter import SaveLetterModal
from screens.school import SchoolScreen
from screens.widgets.fields import FormInput
from tests.school_ui_data import TODAY, school_store
from tests.ui.pilot_helpers import settle, until_shown

SIZE = (80, 24)


@pytest.fixture
def store(tmp_path):
    opened = school_store(tmp_path / "data")
    yield opened
    opened.close()


async def to_save_dialog(pilot) -> SaveLetterModal:
    for key, screen in (("c", SchoolScreen), ("w", LetterScreen), ("ctrl+s", SaveLetterModal)):
        await pilot.press(key)
        await until_shown(pilot, screen)
    return pilot.app.screen


def error_of(dialog) -> str:
    return str(dialog.query_one("#send-error", Static).render())


async def test_a_letter_copy_over_an_existing_file_asks_before_replacing(store, tmp_path):
    mine = tmp_path / "mine.md"
    mine.write_text("keep me")
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await to_save_dialog(pilot)
        dialog.query_one("#send-path", FormInput).value = str(mine)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert error_of(dialog) == "mine.md already exists. Press Ctrl+S again to replace it."
        assert mine.read_text() == "keep me"
        await pilot.press("ctrl+s")
        await until_shown(pilot, SchoolScreen)
        await settle(pilot)
    assert mine.read_text().startswith("Subject: Request for a team meeting")
    assert mine.stat().st_mode & 0o777 == 0o600


async def test_a_letter_copy_is_never_written_over_the_store_s_own_files(store):
    app = make_app(store, TODAY)
    lock = store.path.with_name(f".{store.path.name}.lock")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await to_save_dialog(pilot)
        for target, words in ((store.path, "the data file itself"), (lock, "a reintegrate data file's own files")):
            dialog.query_one("#send-path", FormInput).value = str(target)
            for _ in range(2):  # asking twice does not make it allowed
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert app.screen is dialog
                assert words in error_of(dialog)
