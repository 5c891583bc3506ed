"""Merging another computer's records from the app: choose the file, see what would
change, confirm; from the school screen and from the command palette."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reintegrate.cli import main, write_demo
from reintegrate.models import Attempt, Outcome
from reintegrate.store import Store
from reintegrate.store.conflicts import conflicts_file
from reintegrate.store.paths import backup_dir
from screens.app import make_app
from screens.modals.merge import MergeFileModal, MergePreviewModal
from screens.school import SchoolScreen
from tests.ui.pilot_helpers import settle, until, until_shown

SIZE = (80, 24)
TODAY = date(2026, 11, 26)


def other_computer(tmp_path):
    """The demo household on a second computer, with a new attempt, exported."""
    home = tmp_path / "dad" / "reintegrate.json"
    home.parent.mkdir()
    write_demo(home, TODAY)
    with Store.open(home, today=TODAY, now=lambda: datetime(2026, 11, 26, 18, tzinfo=UTC)) as store:
        student = store.students()[0]
        step = student.ladder.current
        store.put(Attempt(student_id=student.id, on=TODAY, step_id=step.id, step_title=step.title,
                          planned_minutes=step.planned_minutes, outcome=Outcome.completed,
                          minutes_managed=step.planned_minutes, notes="At dad's [bold]"))
        first = store.attempts(student.id)[0]
        store.put(first.model_copy(update={"notes": "Changed at dad's"}))
    export = tmp_path / "dad.json"
    assert main(["--data", str(home), "export", "-o", str(export)]) == 0
    return export


async def test_merge_from_the_school_screen_shows_the_changes_then_writes(tmp_path):
    export = other_computer(tmp_path)
    home = tmp_path / "mum" / "reintegrate.json"
    home.parent.mkdir()
    write_demo(home, TODAY)
    with Store.open(home, today=TODAY) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await until_shown(pilot, SchoolScreen)
            await pilot.press("M")
            await until_shown(pilot, MergeFileModal)
            await pilot.press(*str(tmp_path / "missing.json"), "enter")
            assert isinstance(app.screen, MergeFileModal)  # no such file: said, and asked again
            app.screen.query_one("#merge-path").value = str(export)
            await pilot.press("enter")
            await until_shown(pilot, MergePreviewModal)
            shown = str(app.screen.query_one("#merge-lines").render())
            assert "Added from the other computer (1)" in shown and "Updated" in shown
            before = home.read_bytes()
            assert store.attempts(store.students()[0].id)[-1].notes != "At dad's [bold]"
            await pilot.press("y")
            await until(pilot, lambda: home.read_bytes() != before)
            await settle(pilot)
            assert isinstance(app.screen, SchoolScreen)
            notes = {a.notes for a in store.attempts(store.students()[0].id)}
            assert {"At dad's [bold]", "Changed at dad's"} <= notes
    # Only dad changed those records: nothing of mum's was replaced, nothing kept aside.
    assert not conflicts_file(home).exists() and list(backup_dir(home).glob("*.merge.json"))


async def test_merge_is_in_the_command_palette_and_can_be_cancelled(tmp_path):
    export = other_computer(tmp_path)
    home = tmp_path / "mum" / "reintegrate.json"
    home.parent.mkdir()
    write_demo(home, TODAY)
    before = home.read_bytes()
    with Store.open(home, today=TODAY) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert titles.count("Merge another computer's records") == 1
            app.action_merge()
            await until_shown(pilot, MergeFileModal)
            app.screen.query_one("#merge-path").value = str(export)
            await pilot.press("enter")
            await until_shown(pilot, MergePreviewModal)
            await pilot.press("n")
            await settle(pilot)
            assert not isinstance(app.screen, MergePreviewModal)
    assert home.read_bytes() == before and not conflicts_file(home).exists()
