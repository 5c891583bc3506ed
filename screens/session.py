"""What every screen needs to know: the store, the injected date, whose plan is shown.

Screens receive a Session instead of reaching for globals, so a test or the benchmark
can build one around any store and any date. Reads happen here on the UI thread (the
store keeps everything in memory); writes go through `screens.saving` in a worker.

The store may open after the first paint: `screens.launch` takes the writer's lock,
works out Today's words in a process of its own while this one starts Textual, and
hands the session an `opener`. `store` opens it the first time anything asks (the app
asks right after the first paint); `first_view` is what Today draws until then (given
as a function, it is asked for when Today is first drawn: the other process has had
all of Textual's start to work it out).
Nothing here loads the models before that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reintegrate.models import Attempt, DayStatus, Step, Student
    from reintegrate.schooldays import SchoolDays
    from reintegrate.store import Store
    from screens.today_view import TodayView

CURRENT_STUDENT_KEY = "current_student_id"


class Session:
    def __init__(self, store: Store | None = None, today: date | None = None, demo: bool = False, *,
                 opener: Callable[[], Store] | None = None,
                 first_view: TodayView | Callable[[], TodayView | None] | None = None) -> None:
        if store is None and opener is None:
            raise ValueError("a Session needs a store or a way to open one")
        if today is None:
            raise ValueError("a Session needs today's date")
        self._store = store
        self._opener = opener
        self._opening = threading.Lock()  # the app opens it in a thread; a key press may ask too
        self.today = today
        self.demo = demo
        self._first_view = first_view
        # Given a first view (or a way to one): without it, Today is not drawn at all.
        self.expects_first_view = first_view is not None
        # With sync set up (screens.syncing): Today's line when something came in from
        # another home, and the school log's lines about each other home.
        self.sync_line = ""
        self.sync_lines: list[str] = []

    @property
    def first_view(self) -> TodayView | None:
        if callable(self._first_view):
            self._first_view = self._first_view()
        return self._first_view

    @property
    def store(self) -> Store:
        """The store, opened now if it was not yet (StoreError if that fails)."""
        if self._store is None:
            with self._opening:
                if self._store is None:
                    assert self._opener is not None
                    self._store = self._opener()
                    self._opener = None
        return self._store

    @property
    def opened(self) -> bool:
        return self._store is not None

    def students(self) -> list[Student]:
        return self.store.students()

    def student(self) -> Student | None:
        """The student whose plan is shown: the one last chosen, else the first."""
        students = self.store.students()
        if not students:
            return None
        chosen = self.store.meta(CURRENT_STUDENT_KEY)
        return next((s for s in students if s.id == chosen), students[0])

    def attempts_on(self, student: Student, on: date) -> list[Attempt]:
        return [a for a in self.store.attempts(student.id) if a.on == on]

    def day_status_on(self, student: Student, on: date) -> DayStatus | None:
        return next((d for d in self.store.days(student.id) if d.on == on), None)

    def school_days(self, student: Student) -> SchoolDays:
        """The student's school days: the calendar and the days marked closed."""
        from reintegrate.schooldays import SchoolDays

        return SchoolDays.of(student, self.store.days(student.id))

    def recent_attempts_at(self, student: Student, step: Step, count: int = 5) -> list[Attempt]:
        """The last `count` attempts at `step` up to today, newest first."""
        found = [a for a in self.store.attempts(student.id) if a.step_id == step.id and a.on <= self.today]
        return list(reversed(found))[:count]


def day_and_month(day: date) -> str:
    """'Monday 2 November': the date in a confirmation, where the year goes without saying."""
    return f"{day:%A} {day.day} {day:%B}"


def step_position(student: Student, step: Step) -> str:
    """'Step 4 of 12', or 'Retired step' for a step no longer on the ladder."""
    number = student.ladder.position(step.id)
    if number is None:
        return "Retired step"
    return f"Step {number} of {len(student.ladder.active)}"
