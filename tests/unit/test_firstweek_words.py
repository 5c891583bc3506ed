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


def test_the_progress_screen_shows_what_helped_as_the_report_does():
    from rich.console import Console

    from reintegrate.models import Attempt, Outcome
    from reintegrate.stats import DateRange, progress
    from screens.widgets.progress_text import pattern_sections
    from tests.fixtures import STUDENT_ID, make_household

    today = date(2026, 11, 2)
    student = next(s for s in make_household(today).students if s.id == STUDENT_ID)
    attempts = [Attempt(student_id=STUDENT_ID, on=date(2026, 10, 26 + d), step_id="s", step_title="Step",
                        planned_minutes=15, outcome=Outcome.completed, minutes_managed=15, distress_peak=2,
                        helped=["mrs okafor", "music"]) for d in range(3)]
    p = progress(student, attempts, [], [], DateRange.last_two_weeks(today), today=today)
    table = dict((key, value) for key, _, value in pattern_sections(p, student))["pattern-helped"]
    console = Console(width=80, record=True, color_system=None)
    console.print(table)
    shown = console.export_text()
    assert "Mrs Okafor" in shown and "mrs okafor" not in shown
    assert "music" in shown


def test_history_counts_one_attempt_and_one_day_in_the_singular():
    from screens.history import intro_line

    assert intro_line(4, 1).startswith("4 attempts and 1 day without one.")
    assert intro_line(1, 0).startswith("1 attempt and 0 days without one.")
