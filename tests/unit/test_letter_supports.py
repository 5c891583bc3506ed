"""The supports letter asks the school only for what the school arranges; supports
carried out at home are said as what the family is doing (documents.letter_supports)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from school_records import NEXT_DAYS, TODAY, build_household

from reintegrate.documents import letters as lt
from reintegrate.models import HomeSupport
from reintegrate.why.supports import is_home_side

TANGIBLE = [("school hours at home that look like school", "tangible", "why"),
            ("rewards that follow attendance", "tangible", "why"),
            ("a written agreement", "tangible", "why")]
ATTENTION = [("a short predictable handover to a trusted adult", "attention", "why"),
             ("praise for going (not for staying)", "attention", "why"),
             ("time together after school (not instead of it)", "attention", "why")]


@pytest.fixture
def household():
    return build_household()


def _letter(household, student=None, **changes):
    inp = lt.LetterInput(student=student or household.students[0], today=TODAY, attempts=household.attempts,
                         days=household.days, contacts=household.contacts, barriers=household.barriers,
                         to_name="ms patel", next_days=NEXT_DAYS)
    return lt.render_letter("request_supports", replace(inp, **changes))


def _asked(body: str) -> list[str]:
    """The bullets under the sentence that asks for supports (the facts above are bullets too)."""
    lines = body.splitlines()
    start = next(n for n, line in enumerate(lines) if "support" in line and line.endswith(":"))
    asked = []
    for line in lines[start + 1:]:
        if line.startswith("- "):
            asked.append(line[2:].rstrip(";."))
        elif asked:
            break
    return asked


def test_home_side_supports_matched_to_why_school_is_hard_are_never_asked_of_the_school(household):
    letter = _letter(household, matched_supports=TANGIBLE)
    asked = _asked(letter.body)
    assert asked and not any(is_home_side(s) for s in asked)
    for support, _, _ in TANGIBLE:
        assert support not in letter.body and support not in letter.request
    # With none of the school's to suggest, the usual list, to discuss.
    assert "I would like to discuss which of these supports could be offered:" in letter.body
    assert "a shortened school day for now" in asked


def test_of_the_matched_supports_only_the_schools_are_asked_for(household):
    letter = _letter(household, matched_supports=ATTENTION)
    assert _asked(letter.body) == ["a short predictable handover to a trusted adult"]
    assert "this support seems likely to fit best. I would like to discuss whether it could be offered:" in letter.body
    assert letter.request == "Temporary supports: a short predictable handover to a trusted adult."


def test_supports_kept_at_home_are_said_as_what_the_family_is_doing(household):
    student = household.students[0].model_copy(deep=True)
    student.home_supports = [
        HomeSupport(support="school hours at home that look like school", started_on=date(2025, 11, 3)),
        HomeSupport(support="rewards that follow attendance", started_on=date(2025, 11, 3)),
        HomeSupport(support="a written agreement", started_on=date(2025, 11, 3), ended_on=date(2025, 11, 10)),
    ]
    letter = _letter(household, student, matched_supports=TANGIBLE, supports=["flexible_arrival"])
    assert _asked(letter.body) == ["flexible arrival times, with no pressure about arriving late"]
    assert ("At home, we have put in place: school hours at home that look like school; "
            "rewards that follow attendance.") in letter.body
    assert "a written agreement" not in letter.body  # ended before the letter


def test_a_home_side_support_ticked_is_said_as_done_at_home_not_asked(household):
    letter = _letter(household, supports=["a written agreement", "lunch in the library"])
    assert _asked(letter.body) == ["lunch in the library"]
    assert "At home, we have put in place: a written agreement." in letter.body
