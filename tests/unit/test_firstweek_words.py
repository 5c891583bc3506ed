"""Words a therapist reads (issue 11, item 15): names keep their capitals, weeks are
dates, greetings use title and surname, no "the last 1 attempt"."""

from __future__ import annotations

from datetime import date

from reintegrate.documents.letters import salutation_name
from reintegrate.documents.names import shown_tag
from reintegrate.planner.words import the_last
from reintegrate.stats import WeekMinutes


def test_names_in_tags_keep_their_capitals():
    names = ["Mrs Okafor", "Sam", "Hillside Academy"]
    assert shown_tag("mrs okafor", names) == "Mrs Okafor"
    assert shown_tag("time with mrs okafor", names) == "time with Mrs Okafor"
    assert shown_tag("mr hughes at the gate", []) == "Mr Hughes at the gate"
    assert shown_tag("music", names) == "music"
    assert shown_tag("samosas", names) == "samosas"  # a name inside a word is not a name


def test_weeks_read_as_dates():
    week = WeekMinutes(date(2026, 10, 12), 30)
    assert week.label == "week of 12 Oct"


def test_a_letter_is_addressed_by_title_and_surname():
    assert salutation_name("Mr Daniel Hughes") == "Mr Hughes"
    assert salutation_name("Ms Reyes") == "Ms Reyes"
    assert salutation_name("Daniel Hughes") == "Daniel Hughes"


def test_the_last_attempt_not_the_last_1_attempt():
    assert the_last(1, "attempt") == "the last attempt"
    assert the_last(3, "attempt") == "the last 3 attempts"
