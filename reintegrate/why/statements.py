"""The 'why is school hard?' check-in: the project's own plain statements.

Three statements per purpose, each worded once for a parent and once for the child.
They are written for this app (no published questionnaire's items) and describe what
staying home does, never what the child is. Each is rated 0 (never) to 6 (always).
"""

from __future__ import annotations

from dataclasses import dataclass

from reintegrate.models import Purpose

RATING_WORDS = ["never", "rarely", "sometimes", "about half the time", "often", "most of the time", "always"]


@dataclass(frozen=True)
class Statement:
    id: str  # "<purpose>.<n>": what a stored answer is keyed by
    purpose: Purpose
    parent: str
    child: str


def _three(purpose: Purpose, pairs: list[tuple[str, str]]) -> list[Statement]:
    return [Statement(f"{purpose.value}.{n}", purpose, p, c) for n, (p, c) in enumerate(pairs, start=1)]


STATEMENTS: list[Statement] = [
    *_three(Purpose.negative_affect, [
        ("Thinking about school brings on worry, sadness or a sick feeling they want to get away from.",
         "Thinking about school gives me a bad feeling I want to stop."),
        ("They would go if being at school did not make them feel so bad.",
         "I would go to school if it didn't make me feel so bad."),
        ("Something at school (a place, a noise, a lesson) upsets them more than most things in their week.",
         "Something at school upsets me more than most things."),
    ]),
    *_three(Purpose.social_evaluative, [
        ("They hold back from school because of other children, or being looked at.",
         "I stay away because of other kids, or people looking at me."),
        ("Speaking, reading out or being tested in front of others worries them.",
         "I worry about talking, reading out or doing tests in front of others."),
        ("School would be easier for them if nobody noticed them.",
         "School would be easier if nobody noticed me."),
    ]),
    *_three(Purpose.attention, [
        ("They want to be with a parent during the school day.",
         "I want to be with my mum or dad during the school day."),
        ("Mornings go better when a parent takes them in, or stays close.",
         "Going is easier when my mum or dad takes me or stays nearby."),
        ("They ask to stay home so that they can be with the family.",
         "I'd like to stay home so I can be with my family."),
    ]),
    *_three(Purpose.tangible, [
        ("At home in school hours they do things they enjoy (games, screens, sleep, snacks).",
         "When I'm home in school time I get to do things I like."),
        ("Days at home are more fun for them than days at school.",
         "Days at home are more fun than days at school."),
        ("They would go more readily if home had less to offer in school hours.",
         "I'd go to school more if staying home was boring."),
    ]),
]

BY_ID = {s.id: s for s in STATEMENTS}
