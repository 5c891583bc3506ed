"""Merging another computer's records from the app: choose the file, see what would
change, confirm; from the school screen and from the command palette."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from textual.widgets import Header

from reintegrate.cli import main, write_demo
from reintegrate.models import Attempt, Contact, Outcome
from reintegrate.store import Store
from reintegrate.store.conflicts import conflicts_file
from reintegrate.store.paths import backup_dir
from screens.app import make_app
from screens.conflicts import ConflictsScreen
from screens.modals.merge import MergeFileModal, MergePreviewModal
from screens.school import SchoolScreen
from screens.today import TodayScreen
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


async def test_merge_from_today_writes_and_today_shows_it_without_stopping_the_app(tmp_path):
    """On Today, M, the other computer's export, Enter, y: Today comes back (drawn again
    as the dialog closes) and is drawn again with the merged records at once. Two
    recomposes in a row once replaced the header before it had written its title,
    and the app stopped with a traceback (NoMatches: HeaderTitle) after the merge."""
    home = tmp_path / "mum" / "reintegrate.json"
    home.parent.mkdir()
    write_demo(home, TODAY)
    dad = tmp_path / "dad.json"
    dad.write_bytes(home.read_bytes())
    day = TODAY.isoformat()
    assert main(["--data", str(dad), "--date", day, "letter", "request_meeting", "--log"]) == 0
    export = tmp_path / "dad-export.json"
    assert main(["--data", str(dad), "export", "--format", "json", "-o", str(export)]) == 0
    before = home.read_bytes()
    with Store.open(home, today=TODAY) as store:
        contacts = len(store.all(Contact))
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, TodayScreen)
            await pilot.press("M")
            await until_shown(pilot, MergeFileModal)
            app.screen.query_one("#merge-path").value = str(export)
            await pilot.press("enter")
            await until_shown(pilot, MergePreviewModal)
            await pilot.press("y")
            await until(pilot, lambda: home.read_bytes() != before)
            await settle(pilot)
            await pilot.pause(0.2)
            assert app.is_running and isinstance(app.screen, TodayScreen)
            screen = app.screen
            assert len(screen.query(Header)) == 1
            assert str(screen.query_one("HeaderTitle").render()).startswith(screen.title)
        assert app.return_code in (0, None)
        assert len(store.all(Contact)) == contacts + 1


async def test_a_copy_of_the_other_data_file_merges_from_the_app_as_from_the_command_line(tmp_path):
    """The app reads the file as `reintegrate merge` does: a copy of dad's data file (not
    an export) is merged, and dad's file is left as it was; a file that is neither an
    export nor a data file is refused in the command's words."""
    home = tmp_path / "mum" / "reintegrate.json"
    home.parent.mkdir()
    write_demo(home, TODAY)
    dad = tmp_path / "dad-reintegrate.json"
    dad.write_bytes(home.read_bytes())
    with Store.open(dad, today=TODAY, now=lambda: datetime(2026, 11, 26, 18, tzinfo=UTC)) as store:
        first = store.attempts(store.students()[0].id)[0]
        store.put(first.model_copy(update={"notes": "Changed at dad's"}))
    carried = dad.read_bytes()
    stray = tmp_path / "notes.json"
    stray.write_text('{"students": []}')
    before = home.read_bytes()
    with Store.open(home, today=TODAY) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for source in (stray, dad):
                await pilot.press("M")
                await until_shown(pilot, MergeFileModal)
                assert "or a copy of its data file" in str(app.screen.query_one("#question").render())
                app.screen.query_one("#merge-path").value = str(source)
                await pilot.press("enter")
                if source is stray:
                    await until(pilot, lambda: any("not a reintegrate export" in n.message
                                                   for n in app._notifications))
                    await settle(pilot)
                    assert home.read_bytes() == before
            await until_shown(pilot, MergePreviewModal)
            assert "Updated" in str(app.screen.query_one("#merge-lines").render())
            await pilot.press("y")
            await until(pilot, lambda: home.read_bytes() != before)
            await settle(pilot)
            assert isinstance(app.screen, TodayScreen)
        assert "Changed at dad's" in {a.notes for a in store.attempts(store.students()[0].id)}
    assert dad.read_bytes() == carried


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


# --- the versions kept aside -----------------------------------------------------------


def notes_edited_in_both_homes(tmp_path):
    """Mum's and dad's computers share the records; the notes of one day are then edited
    in both homes, dad's later, and mum merges dad's export: mum's notes are kept aside."""
    mum, dad = tmp_path / "mum" / "reintegrate.json", tmp_path / "dad" / "reintegrate.json"
    mum.parent.mkdir()
    dad.parent.mkdir()
    write_demo(mum, TODAY)
    with Store.open(mum, today=TODAY) as store:
        household = store.household()
        attempt = store.attempts(store.students()[0].id)[-1]
        contact = store.all(Contact)[0]
    with Store.open(dad, today=TODAY) as store:
        store.replace_all(household)
    with Store.open(mum, today=TODAY, now=lambda: datetime(2026, 11, 24, 19, 0, tzinfo=UTC)) as store:
        store.put(attempt.model_copy(update={"notes": "Mum: he cried at the gate [b]"}))
    with Store.open(dad, today=TODAY, now=lambda: datetime(2026, 11, 25, 8, 10, tzinfo=UTC)) as store:
        store.put(attempt.model_copy(update={"notes": "Dad: calm once inside"}))
        store.put(contact.model_copy(update={"answer": "Meeting on Friday"}))  # only dad changed it
    export = tmp_path / "dad.json"
    assert main(["--data", str(dad), "export", "-o", str(export)]) == 0
    assert main(["--data", str(mum), "merge", str(export)]) == 0
    return mum, dad, attempt


async def test_the_versions_kept_aside_are_shown_and_either_can_be_kept(tmp_path):
    mum, dad, attempt = notes_edited_in_both_homes(tmp_path)
    kept = json.loads(conflicts_file(mum).read_text())["kept"]
    assert [k["record"]["notes"] for k in kept] == ["Mum: he cried at the gate [b]"]  # the contact is no conflict
    chosen_at = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    with Store.open(mum, today=TODAY, now=lambda: chosen_at) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await until_shown(pilot, SchoolScreen)
            await pilot.press("K")
            await until_shown(pilot, ConflictsScreen)
            screen = app.screen
            await settle(pilot)
            table = screen.query_one("#conflicts-table")
            assert table.row_count == 1
            detail = str(screen.query_one("#conflicts-detail").render())
            day = f"{attempt.on:%a} {attempt.on.day} {attempt.on:%b %Y}"
            assert f"Sam's attempt on {day}" in detail
            assert "this computer's version, saved on Tue 24 Nov 2026 at 19:00 UTC" in detail
            assert "In the records now: a version saved on Wed 25 Nov 2026 at 08:10 UTC" in detail
            assert "What differs: Notes" in detail
            assert "kept aside “Mum: he cried at the gate [b]”, now “Dad: calm once inside”" in detail
            await pilot.press("k")
            await until(pilot, lambda: table.row_count == 0)
            saved = store.get(Attempt, attempt.id)
            assert saved.notes == "Mum: he cried at the gate [b]" and saved.changed_at == chosen_at
            assert "No versions kept aside" in str(screen.query_one("#conflicts-intro").render())
    assert json.loads(conflicts_file(mum).read_text())["kept"] == []
    # The choice is an ordinary edit: it reaches dad's computer with the next merge, as
    # a later edit of his version, so nothing is kept aside there.
    export = tmp_path / "mum.json"
    assert main(["--data", str(mum), "export", "-o", str(export)]) == 0
    assert main(["--data", str(dad), "merge", str(export)]) == 0
    with Store.open(dad, read_only=True) as store:
        assert store.get(Attempt, attempt.id).notes == "Mum: he cried at the gate [b]"
    assert not conflicts_file(dad).exists()


async def test_keeping_the_record_as_it_is_now_clears_the_entry_and_the_palette_opens_the_screen(tmp_path):
    mum, _, attempt = notes_edited_in_both_homes(tmp_path)
    with Store.open(mum, today=TODAY) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert titles.count("Versions kept aside by merges") == 1
            app.action_open_conflicts()
            await until_shown(pilot, ConflictsScreen)
            screen = app.screen
            await settle(pilot)
            await pilot.press("n")
            await until(pilot, lambda: screen.query_one("#conflicts-table").row_count == 0)
            assert store.get(Attempt, attempt.id).notes == "Dad: calm once inside"
    assert json.loads(conflicts_file(mum).read_text())["kept"] == []


async def test_the_preview_says_when_the_other_computer_recorded_the_step_just_left(tmp_path):
    """Mum moved up on Wednesday; Dad, not yet merged, recorded Thursday at the old step:
    the merge dialog says so, in the words the command line prints."""
    from reintegrate.models import Decision, Household, Ladder, ProposalKind, Step, Student
    from reintegrate.store.merge import plan_merge

    steps = [Step(id="gate", title="Morning until break", planned_minutes=120),
             Step(id="lunch", title="Morning until lunch", planned_minutes=210)]
    mum_leo = Student(id="leo", name="Leo", ladder=Ladder(steps=steps, current_step_id="lunch"))
    dad_leo = mum_leo.model_copy(update={"ladder": Ladder(steps=steps, current_step_id="gate")})
    wed, thu = date(2027, 1, 20), date(2027, 1, 21)
    moved = Decision(student_id="leo", on=wed, proposal_kind=ProposalKind.advance, from_step_id="gate",
                     chosen_step_id="lunch", accepted=True)
    refused = Attempt(student_id="leo", on=thu, step_id="gate", step_title="Morning until break",
                      planned_minutes=120, outcome=Outcome.refused, minutes_managed=0, distress_peak=8)
    plan = plan_merge(Household(students=[mum_leo], decisions=[moved]),
                      Household(students=[dad_leo], attempts=[refused]), "dad.json", set())
    home = tmp_path / "mum" / "reintegrate.json"
    home.parent.mkdir()
    write_demo(home, TODAY)
    with Store.open(home, today=TODAY) as store:
        app = make_app(store, TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            app.push_screen(MergePreviewModal(plan, conflicts_file(home)))
            await until_shown(pilot, MergePreviewModal)
            shown = " ".join(str(app.screen.query_one("#merge-lines").render()).split())
            assert ("The other computer recorded Leo's Thu 21 Jan at 'Morning until break', the step before "
                    "Wednesday's move up to 'Morning until lunch' (Wed 20 Jan, made here)") in shown
