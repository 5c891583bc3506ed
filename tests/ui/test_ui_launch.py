"""`reintegrate` on a file: Today is drawn from words worked out beside the app (or kept
from the last time the app had these very bytes open), before any model is loaded;
the records open right after the first paint, under the lock taken before anything
was shown, and Today is drawn again if they say anything else (issue 12).
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reintegrate.cli import write_demo
from reintegrate.store import Store
from reintegrate.store.paths import today_file
from screens import today_cache
from screens.app import ReintegrateApp
from screens.launch import TodayBeside, app_options
from screens.session import Session
from screens.today import TodayScreen
from screens.today_cache import content_key, keep_views, kept_view
from screens.today_text import today_view
from tests.ui.pilot_helpers import line_of, settle, until

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 26)
SIZE = (80, 24)


@pytest.fixture
def demo(tmp_path) -> Path:
    path = tmp_path / "family.json"
    write_demo(path, TODAY)
    return path


def in_process_view(path: Path, on: date = TODAY):
    with Store.open(path, read_only=True) as store:
        session = Session(store=store, today=on)
        return today_view(session, session.student())


# --- what is loaded before the first paint -------------------------------------------------


def test_the_launcher_and_the_app_load_no_models_before_the_first_paint():
    probe = ("import json, sys, screens.launch, screens.app, screens.today_cache; "
             "print(json.dumps([m for m in ('pydantic', 'reintegrate.models', 'reintegrate.planner', "
             "'reintegrate.store.store', 'jinja2') if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == []


def test_only_opening_the_app_on_a_file_takes_the_quick_road(tmp_path, demo, monkeypatch):
    monkeypatch.setenv("REINTEGRATE_DATA", str(demo))
    assert app_options([]) == (demo, date.today())
    assert app_options(["--date", "2026-11-26"]) == (demo, TODAY)
    assert app_options(["--data", str(demo), "--date=2026-11-26"]) == (demo, TODAY)
    assert app_options([f"--data={demo}"]) == (demo, date.today())
    # Everything else is the command line's, which explains what is wrong.
    for argv in (["status"], ["--demo"], ["--date", "26/11/2026"], ["--date"], ["--help"],
                 ["--data", str(tmp_path / "missing.json")], ["--date", "2026-11-26", "--date", "2026-11-27"],
                 ["--data", str(demo), "status"], ["--version"]):
        assert app_options(argv) is None, argv


# --- the words worked out beside the app, and kept ------------------------------------------


def test_the_child_works_out_what_today_shows_and_keeps_it_for_next_time(demo):
    key = content_key(demo.read_bytes())
    fd = os.open(demo.with_name(f".{demo.name}.lock"), os.O_CREAT | os.O_RDWR, 0o600)  # as the parent holds it
    try:
        view = TodayBeside(demo, TODAY, key).result()
    finally:
        os.close(fd)
    assert view is not None and view == in_process_view(demo)
    assert view.title == "Today for Sam" and view.step[0].startswith("Step 7 of 12")
    assert kept_view(demo, key, TODAY) == view
    assert stat.S_IMODE(today_file(demo).stat().st_mode) == 0o600


def test_a_kept_view_is_used_only_for_the_same_bytes_day_and_version(demo, monkeypatch):
    key = content_key(demo.read_bytes())
    view = in_process_view(demo)
    keep_views(demo, key, {TODAY: view})
    assert kept_view(demo, key, TODAY) == view
    assert kept_view(demo, content_key(demo.read_bytes() + b" "), TODAY) is None  # one byte more
    assert kept_view(demo, key, date(2026, 11, 27)) is None  # another day
    monkeypatch.setattr(today_cache, "__version__", "9.9.9")
    assert kept_view(demo, key, TODAY) is None  # another version of reintegrate
    monkeypatch.undo()
    # Changed by hand: a control character (an escape code) is never drawn from it.
    planted = json.loads(today_file(demo).read_text())
    planted["views"][TODAY.isoformat()]["title"] = "Today for \x1b]0;pwned\x07"
    today_file(demo).write_text(json.dumps(planted))
    assert kept_view(demo, key, TODAY) is None
    planted["views"][TODAY.isoformat()]["title"] = 7
    today_file(demo).write_text(json.dumps(planted))
    assert kept_view(demo, key, TODAY) is None
    today_file(demo).write_text("{not json")
    assert kept_view(demo, key, TODAY) is None


def test_a_kept_view_is_not_used_once_the_shipped_supports_change(demo, tmp_path, monkeypatch):
    """Today's words name supports from data/why/supports.json: kept ones are keyed by it."""
    from reintegrate import resources

    key = content_key(demo.read_bytes())
    keep_views(demo, key, {TODAY: in_process_view(demo)})
    assert kept_view(demo, key, TODAY) is not None
    shipped = tmp_path / "shipped"
    (shipped / "why").mkdir(parents=True)
    table = json.loads(resources.data_file("why", "supports.json").read_text(encoding="utf-8"))
    table["negative_affect"].append({"support": "a quiet room at break", "matches": ["quiet room"]})
    (shipped / "why" / "supports.json").write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(resources, "data_dir", lambda: shipped)
    assert kept_view(demo, key, TODAY) is None  # worked out again, with the new table


# --- the app drawn from them ----------------------------------------------------------------


def opener_counting(path: Path):
    opened = []

    def open_store() -> Store:
        opened.append(True)
        return Store.open(path, verify=False)

    return open_store, opened


async def test_today_is_drawn_before_the_records_open_and_they_open_right_after(demo):
    open_store, opened = opener_counting(demo)
    view = in_process_view(demo)
    session = Session(today=TODAY, opener=open_store, first_view=lambda: view)
    app = ReintegrateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, TodayScreen) and app.screen.view == view
        assert str(app.screen.query_one("#today-step").border_title) == "Today's step"
        await until(pilot, lambda: session.opened)
        await settle(pilot)
        assert opened == [True]  # once, after the first paint
        assert app.screen.view == view and app.screen.plan is not None  # the same words: not drawn again
        await pilot.press("a")  # the proposal's keys work on the records now open
        await pilot.pause()
        assert type(app.screen).__name__ == "AcceptModal"
    session.store.close()


async def test_the_collector_paused_by_the_launcher_resumes_after_the_first_paint(demo):
    """`screens.launch` pauses the cyclic collector until Today is painted; the objects
    made by then are kept out of its sight from there on, and it runs again."""
    import gc

    from screens.processes import pause_collector, resume_collector

    open_store, _ = opener_counting(demo)
    view = in_process_view(demo)
    session = Session(today=TODAY, opener=open_store, first_view=lambda: view)
    app = ReintegrateApp(session)
    frozen = gc.get_freeze_count()
    pause_collector()
    try:
        assert not gc.isenabled()
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: session.opened)
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen
            await pilot.press("q")
        session.store.close()
    finally:
        resume_collector()
        gc.enable()
        gc.unfreeze()
    # Not paused by the launcher (the app in a test like the others): nothing changes.
    resume_collector()
    assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_words_kept_from_other_records_are_replaced_by_what_the_records_say(demo):
    open_store, _ = opener_counting(demo)
    truth = in_process_view(demo)
    stale = dataclasses.replace(truth, recorded="Recorded today: Completed at 'Somewhere else'.")
    session = Session(today=TODAY, opener=open_store, first_view=lambda: stale)
    app = ReintegrateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: session.opened)
        await settle(pilot)
        assert app.screen.view == truth
        assert line_of(app, "#today-head", "recorded") == truth.recorded
    session.store.close()


async def test_with_no_words_worked_out_the_app_opens_the_file_itself(tmp_path):
    path = tmp_path / "new.json"
    Store.open(path).close()  # a file with no student yet: setup
    session = Session(today=TODAY, opener=lambda: Store.open(path, verify=False), first_view=lambda: None)
    app = ReintegrateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "SetupScreen" and not app.not_drawn
    session.store.close()


async def test_after_each_save_today_is_kept_for_the_next_mornings(demo):
    store = Store.open(demo, verify=False)
    app = ReintegrateApp(Session(store=store, today=TODAY), keep_today=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await until(pilot, lambda: kept_view(demo, content_key(demo.read_bytes()), TODAY) is not None)
        assert kept_view(demo, content_key(demo.read_bytes()), TODAY) == app.screen.view
        await pilot.press("r")
        await until(pilot, lambda: type(app.screen).__name__ == "RecordScreen")
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        key = content_key(demo.read_bytes())
        await until(pilot, lambda: kept_view(demo, key, TODAY) is not None)
        kept = kept_view(demo, key, TODAY)
        assert kept.recorded.startswith("Recorded today: Completed") and kept == app.screen.view
        tomorrow = kept_view(demo, key, date(2026, 11, 27))
        assert tomorrow is not None and tomorrow.date_line == "Friday 27 November 2026"
    store.close()


# --- the real command -------------------------------------------------------------------------

RUN = """
import json, sys
from reintegrate.store import Store, StoreError
import screens.app as app_module
from screens.launch import main

seen = {}
first = app_module.ReintegrateApp._after_first_paint

def after_first_paint(self):
    seen["opened at first paint"] = self.session.opened
    seen["title"] = self.screen.title
    try:
        Store.open(sys.argv[1]).close()
        seen["second writer"] = "let in"
    except StoreError as error:
        seen["second writer"] = type(error).__name__
    first(self)
    self.set_timer(0.5, self.exit)

app_module.ReintegrateApp._after_first_paint = after_first_paint
code = main(["--data", sys.argv[1], "--date", "2026-11-26"])
print(json.dumps({**seen, "code": code}))
"""


def run_command(path: Path, **env: str) -> tuple[dict, str]:
    environment = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver", **env}
    done = subprocess.run([sys.executable, "-c", RUN, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=environment)
    lines = done.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {}), done.stderr


@pytest.mark.parametrize("kept", [False, True], ids=["worked out beside", "kept"])
def test_the_command_draws_today_under_the_lock_before_opening_the_records(demo, kept):
    if kept:
        run_command(demo)  # the first run keeps today's words for the next
        assert today_file(demo).exists()
    seen, errors = run_command(demo)
    assert seen == {"opened at first paint": False, "title": "Today for Sam", "second writer": "DataFileLocked",
                    "code": 0}, errors[-2000:]


def test_a_file_held_by_another_window_is_refused_as_before(demo, capsys):
    from screens.launch import main

    with Store.open(demo):
        assert main(["--data", str(demo), "--date", "2026-11-26"]) == 1
    assert "already open in another reintegrate window" in capsys.readouterr().err
