"""Patterns: what differs between the attempts that worked and the ones that did not."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reintegrate.models import Attempt, Outcome, Student, tag_key
from reintegrate.schooldays import WEEKDAY_NAMES
from reintegrate.stats._attendance import is_success


@dataclass(frozen=True)
class WeekdayRow:
    """The outcomes of the attempts made on one weekday."""

    weekday: int
    outcomes: dict[Outcome, int]
    successes: int

    @property
    def name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]

    @property
    def attempts(self) -> int:
        return sum(self.outcomes.values())


def outcome_by_weekday(student: Student, attempts: Sequence[Attempt]) -> list[WeekdayRow]:
    """School weekdays always appear (an empty Monday is a finding too)."""
    # Counted by (weekday, outcome value) strings and ints: enum hashing is slow.
    counts: Counter[tuple[int, str]] = Counter()
    wins: Counter[int] = Counter()
    for attempt in attempts:
        weekday = attempt.on.weekday()
        counts[weekday, attempt.outcome.value] += 1
        if is_success(attempt):
            wins[weekday] += 1
    weekdays = set(student.calendar.weekdays) | {weekday for weekday, _ in counts}
    return [WeekdayRow(d, {o: counts[d, o.value] for o in Outcome}, wins[d])
            for d in sorted(weekdays)]


@dataclass(frozen=True)
class TagRow:
    """How often a tag came up in unsuccessful and in successful attempts."""

    tag: str
    in_unsuccessful: int
    unsuccessful: int
    in_successful: int
    successful: int

    @property
    def unsuccessful_share(self) -> float:
        return self.in_unsuccessful / self.unsuccessful if self.unsuccessful else 0.0

    @property
    def successful_share(self) -> float:
        return self.in_successful / self.successful if self.successful else 0.0


def _counted(groups: Iterable[Iterable[str]]) -> tuple[Counter[str], dict[str, str]]:
    """How many of `groups` hold each tag, by `tag_key`, and the first spelling of each."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for tags in groups:
        for tag in tags:
            key = tag_key(tag)
            shown.setdefault(key, tag)
            counts[key] += 1
    return counts, shown


def tag_pattern(attempts: Sequence[Attempt], field_name: str) -> list[TagRow]:
    """For each tag in `triggers`, `symptoms` or `helped`: how often in each group
    (tags in any case counted as one, shown as first typed). Most frequent in
    unsuccessful attempts first."""
    wins = [a for a in attempts if is_success(a)]
    losses = [a for a in attempts if not is_success(a)]
    bad, _ = _counted(getattr(a, field_name) for a in losses)
    good, _ = _counted(getattr(a, field_name) for a in wins)
    _, shown = _counted(getattr(a, field_name) for a in attempts)
    rows = [TagRow(shown[k], bad[k], len(losses), good[k], len(wins)) for k in set(bad) | set(good)]
    rows.sort(key=lambda r: (-r.in_unsuccessful, r.in_successful, tag_key(r.tag)))
    return rows


@dataclass(frozen=True)
class Mean:
    """An average, and how many values it is the average of (None for none)."""

    value: float | None
    count: int


def _mean(values: Sequence[int]) -> Mean:
    return Mean(sum(values) / len(values) if values else None, len(values))


@dataclass(frozen=True)
class BeforeDistress:
    """Anticipatory distress: how the morning felt before the step, by result."""

    successful: Mean
    unsuccessful: Mean
    by_outcome: dict[Outcome, Mean]


def before_distress(attempts: Sequence[Attempt]) -> BeforeDistress:
    groups: dict[object, list[int]] = defaultdict(list)
    for attempt in attempts:
        if attempt.distress_before is None:
            continue
        groups[is_success(attempt)].append(attempt.distress_before)
        groups[attempt.outcome].append(attempt.distress_before)
    return BeforeDistress(_mean(groups[True]), _mean(groups[False]),
                          {o: _mean(groups[o]) for o in Outcome})


@dataclass(frozen=True)
class TagCount:
    """How many of `out_of` records noted a tag."""

    tag: str
    count: int
    out_of: int


def helped_on_successful(attempts: Sequence[Attempt]) -> list[TagCount]:
    wins = [a for a in attempts if is_success(a)]
    counts, shown = _counted(a.helped for a in wins)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [TagCount(shown[key], n, len(wins)) for key, n in ordered]


def left_early(attempts: Sequence[Attempt]) -> list[Attempt]:
    """The attempts that ended with leaving school before the day's end, by date."""
    return sorted((a for a in attempts if a.left_school_at is not None), key=lambda a: (a.on, a.left_school_at))


@dataclass(frozen=True)
class Mornings:
    """How the mornings went: the behaviours noted, and waking on time or late."""

    behaviours: list[TagCount]  # out of all attempts
    woke_on_time: int
    woke_late: int
    not_recorded: int


def mornings(attempts: Sequence[Attempt]) -> Mornings:
    counts, shown = _counted(a.morning.behaviours for a in attempts)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    woke = Counter(a.morning.woke_on_time for a in attempts)
    return Mornings([TagCount(shown[k], n, len(attempts)) for k, n in ordered],
                    woke[True], woke[False], woke[None])
