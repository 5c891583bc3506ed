"""Shared set-up for the ladder editor's Pilot and snapshot tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reintegrate.models import Household, Ladder, Student
from reintegrate.store import Store
from screens.app import ReintegrateApp, make_app
from screens.ladder import LadderScreen
from screens.widgets.ladder_table import LadderList
from tests.fixtures import STUDENT_ID, make_household, store_with

MONDAY = date(2026, 11, 2)
SMALL = (80, 24)
LARGE = (120, 40)


def empty_ladder_household(today: date = MONDAY) -> Household:
    """Sam's household, but Robin (no steps, no records) is the one shown."""
    household = make_household(today)
    household.students.insert(0, Student(id="student-robin", name="Robin", ladder=Ladder()))
    return household


class Stores:
    """Opens stores on fresh files under tmp_path and closes them after the test."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.opened: list[Store] = []

    def __call__(self, household: Household | None = None, today: date = MONDAY) -> Store:
        folder = self.tmp_path / f"store-{len(self.opened)}"
        folder.mkdir()
        store = store_with(household if household is not None else make_household(today), folder, today=today)
        self.opened.append(store)
        return store

    def close(self) -> None:
        for store in self.opened:
            store.close()


async def settle(pilot) -> None:
    """Let saves finish and the screen catch up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_ladder(pilot) -> LadderScreen:
    await pilot.press("l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LadderScreen)
    return screen


def table(app: ReintegrateApp) -> LadderList:
    return app.screen.query_one(LadderList)


def titles_shown(app: ReintegrateApp) -> list[str]:
    """The full titles of the rows shown, top to bottom."""
    shown = table(app)
    keys = [row.key.value for row in shown.ordered_rows]
    return [shown.student.ladder.step(key).title for key in keys]


def marks_shown(app: ReintegrateApp) -> list[str]:
    shown = table(app)
    return [str(shown.get_row_at(row)[1]) for row in range(shown.row_count)]


async def highlight(pilot, title: str) -> None:
    """Move the cursor to the row of the step called `title`."""
    shown = table(pilot.app)
    for row in range(shown.row_count):
        key = shown.coordinate_to_cell_key((row, 0)).row_key.value
        if shown.student.ladder.step(key).title == title:
            shown.move_cursor(row=row)
            await pilot.pause()
            return
    raise AssertionError(f"no row called {title!r}")


def student_of(store: Store, student_id: str = STUDENT_ID) -> Student:
    return next(s for s in store.students() if s.id == student_id)


def app_on(store: Store, today: date = MONDAY) -> ReintegrateApp:
    return make_app(store, today)


def capture_notices(app: ReintegrateApp, monkeypatch) -> list[str]:
    """Every notification the app shows from now on, as text, in order."""
    said: list[str] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return real(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return said
