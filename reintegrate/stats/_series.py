"""Series for charts: the step over time, peak distress and its trend, minutes a week;
and the step history from decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from datetime import date

from reintegrate.models import Attempt, Decision, Outcome, Student
from reintegrate.stats._attendance import minutes_in_school
from reintegrate.stats._ranges import DateRange


@dataclass(slots=True)  # one per attempt: kept light; treat as read-only
class StepPoint:
    on: date
    position: int | None
    title: str
    outcome: Outcome
    retired: bool = False
    stepped_back: bool = False  # lower than the attempt before it


def step_positions(student: Student) -> dict[str, tuple[int, bool]]:
    """Step id -> (1-based position, retired). A retired step keeps the position it
    would have among the active steps where it stands in the list: its last known place."""
    positions: dict[str, tuple[int, bool]] = {}
    active_before = 0
    for step in student.ladder.steps:
        if step.retired:
            positions[step.id] = (active_before + 1, True)
        else:
            active_before += 1
            positions[step.id] = (active_before, False)
    return positions


def step_series(student: Student, attempts: Sequence[Attempt]) -> list[StepPoint]:
    positions = step_positions(student)
    points: list[StepPoint] = []
    previous: int | None = None
    for attempt in attempts:
        position, retired = positions.get(attempt.step_id, (None, False))
        back = previous is not None and position is not None and position < previous
        points.append(StepPoint(attempt.on, position, attempt.step_title, attempt.outcome,
                                retired, back))
        if position is not None:
            previous = position
    return points


@dataclass(frozen=True)
class Trend:
    """A least-squares line through (day, value) points."""

    origin: date
    intercept: float
    slope_per_day: float
    points: int

    @property
    def slope_per_week(self) -> float:
        return self.slope_per_day * 7

    def at(self, day: date) -> float:
        return self.intercept + self.slope_per_day * (day - self.origin).days


def trend(points: Sequence[tuple[date, float]]) -> Trend | None:
    """None with fewer than two distinct dates: no line can be drawn through them."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [(day - origin).days for day, _ in points]
    ys = [float(value) for _, value in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread
    return Trend(origin, mean_y - slope * mean_x, slope, len(points))


# A trend sentence needs enough to stand on: two attempts a day apart once read as
# "rising by 14 points a week" on a 0-10 scale. Exposure work repeats a step 3-5 times,
# so five attempts with a peak recorded, spread over at least two weeks, is the least a
# therapist would call a trend. Below that the family sees "not enough records yet".
TREND_MIN_ATTEMPTS = 5
TREND_MIN_DAYS = 14
NOT_ENOUGH_FOR_TREND = (
    f"Not enough records yet for a trend: it needs at least {TREND_MIN_ATTEMPTS} attempts "
    f"with a peak distress, over at least {TREND_MIN_DAYS // 7} weeks."
)


def distress_trend(points: Sequence[tuple[date, float]]) -> Trend | None:
    """The trend of peak distress, or None without enough attempts over enough days."""
    if len(points) < TREND_MIN_ATTEMPTS or (points[-1][0] - points[0][0]).days < TREND_MIN_DAYS:
        return None
    return trend(points)


def peak_distress_series(attempts: Sequence[Attempt]) -> list[tuple[date, int]]:
    return [(a.on, a.distress_peak) for a in attempts if a.distress_peak is not None]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(slots=True)
class WeekMinutes:
    monday: date
    minutes: int

    @property
    def label(self) -> str:
        """'week of 19 Oct': the Monday a family can find on a calendar, not an ISO number."""
        return f"week of {self.short}"

    @property
    def short(self) -> str:
        """'19 Oct', for a chart's axis."""
        return f"{self.monday.day} {_MONTHS[self.monday.month - 1]}"


def minutes_per_week(attempts: Sequence[Attempt], rng: DateRange,
                     outside: Container[str] = frozenset()) -> list[WeekMinutes]:
    """Every ISO week the range touches, weeks with no time in school included.
    `outside` holds the ids of steps outside school (`outside_school`): no minutes."""
    if rng.empty:
        return []
    totals: Counter[int] = Counter()  # keyed by the Monday's ordinal: cheap to compute
    for attempt in attempts:
        on = attempt.on
        totals[on.toordinal() - on.weekday()] += minutes_in_school(attempt, outside)
    first = rng.start.toordinal() - rng.start.weekday()
    last = rng.end.toordinal()
    return [WeekMinutes(date.fromordinal(monday), totals[monday])
            for monday in range(first, last + 1, 7)]


@dataclass(frozen=True)
class StepChange:
    on: date
    title: str
    position: int | None
    direction: str  # "up", "back" or "" when unknown or the same
    decision: Decision = field(repr=False)


def step_history(student: Student, decisions: Sequence[Decision]) -> list[StepChange]:
    """Each decision that moved the current step, oldest first. An accepted proposal
    moves to its step; an override moves to the step chosen instead, if one was."""
    positions = step_positions(student)
    changes: list[StepChange] = []
    current: str | None = None
    for decision in sorted(decisions, key=lambda d: d.on):
        if decision.chosen_step_id:
            step_id, title = decision.chosen_step_id, decision.chosen_step_title
        elif decision.accepted and decision.proposed_step_id:
            step_id, title = decision.proposed_step_id, decision.proposed_step_title
        else:
            continue
        if step_id == current:
            continue
        position = positions.get(step_id, (None, False))[0]
        # The first move in the records: the decision itself says which step it left.
        before_id = current or decision.from_step_id
        before = positions.get(before_id, (None, False))[0] if before_id else None
        direction = ""
        if position is not None and before is not None and position != before:
            direction = "up" if position > before else "back"
        step = student.ladder.step(step_id)
        changes.append(StepChange(decision.on, title or (step.title if step else ""),
                                  position, direction, decision))
        current = step_id
    return changes
