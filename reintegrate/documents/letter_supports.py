"""What the supports letter asks the school for, and what it says the family does at home.

Letters ask the right people: the school is asked only for supports it arranges. A
support carried out at home (why.supports: side "home", such as "school hours at home
that look like school") is never asked of the school; those kept at home for the
child on the letter's day (`Student.home_supports`), and any the family ticked, are
named as what the family is doing at home.

Which supports are asked for: those the family ticked (keys of `SUPPORTS`, or their
own words), else the school-side supports matched to why school is hard (the
planner's `supports_to_try`), else every one of `SUPPORTS`, to discuss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reintegrate.documents.letter_kinds import SUPPORTS
from reintegrate.models import Student, home_supports_on, tag_key
from reintegrate.why.supports import is_home_side


@dataclass(frozen=True)
class SupportLines:
    asked: list[str]  # what the letter asks the school for
    ticked: bool  # the family chose them
    matched: bool  # matched to why school is hard, not ticked
    at_home: list[str]  # what the family is doing at home


def _home(support: str) -> bool:
    return support not in SUPPORTS and is_home_side(support)


def support_lines(student: Student, today, child: str, ticked: Sequence[str],
                  matched: Sequence[tuple[str, str, str]]) -> SupportLines:
    chosen = [str(s).strip() for s in ticked if str(s).strip()]
    at_home: dict[str, str] = {tag_key(s): s for s in home_supports_on(student, today)}
    for s in chosen:
        if _home(s):
            at_home.setdefault(tag_key(s), s)
    asked = [s for s in chosen if not _home(s)]
    home = list(at_home.values())
    if asked:
        return SupportLines(_words(asked, child), True, False, home)
    fitting = list(dict.fromkeys(s for s, _, _ in matched if not _home(s)))
    if fitting:
        return SupportLines(fitting, False, True, home)
    return SupportLines(_words(list(SUPPORTS), child), False, False, home)


def _words(chosen: list[str], child: str) -> list[str]:
    return [SUPPORTS.get(s, s).replace("{child}", child) for s in chosen]
