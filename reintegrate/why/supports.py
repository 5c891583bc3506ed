"""Supports matched to each purpose, from data/why/supports.json.

A step's supports match a purpose when one of its tags is a support of that purpose
or one of the tags listed as meaning the same ('flexible arrival' for 'arriving after
the others').
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from reintegrate.models import Purpose
from reintegrate.resources import data_file


@dataclass(frozen=True)
class MatchedSupport:
    support: str
    purpose: Purpose
    matches: frozenset[str]


def parse_supports(document: dict) -> dict[Purpose, list[MatchedSupport]]:
    table: dict[Purpose, list[MatchedSupport]] = {}
    for purpose in Purpose:
        rows = document.get(purpose.value, [])
        table[purpose] = [
            MatchedSupport(row["support"], purpose,
                           frozenset(m.lower() for m in [row["support"], *row.get("matches", [])]))
            for row in rows
        ]
    return table


@cache
def supports_table() -> dict[Purpose, list[MatchedSupport]]:
    """The shipped table, read once on first use."""
    return parse_supports(json.loads(data_file("why", "supports.json").read_text(encoding="utf-8")))


def matched_tags(tags: Iterable[str], purpose: Purpose) -> list[str]:
    """The tags (a step's supports) that are matched to `purpose`."""
    known = set().union(*(s.matches for s in supports_table()[purpose])) if supports_table()[purpose] else set()
    return [t for t in tags if t.lower() in known]


def unmatched(tags: Iterable[str], purposes: Iterable[Purpose]) -> list[Purpose]:
    """Of `purposes`, those with no matched support among `tags`."""
    tags = list(tags)
    return [p for p in purposes if not matched_tags(tags, p)]


def supports_for(purpose: Purpose) -> list[str]:
    return [s.support for s in supports_table()[purpose]]
