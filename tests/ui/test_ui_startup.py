"""Start-up: Today paints with only what it needs; the rest follows right after it.

Before the first paint only Today's module, its stylesheet and the current student's
records are loaded. Right after it, workers check every other record and import every
screen, dialog and the letters' template engine; a key pressed before they finish
still opens its screen, and damage they find is shown as plainly as at start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reintegrate.models import Attempt, Outcome, Student
from reintegrate.store import Store
from screens.app import SCREENS, WARM_AFTER_FIRST_PAINT, make_app
from screens.history import HistoryScreen
from screens.ladder import LadderScreen
from screens.modals.damaged import DamagedFileModal
from screens.today import TodayScreen
from tests.fixtures import make_household, store_with
from tests.ui.pilot_helpers import settle

ROOT = Path(__file__).resolve().parents[2]
SIZE = (80, 24)

IMPORT_PROBE = """
import json, sys
import reintegrate.cli
from screens.app import SCREENS, WARM_AFTER_FIRST_PAINT, make_app
later = [module for module, _ in SCREENS.values()] + list(WARM_AFTER_FIRST_PAINT)
later += ["reintegrate.documents.letters", "reintegrate.documents.reports", "reintegrate.stats",
          "reintegrate.cli.status", "screens.modals.damaged"]
print(json.dumps(sorted(m for m in later if m in sys.modules)))
"""


def test_importing_the_app_leaves_other_screens_dialogs_and_templates_for_later():
    done = subprocess.run([sys.executable, "-c", IMPORT_PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == []


async def test_a_key_pressed_right_after_start_opens_its_screen(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")  # before the workers started after the first paint are done
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape", "l")
        await pilot.pause()
        assert isinstance(app.screen, LadderScreen)


async def test_after_the_first_paint_every_screen_and_stylesheet_is_ready(open_store, monday):
    app = make_app(open_store(), monday)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for module in [m for m, _ in SCREENS.values()] + list(WARM_AFTER_FIRST_PAINT):
            assert module in sys.modules
        screens = ROOT / "screens"
        for name in ("record.tcss", "letter.tcss", "modals/modals.tcss", "modals/school_forms.tcss"):
            assert app.stylesheet.has_source(str(screens / name))
        assert isinstance(app.screen, TodayScreen)


def _with_a_damaged_second_student(tmp_path: Path, monday) -> Path:
    household = make_household(monday)
    other = Student(name="Alex", ladder=household.students[0].ladder)
    attempt = Attempt(student_id=other.id, on=monday, step_id=other.ladder.steps[0].id,
                      step_title="First", planned_minutes=10, outcome=Outcome.completed,
                      minutes_managed=10, distress_peak=2)
    household.students.append(other)
    household.attempts.append(attempt)
    store_with(household, tmp_path).close()
    path = tmp_path / "reintegrate.json"
    data = json.loads(path.read_bytes())
    for doc in data["attempts"].values():
        if doc["id"] == attempt.id:
            doc["distress_peak"] = 42
    path.write_text(json.dumps(data))
    return path


async def test_damage_found_after_the_first_paint_is_explained_then_the_app_closes(tmp_path, monday):
    path = _with_a_damaged_second_student(tmp_path, monday)
    damaged = path.read_bytes()
    store = Store.open(path, today=monday, verify=False)  # as the command line opens it
    try:
        app = make_app(store, monday)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, DamagedFileModal)
            message = app.screen.message
            assert str(path) in message and "Nothing has been changed" in message
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 1
    finally:
        store.close()
    assert path.read_bytes() == damaged
