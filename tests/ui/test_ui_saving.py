"""One road to the disk and one way to report a failed worker.

Every write goes through the app's Saver: one at a time, in the order asked for, each
answered exactly once. A worker that raises is reported by one handler, and the screen
that started it stops saying it is working.
"""

from __future__ import annotations

import ast
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from textual.screen import Screen

from reintegrate.store import Store, StoreError
from screens.app import ReintegrateApp, make_app
from screens.progress import WORKING, ProgressScreen
from screens.saving import ChangesNotSaved, ChangesSaved
from tests.fixtures import make_household, store_with
from tests.ui.pilot_helpers import settle, text_of, until

SIZE = (80, 24)
TODAY = date(2026, 11, 26)
SCREENS = Path(__file__).resolve().parents[2] / "screens"


@pytest.fixture
def store(tmp_path: Path):
    opened = store_with(make_household(TODAY), tmp_path, today=TODAY)
    yield opened
    opened.close()


def heard(app) -> list[tuple[str, str]]:
    """Every notification shown from now on, as (title, message), in order."""
    said: list[tuple[str, str]] = []
    real = app.notify

    def notify(message, *args, title="", **kwargs):
        said.append((str(title), str(message)))
        return real(message, *args, title=title, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


class Watched:
    """Wraps a store's batch: records each write's order, how many ran at once, and can
    fail the writes whose student name is in `failing`."""

    def __init__(self, store: Store, *, failing: frozenset[str] = frozenset()) -> None:
        self.store, self.real = store, store.batch
        self.failing = failing
        self.names: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self.guard = threading.Lock()
        store.batch = self.batch  # type: ignore[method-assign]

    @contextmanager
    def batch(self):
        with self.guard:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(0.01)  # long enough for a second writer to overlap, if one could
            with self.real():
                yield
                name = self.store.students()[0].name
                self.names.append(name)
                if name in self.failing:
                    raise StoreError(f"The disk refused {name}.")
        finally:
            with self.guard:
                self.running -= 1


def renamed(store: Store, name: str):
    return store.students()[0].model_copy(update={"name": name})


class Listener(Screen):
    """A bare screen that keeps every answer the saver gives it."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []

    def on_changes_saved(self, message: ChangesSaved) -> None:
        self.answers.append(f"saved {message.summary}")

    def on_changes_not_saved(self, message: ChangesNotSaved) -> None:
        self.answers.append(f"not saved {message.reason}")


# --- one road to the disk ---------------------------------------------------------------


async def test_saves_land_one_at_a_time_in_the_order_asked(store):
    watched = Watched(store)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        listener = Listener()
        await app.push_screen(listener)
        names = [f"Sam {n}" for n in range(8)]
        for name in names:
            app.saver.save(listener, put=[renamed(store, name)], summary=name)
        await settle(pilot)
        await until(pilot, lambda: len(listener.answers) == len(names))
        assert watched.names == names
        assert watched.most_at_once == 1
        assert listener.answers == [f"saved {name}" for name in names]
        assert store.students()[0].name == names[-1]


async def test_after_a_failed_save_the_same_screens_waiting_saves_are_not_written(store):
    # They were made on top of the change that failed: writing them would put on disk
    # what the family was just told was not saved.
    watched = Watched(store, failing=frozenset({"Sam 1"}))
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        listener = Listener()
        await app.push_screen(listener)
        hold = held(store)  # the first write waits until every save below is queued
        for n in range(4):
            app.saver.save(listener, put=[renamed(store, f"Sam {n}")], summary=f"Sam {n}")
        hold.set()
        await settle(pilot)
        await until(pilot, lambda: len(listener.answers) == 4)
        assert watched.names == ["Sam 0", "Sam 1"]
        assert listener.answers[0] == "saved Sam 0"
        assert listener.answers[1] == "not saved The disk refused Sam 1."
        for answer in listener.answers[2:]:
            assert answer.startswith("not saved Not saved: the change before it could not be saved")
        assert store.students()[0].name == "Sam 0"
        # The next change, asked for after the failure was answered, is written.
        app.saver.save(listener, put=[renamed(store, "Sam 9")], summary="Sam 9")
        await settle(pilot)
        await until(pilot, lambda: len(listener.answers) == 5)
        assert listener.answers[-1] == "saved Sam 9" and store.students()[0].name == "Sam 9"


def held(store: Store) -> threading.Event:
    """Writes wait until the returned event is set (at most 5 s)."""
    hold, real = threading.Event(), store.batch

    @contextmanager
    def held_batch():
        hold.wait(5)
        with real():
            yield

    store.batch = held_batch  # type: ignore[method-assign]
    return hold


async def test_a_save_whose_screen_has_gone_is_still_written_and_confirmed(store):
    hold = held(store)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        said = heard(app)
        listener = Listener()
        await app.push_screen(listener)
        app.saver.save(listener, put=[renamed(store, "Sam Gone")], summary="Renamed while leaving.")
        await app.pop_screen()
        hold.set()
        await settle(pilot)
        await until(pilot, lambda: ("Saved", "Renamed while leaving.") in said)
        assert store.students()[0].name == "Sam Gone"


async def test_quitting_with_saves_waiting_writes_them_first(store):
    watched = Watched(store)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for n in range(5):
            app.saver.save(app.screen, put=[renamed(store, f"Sam {n}")], summary=f"Sam {n}")
        app.exit()
    # The app has closed: every save asked for is on disk, nothing written at once.
    assert watched.names == [f"Sam {n}" for n in range(5)]
    assert watched.most_at_once == 1
    assert store.students()[0].name == "Sam 4"


def writes_outside_the_saver() -> list[str]:
    found = []
    for path in sorted(SCREENS.rglob("*.py")):
        if path.name == "saving.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"batch", "put_many", "delete_many",
                                                                  "set_meta", "put", "delete"}:
                if isinstance(node.value, ast.Attribute) and node.value.attr == "store" or (
                        isinstance(node.value, ast.Name) and node.value.id == "store"):
                    found.append(f"{path.relative_to(SCREENS.parent)}:{node.lineno} store.{node.attr}")
    return found


def test_no_screen_writes_to_the_store_but_through_the_saver():
    assert writes_outside_the_saver() == []


# --- one way to report a failed worker --------------------------------------------------


def workers_started() -> list[tuple[str, str, ast.Call]]:
    """(file, class, the call) for every `@work(...)` and `run_worker(...)` in screens/."""
    found = []
    for path in sorted(SCREENS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for node in ast.walk(cls):
                calls = []
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    calls += [d for d in node.decorator_list if isinstance(d, ast.Call)
                              and getattr(d.func, "id", "") == "work"]
                    calls += [d for d in node.decorator_list if isinstance(d, ast.Name) and d.id == "work"]
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "run_worker":
                    calls.append(node)
                found += [(str(path.relative_to(SCREENS.parent)), cls.name, call) for call in calls]
    return found


def test_every_worker_is_reported_by_the_one_failure_handler():
    import importlib

    from screens.workers import ReportsFailures

    assert workers_started(), "the scan found no workers at all"
    unreported = []
    for file, class_name, call in workers_started():
        keywords = {k.arg: k.value for k in getattr(call, "keywords", [])}
        quiet = keywords.get("exit_on_error")
        if not (isinstance(quiet, ast.Constant) and quiet.value is False):
            unreported.append(f"{file} {class_name}: a worker that would end the app")
        words = keywords.get("description")
        if not (isinstance(words, ast.Constant) and isinstance(words.value, str) and words.value):
            unreported.append(f"{file} {class_name}: a worker with no words for what it does")
        module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
        owner = getattr(module, class_name)
        receiver = getattr(call.func, "value", None)
        if isinstance(receiver, ast.Attribute) and receiver.attr in ("app", "_app"):
            owner = ReintegrateApp  # `self.app.run_worker(...)`: the app hears how it ends
        if not issubclass(owner, ReportsFailures):
            unreported.append(f"{file} {class_name}: no failure handler")
    assert unreported == []


async def test_figures_that_fail_are_reported_and_the_screen_stops_working(store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the figures")

    monkeypatch.setattr("screens.progress.progress", broken)
    app = make_app(store, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        said = heard(app)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await until(pilot, lambda: text_of(app, "#progress-working") != WORKING)
        assert "could not be worked out" in text_of(app, "#progress-working")
        # Only the kind of error is said: its message could quote a record.
        assert any("(RuntimeError)" in message for _, message in said)
        assert not any("a bug in the figures" in message for _, message in said)
        # The screen still works: the next period is tried again, and fails the same way.
        said.clear()
        await pilot.press("2")
        await until(pilot, lambda: any("(RuntimeError)" in m for _, m in said))
        await until(pilot, lambda: "could not be worked out" in text_of(app, "#progress-working"))
