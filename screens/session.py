"""What every screen needs to know: the store, the injected date, whose plan is shown.

Screens receive a Session instead of reaching for globals, so a test or the benchmark
can build one around any store and any date. Reads happen here on the UI thread (the
store keeps everything in memory); writes go through `screens.saving` in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reintegrate.models import Attempt, DayStatus, Step, Student
from reintegrate.schooldays import WEEKDAY_NAMES
from reintegrate.store import Store

CURRENT_STUDENT_KEY = "current_student_id"


@dataclass
class Session:
    store: Store
    today: date
    demo: bool = False

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

    def recent_attempts_at(self, student: Student, step: Step, count: int = 5) -> list[Attempt]:
        """The last `count` attempts at `step` up to today, newest first."""
        found = [a for a in self.store.attempts(student.id) if a.step_id == step.id and a.on <= self.today]
        return list(reversed(found))[:count]


def day_and_month(day: date) -> str:
    """'Monday 2 November': the date in a confirmation, where the year goes without saying."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%B}"


def step_position(student: Student, step: Step) -> str:
    """'Step 4 of 12', or 'Retired step' for a step no longer on the ladder."""
    number = student.ladder.position(step.id)
    if number is None:
        return "Retired step"
    return f"Step {number} of {len(student.ladder.active)}"
