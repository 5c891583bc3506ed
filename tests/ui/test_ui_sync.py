"""Sync in the app: right after the first paint it merges what the other home wrote
(Today says so in one line, the school log says what came in and when the other home
last wrote, a conflict's loser is in the versions-kept-aside screen), writes this
home's file after saves (a few seconds apart at most) and as it closes. Without sync
set up, nothing of it happens."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reintegrate import agefile
from reintegrate.store import Store
from screens.app import make_app
from screens.conflicts import ConflictsScreen
from screens.school import SchoolScreen
from tests.fixtures import make_household
from tests.sync_homes import TODAY, Clock, Home, SyncTool, new_key
from tests.ui.pilot_helpers import settle, text_of, until, until_shown

SIZE = (80, 24)


def footer_keys(app) -> list[str]:
    return [key.key for key in app.screen.query_one(Footer).query(FooterKey)]


@pytest.fixture(scope="module")
def identity() -> str:
    return new_key()


@pytest.fixture
def homes(tmp_path, identity):
    clock = Clock()
    a = Home(tmp_path, "a", identity, clock, make_household(TODAY))
    b = Home(tmp_path, "b", identity, clock)
    tool = SyncTool(a, b)
    a.sync()
    tool.carry(a, b)
    b.sync()
    return a, b, tool


def notes_in_own_file(home: Home, identity: str) -> set[str]:
    document = json.loads(agefile.decrypt_with(home.own_file.read_bytes(), identity))
    return {a["notes"] for a in document["household"]["attempts"]}


async def test_what_the_other_home_wrote_is_merged_after_the_first_paint_and_said(homes, identity):
    a, b, tool = homes
    b.add_attempt("at the other home")
    b.sync()
    tool.carry(b, a)
    with Store.open(a.data, today=TODAY, now=a.clock) as store:
        app = make_app(store, TODAY, config=a.config)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.session.sync_line != "")
            await settle(pilot)
            assert app.sync_on is True
            assert text_of(app, "#today-sync") == "Sync: from the other home, 1 attempt."
            assert "at the other home" in {x.notes for x in store.attempts(store.students()[0].id)}
            assert "at the other home" in notes_in_own_file(a, identity), "this home's file holds the merge"
            await pilot.press("c")
            await until_shown(pilot, SchoolScreen)
            intro = text_of(app, "#contacts-intro")
            assert "Today, from the other home: 1 attempt." in intro
            assert "The other home last wrote today" in intro
            assert "kept aside" not in intro and "K" not in footer_keys(app), "nothing is kept aside"
            await pilot.press("K")  # still opens the screen, which says nothing waits there
            await until_shown(pilot, ConflictsScreen)


async def test_a_version_that_lost_to_the_other_homes_later_change_is_in_the_versions_kept_aside(homes):
    a, b, tool = homes
    with a.open() as store:
        attempt = store.attempts(store.students()[0].id)[-1]
    a.change_notes(attempt.id, "Mum: tired but went in")
    b.change_notes(attempt.id, "Dad: calm once inside")  # later, by the shared clock
    b.sync()
    tool.carry(b, a)
    with Store.open(a.data, today=TODAY, now=a.clock) as store:
        app = make_app(store, TODAY, config=a.config)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.session.sync_line != "")
            await settle(pilot)
            said = "1 version kept aside: press K in the school log to see it."
            assert said in text_of(app, "#today-sync")
            await pilot.press("c")
            await until_shown(pilot, SchoolScreen)
            await settle(pilot)
            assert said in text_of(app, "#contacts-intro"), "the school log's sync lines say so too"
            assert "K" in footer_keys(app)
            await pilot.press("K")
            await until_shown(pilot, ConflictsScreen)
            await settle(pilot)
            assert app.screen.query_one("#conflicts-table").row_count == 1
            detail = text_of(app, "#conflicts-detail")
            assert "Mum: tired but went in" in detail and "Dad: calm once inside" in detail


async def test_this_homes_file_is_written_after_saves_and_as_the_app_closes(homes, identity, monkeypatch):
    monkeypatch.setattr("screens.syncing.WRITE_EVERY", 0.05)
    a, b, tool = homes
    with Store.open(a.data, today=TODAY, now=a.clock) as store:
        app = make_app(store, TODAY, config=a.config)
        student = store.students()[0]
        first = store.attempts(student.id)[-1]
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.sync_on is not None)
            await settle(pilot)
            assert app.sync_on is True
            app.saver.save(app.screen, put=[first.model_copy(update={"notes": "saved in the app"})], summary="Saved.")
            await until(pilot, lambda: "saved in the app" in notes_in_own_file(a, identity))
            monkeypatch.setattr("screens.syncing.WRITE_EVERY", 600)  # only closing writes it now
            app.saver.save(app.screen, put=[first.model_copy(update={"notes": "saved just before closing"})],
                           summary="Saved.")
            await settle(pilot)
            assert "saved just before closing" not in notes_in_own_file(a, identity)
            await pilot.press("q")
        assert "saved just before closing" in notes_in_own_file(a, identity)
    assert a.own_file.read_bytes().startswith(agefile.AGE_HEADER)


async def test_without_sync_set_up_nothing_is_read_or_written_and_today_is_unchanged(tmp_path):
    config = tmp_path / "config"
    path = tmp_path / "reintegrate.json"
    with Store.open(path, today=TODAY) as store:
        store.replace_all(make_household(TODAY))
        app = make_app(store, TODAY, config=config)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.sync_on is not None)
            await settle(pilot)
            assert app.sync_on is False
            assert not app.screen.query("#today-sync")
            await pilot.press("c")
            await until_shown(pilot, SchoolScreen)
            assert "other home" not in text_of(app, "#contacts-intro")
    assert not config.exists() or not [p for p in config.iterdir() if p.name.startswith(("sync", "household", "home"))]


async def test_a_demo_is_never_synced_even_with_sync_set_up(homes):
    a, b, tool = homes
    before = sorted(p.name for p in a.folder.iterdir())
    with Store.open(a.data, today=TODAY, now=a.clock) as store:
        app = make_app(store, TODAY, config=a.config, demo=True)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.sync_on is not None)
            assert app.sync_on is False
    assert sorted(p.name for p in a.folder.iterdir()) == before


async def test_a_form_open_when_the_other_homes_records_arrive_keeps_what_was_typed(homes, monkeypatch):
    import threading

    import reintegrate.sync.run as sync_run
    from screens.record import RecordScreen

    a, b, tool = homes
    b.add_attempt("arrives while the form is open", on=TODAY.replace(day=TODAY.day - 1))
    b.sync()
    tool.carry(b, a)
    go = threading.Event()
    real = sync_run.sync_now

    def slow_sync(*args, **kwargs):
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_run, "sync_now", slow_sync)
    with Store.open(a.data, today=TODAY, now=a.clock) as store:
        app = make_app(store, TODAY, config=a.config)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            await until_shown(pilot, RecordScreen)
            form = app.screen
            form.query_one("#trigger_notes").value = "typed before the sync"
            go.set()
            await until(pilot, lambda: app.session.sync_line != "")
            await pilot.pause()
            assert app.screen is form and form.query_one("#trigger_notes").value == "typed before the sync"
            app.pop_screen()  # (Esc would ask first whether to drop what was typed)
            await until(pilot, lambda: app.screen is app.screen_stack[0])
            await settle(pilot)
            assert text_of(app, "#today-sync") == "Sync: from the other home, 1 attempt."


async def edit_in_the_app(home: Home, note: str) -> None:
    """Open the app on `home`, record an attempt through the saver, close it."""
    from reintegrate.models import Attempt, Outcome

    with Store.open(home.data, today=TODAY, now=home.clock) as store:
        app = make_app(store, TODAY, config=home.config)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.sync_on is not None)
            await settle(pilot)
            home.clock.tick()
            student = store.students()[0]
            step = student.ladder.current
            app.saver.save(app.screen, put=[Attempt(student_id=student.id, on=TODAY, step_id=step.id,
                                                    step_title=step.title, planned_minutes=step.planned_minutes,
                                                    outcome=Outcome.partial, minutes_managed=5, notes=note)],
                           summary="Saved.")
            await settle(pilot)
            await pilot.press("q")


async def open_and_close(home: Home) -> None:
    with Store.open(home.data, today=TODAY, now=home.clock) as store:
        app = make_app(store, TODAY, config=home.config)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.sync_on is not None)
            await settle(pilot)
            await pilot.press("q")


async def test_two_homes_editing_in_the_app_reach_the_same_records_with_one_open_each(homes):
    a, b, tool = homes
    await edit_in_the_app(a, "recorded at mum's")
    await edit_in_the_app(b, "recorded at dad's")
    tool.everywhere()  # the sync tool carries each home's file across
    await open_and_close(a)
    await open_and_close(b)
    assert a.records() == b.records()
    assert {"recorded at mum's", "recorded at dad's"} <= set(a.notes().values())
