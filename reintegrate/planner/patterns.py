"""What the records already show, used by the plan: a weekday that keeps going badly,
and a support that helped on nearly every good day.

Both are the report's own figures (`stats.outcome_by_weekday`,
`stats.helped_on_successful`, where a success is what the report counts as one), over
the attempts on counted school days of the last `pattern_weeks` weeks, so the plan and
the report never disagree about what the records show.

- A weekday shows a pattern when it has `weekday_min_attempts` attempts or more, at
  least `weekday_unsuccessful_share` of them unsuccessful, while the other weekdays'
  attempts (at least `weekday_min_attempts` of them too) were at least
  `weekday_others_successful_share` successful. No move up is planned on that weekday
  (planner.propose and planner.schedule); the reasons say why.
- A support is one to keep when it was noted as having helped on at least
  `keep_support_share` of the successful attempts, once there are at least
  `keep_support_min_successes` of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reintegrate.models import Attempt, PlannerSettings, Student
from reintegrate.planner.words import count, join, q

if TYPE_CHECKING:
    from reintegrate.stats import TagCount

_EPSILON = 1e-9  # shares are compared as counts: keep 0.75 × 4 from missing 3


@dataclass(frozen=True)
class WeekdayPattern:
    """A weekday whose attempts mostly went badly while the other days mostly went well."""

    weekday: int
    name: str  # 'Thursday'
    attempts: int
    successes: int
    other_attempts: int
    other_successes: int

    @property
    def sentence(self) -> str:
        """'Thursdays went least well (0 of 4 attempts successful, against 12 of 14 on
        other days)'."""
        return (f"{self.name}s went least well ({self.successes} of {count(self.attempts, 'attempt')} "
                f"successful, against {self.other_successes} of {self.other_attempts} on other days)")


def recent_attempts(settings: PlannerSettings, attempts: Sequence[Attempt], today: date) -> list[Attempt]:
    """The attempts the patterns are read from: those of the last `pattern_weeks` weeks."""
    since = today - timedelta(weeks=settings.pattern_weeks)
    return [a for a in attempts if since < a.on <= today]


def weekday_patterns(student: Student, attempts: Sequence[Attempt]) -> list[WeekdayPattern]:
    """The weekdays that keep going badly (see the module's rule), from the attempts given
    (already chosen: `recent_attempts` on counted school days)."""
    s = student.settings
    from reintegrate.stats import outcome_by_weekday  # the report's module: loaded when a plan is made

    rows = outcome_by_weekday(student, attempts)
    total = sum(r.attempts for r in rows)
    wins = sum(r.successes for r in rows)
    found: list[WeekdayPattern] = []
    for row in rows:
        if row.attempts < s.weekday_min_attempts:
            continue
        if row.attempts - row.successes < s.weekday_unsuccessful_share * row.attempts - _EPSILON:
            continue
        others, other_wins = total - row.attempts, wins - row.successes
        if others < s.weekday_min_attempts or other_wins < s.weekday_others_successful_share * others - _EPSILON:
            continue
        found.append(WeekdayPattern(row.weekday, row.name, row.attempts, row.successes, others, other_wins))
    return found


def supports_to_keep(settings: PlannerSettings, attempts: Sequence[Attempt]) -> list[TagCount]:
    """Supports noted as having helped on nearly every successful attempt."""
    from reintegrate.stats import helped_on_successful  # the report's module: loaded when a plan is made

    return [
        row for row in helped_on_successful(attempts)
        if row.out_of >= settings.keep_support_min_successes
        and row.count >= settings.keep_support_share * row.out_of - _EPSILON
    ]


def weekday_sentence(patterns: Sequence[WeekdayPattern]) -> str:
    """'Thursdays went least well (…): the next school days do not move up on a Thursday.'"""
    said = "; ".join(p.sentence for p in patterns)
    names = join([p.name for p in patterns]).replace(" and ", " or ")
    return f"{said[0].upper()}{said[1:]}: the next school days do not move up on a {names}."


def keep_sentence(kept: Sequence[TagCount]) -> str:
    """''Ms Patel at the gate' helped on 13 of the 14 successful attempts: one to keep.'"""
    parts = [f"{q(k.tag)} helped on {k.count} of the {k.out_of} successful attempts" for k in kept]
    return f"{join(parts)}: {'one' if len(kept) == 1 else 'ones'} to keep."
