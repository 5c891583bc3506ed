"""Supports matched to each purpose, from data/why/supports.json.

A step's supports match a purpose when one of its tags is a support of that purpose
or one of the tags listed as meaning the same ('flexible arrival' for 'arriving after
the others'). Words are compared, not characters: case and punctuation do not count
("A short, predictable handover…" is "a short predictable handover…"), and a tag of
the family's own words that holds one of those phrases of two words or more counts
too ("short predictable handover to Ms Patel" holds "short predictable handover").
A one-word phrase ('buddy') counts only on its own.

Each support has a side, said once in the table: "school" (the school arranges it, so
a letter may ask for it) or "home" (the family carries it out at home, whatever the
step: kept once in the student's supports at home, `Student.home_supports`, and
counted as matched for every step while it is in place). A support not in the table
(the family's own words matching none of its phrases) is taken as the school's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from reintegrate.models import Purpose
from reintegrate.resources import data_file


def words_of(text: str) -> tuple[str, ...]:
    """The words of `text`, case and punctuation left out: how a tag and a phrase compare."""
    return tuple(re.findall(r"[^\W_]+", text.casefold()))


HOME, SCHOOL = "home", "school"


@dataclass(frozen=True)
class MatchedSupport:
    """A support of the shipped table for one purpose, with the phrases that count as it."""

    support: str
    purpose: Purpose
    matches: frozenset[tuple[str, ...]]  # each phrase as its words (words_of)
    side: str = SCHOOL  # HOME or SCHOOL: who carries it out

    def counts(self, tag: str) -> bool:
        """Whether the step support `tag` counts as this support being in place."""
        words = words_of(tag)
        for phrase in self.matches:
            if words == phrase:
                return True
            n = len(phrase)
            if n >= 2 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1)):
                return True
        return False


def parse_supports(document: dict) -> dict[Purpose, list[MatchedSupport]]:
    table: dict[Purpose, list[MatchedSupport]] = {}
    for purpose in Purpose:
        rows = document.get(purpose.value, [])
        table[purpose] = [
            MatchedSupport(row["support"], purpose,
                           frozenset(words_of(m) for m in [row["support"], *row.get("matches", [])]),
                           HOME if row.get("side") == HOME else SCHOOL)
            for row in rows
        ]
    return table


@cache
def supports_table() -> dict[Purpose, list[MatchedSupport]]:
    """The shipped table, read once on first use."""
    return parse_supports(json.loads(data_file("why", "supports.json").read_text(encoding="utf-8")))


def support_counted(tag: str, purpose: Purpose) -> MatchedSupport | None:
    """The support of `purpose` that the step support `tag` counts as, if any."""
    return next((s for s in supports_table()[purpose] if s.counts(tag)), None)


def matched_tags(tags: Iterable[str], purpose: Purpose) -> list[str]:
    """The tags (a step's supports) that are matched to `purpose`."""
    return [t for t in tags if support_counted(t, purpose) is not None]


def unmatched(tags: Iterable[str], purposes: Iterable[Purpose]) -> list[Purpose]:
    """Of `purposes`, those with no matched support among `tags`."""
    tags = list(tags)
    return [p for p in purposes if not matched_tags(tags, p)]


@dataclass(frozen=True)
class SupportsInPlace:
    """Which supports in place match the leading purposes: the one answer the planner's
    supports to try, the Why screen's sentences and its + key are all given from."""

    on_step: list[tuple[str, str]]  # (the step's support, the table's support it counts as)
    at_home: list[tuple[str, str]]  # the same, for the supports kept at home
    missing: list[Purpose]  # leading purposes with no matched support in place, step or home


def supports_in_place(step_supports: Iterable[str], home_supports: Iterable[str],
                      purposes: Iterable[Purpose]) -> SupportsInPlace:
    """Of `purposes` (the leading ones), which the step's supports and those kept at
    home match, and which none of them does."""
    step_supports, home_supports, purposes = list(step_supports), list(home_supports), list(purposes)

    def counted(tags: list[str]) -> list[tuple[str, str, Purpose]]:
        return [(t, found.support, p) for p in purposes for t in tags
                if (found := support_counted(t, p)) is not None]

    on_step, at_home = counted(step_supports), counted(home_supports)
    covered = {p for *_, p in on_step + at_home}
    return SupportsInPlace(
        on_step=list(dict.fromkeys((t, s) for t, s, _ in on_step)),
        at_home=list(dict.fromkeys((t, s) for t, s, _ in at_home)),
        missing=[p for p in purposes if p not in covered],
    )


def supports_for(purpose: Purpose) -> list[str]:
    return [s.support for s in supports_table()[purpose]]


def side_of(support: str) -> str:
    """HOME or SCHOOL: the side of the table's support that `support` counts as (the
    first found, purposes in the table's order); SCHOOL for one it does not know."""
    for rows in supports_table().values():
        for s in rows:
            if s.counts(support):
                return s.side
    return SCHOOL


def is_home_side(support: str) -> bool:
    return side_of(support) == HOME


def home_side_supports(purpose: Purpose) -> list[str]:
    """The table's supports for `purpose` that the family carries out at home."""
    return [s.support for s in supports_table()[purpose] if s.side == HOME]


def all_supports() -> list[str]:
    """Every support in the table, once each, in the table's order."""
    return list(dict.fromkeys(s.support for rows in supports_table().values() for s in rows))
