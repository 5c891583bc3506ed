"""Letters from a fixed household and date, compared with golden files.

After a deliberate wording change, regenerate the goldens and read every diff:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_letters.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from school_records import NEXT_DAYS, SAM, TODAY, build_household

from reintegrate import contacts as ct
from reintegrate.documents import letters as lt
from reintegrate.documents import statements as st
from reintegrate.models import Channel, SchoolInfo, Student
from reintegrate.schooldays import SchoolDays

GOLDEN = Path(__file__).parent / "golden" / "letters"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
# Wednesday 19 November + 5 school days (20, 21, 24, 25, 26 November).
DUE = date(2025, 11, 26)


@pytest.fixture
def household():
    return build_household()


def _input(household, **changes) -> lt.LetterInput:
    base = lt.LetterInput(
        student=household.students[0],
        today=TODAY,
        attempts=household.attempts,
        days=household.days,
        contacts=household.contacts,
        barriers=household.barriers,
        to_name="ms patel",  # matched to the staff list whatever the case
        within_school_days=5,
        supports=["flexible_arrival", "safe_space", "transport"],
        next_days=NEXT_DAYS,
    )
    return replace(base, **changes)


@pytest.mark.parametrize("kind", list(lt.LETTER_KINDS))
def test_letter_matches_its_golden_file(household, kind):
    letter = lt.render_letter(kind, _input(household))
    path = GOLDEN / f"{kind}.md"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(letter.text, encoding="utf-8")
    assert path.exists(), f"No golden file for {kind}: run with UPDATE_GOLDEN=1 and review it."
    assert letter.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(lt.LETTER_KINDS))
def test_every_letter_is_calm_factual_and_about_access_to_education(household, kind):
    letter = lt.render_letter(kind, _input(household))
    assert letter.kind == kind and letter.title == lt.LETTER_KINDS[kind]
    assert letter.due_on == DUE
    assert "Wednesday 26 November 2025" in letter.body
    assert letter.body.startswith("Dear Ms Patel,\n")
    assert (letter.to_name, letter.to_role, letter.to_email) == ("Ms Patel", "Head of Year 8", "patel@hillside.example")
    assert letter.body.rstrip().endswith("Alex Morgan  \nParent of Sam")
    assert "access to education" in letter.body or kind == "follow_up"
    # The numbers come from the records, and the letter keeps the statements it quotes.
    attendance = "Since 1 October: 28 school days, 13 missed entirely, 15 partial, 0 full."
    assert f"- {attendance}" in letter.body
    assert letter.statements[0].sentence == attendance
    # No legal claims that hold only in one country, and nothing left unfilled.
    legal = r"\b(laws?|legal|legally|statutory|entitled|entitlement|section \d+|the act|regulations?|rights|duty|obliged)\b"
    assert not re.search(legal, letter.body, re.I)
    assert not re.search(r"\{\{|\}\}|\{%|None\b", letter.text)
    # No stray spaces: two only as the sign-off's Markdown hard break.
    assert "  " not in letter.body.replace("  \nParent of", "\nParent of") and "\n\n\n" not in letter.body


def test_each_letter_quotes_its_own_statements(household):
    quoted = {k: [s.kind for s in lt.render_letter(k, _input(household)).statements] for k in lt.LETTER_KINDS}
    assert quoted["request_meeting"] == [
        st.ATTENDANCE, st.CURRENT_STEP, st.REPEATED_UNSUCCESSFUL, st.TRIGGER, st.MORNINGS, st.CHANGE]
    assert quoted["follow_up"] == [st.ATTENDANCE]
    assert quoted["notify_unable_to_attend"] == [st.ATTENDANCE, st.MORNINGS]


def test_the_meeting_request_asks_the_three_questions_and_shows_the_plan(household):
    body = lt.render_letter("request_meeting", _input(household, team="the IEP team")).body
    assert "a meeting of Sam's IEP team, within the next 5 school days" in body
    for question in (
        "What is the plan for the next 5 to 10 school days?",
        "What supports can be put in place now?",
        "What will we do if attendance does not improve?",
    ):
        assert question in body
    assert "- Monday 24 November 2025: One lesson: art" in body
    assert "The current step is 'Morning until break'." in body


def test_plan_lines_come_from_the_caller(household):
    inp = _input(household, next_days=[], current_step_title="Arrive at 10:00")
    body = lt.render_letter("plan_not_working", inp).body
    assert "The current step is 'Arrive at 10:00'." in body
    assert "next school days would look like" not in body
    assert "- 'Morning until break': 9 attempts, 1 succeeded." in body
    assert "- An older student on the school van: Dad drives Sam to school for now." in body


def test_supports_not_ticked_are_all_offered_for_discussion(household):
    body = lt.render_letter("request_supports", _input(household, supports=[])).body
    assert "I would like to discuss which of these supports could be offered:" in body
    assert "- a shortened school day for now;" in body
    assert "- a different transport arrangement." in body
    custom = lt.render_letter("request_supports", _input(household, supports=["reduced_workload", "lunch in the library"]))
    assert "- a reduced workload while attendance is rebuilt;\n- lunch in the library.\n" in custom.body
    assert custom.request == "Temporary supports: a reduced workload while attendance is rebuilt; lunch in the library."


def test_follow_up_on_a_chosen_contact(household):
    work = household.contacts[2]  # science work, sent 17 Nov, due 21 Nov, to Ms Patel
    letter = lt.render_letter("follow_up", _input(household, follow_up_on=work, to_name="Mr Reid"))
    assert letter.subject == "Follow-up: my request, sent Monday 17 November 2025"
    assert "my email of Monday 17 November 2025 to Ms Patel, in which I asked:" in letter.body
    assert "> Could work for science be sent home?" in letter.body
    # One whole school day since: Tuesday 18 November.
    assert "I have not had an answer yet, 1 school day later (I had asked for a reply by Friday 21 November 2025)." in letter.body


def test_follow_up_accepts_the_overdue_reminder_itself(household):
    [overdue] = ct.overdue_contacts(household.contacts, SchoolDays(household.students[0].calendar), TODAY)
    chosen = lt.render_letter("follow_up", _input(household, follow_up_on=overdue, contacts=[]))
    assert chosen.body == lt.render_letter("follow_up", _input(household)).body


def test_statements_start_at_the_plan_or_the_chosen_date(household):
    letter = lt.render_letter("notify_unable_to_attend", _input(household, since=date(2025, 11, 3)))
    # 3 to 18 November: 10 school days (6 Nov closed, 14 Nov training day), 6 missed.
    assert letter.statements[0].sentence == "Since 3 November: 10 school days, 6 missed entirely, 4 partial, 0 full."
    future = lt.render_letter("follow_up", _input(household, since=date(2025, 12, 1)))
    assert "- Since 19 November: no school days yet." in future.body


def test_follow_up_needs_something_overdue(household):
    answered = [ct.mark_answered(c, TODAY, "Done") for c in household.contacts]
    with pytest.raises(ValueError, match="no overdue request"):
        lt.render_letter("follow_up", _input(household, contacts=answered))


def test_a_new_household_with_no_records_still_gets_sensible_letters():
    student = Student(id="new", name="Robin")
    inp = lt.LetterInput(student=student, today=TODAY)
    for kind in lt.LETTER_KINDS:
        if kind == "follow_up":
            continue
        letter = lt.render_letter(kind, inp)
        assert letter.body.startswith("Dear team,\n")
        assert "[your name]  \nParent of Robin" in letter.body
        assert "Since 19 November: no school days yet." in letter.body
    named = student.model_copy(update={"school": SchoolInfo(name="Oak Lane School")})
    letter = lt.render_letter("request_meeting", lt.LetterInput(student=named, today=TODAY, to_name="Mrs Unknown"))
    assert letter.body.startswith("Dear Mrs Unknown,\n") and letter.to_role == ""
    assert lt.render_letter("notify_unable_to_attend", lt.LetterInput(student=named, today=TODAY)).body.startswith(
        "Dear Oak Lane School team,\n"
    )


def test_unknown_kind():
    with pytest.raises(ValueError, match="not a kind of letter"):
        lt.render_letter("complaint", lt.LetterInput(student=Student(name="Robin"), today=TODAY))


def test_a_saved_letter_is_logged_and_later_reminded(household):
    letter = lt.render_letter("request_meeting", _input(household))
    contact = lt.to_contact(letter)
    assert (contact.student_id, contact.on, contact.due_on) == (SAM, TODAY, DUE)
    assert (contact.person, contact.role, contact.channel) == ("Ms Patel", "Head of Year 8", Channel.email)
    assert contact.letter_kind == "request_meeting"
    assert contact.summary == letter.subject
    assert contact.request.startswith("A team meeting within 5 school days")
    calendar = SchoolDays(household.students[0].calendar)
    assert ct.overdue_contacts([contact], calendar, DUE) == []
    [overdue] = ct.overdue_contacts([contact], calendar, date(2025, 11, 27))
    assert overdue.sentence == "Meeting request to Ms Patel sent 19 Nov — no answer after 5 school days: follow up."
    # An edited letter keeps its edits in the log; sending it late is refused calmly.
    edited = replace(letter, subject="Meeting please")
    assert lt.to_contact(edited, on=date(2025, 11, 20), channel=Channel.letter).summary == "Meeting please"
    with pytest.raises(ValueError, match="write it again"):
        lt.to_contact(letter, on=date(2025, 11, 27))


def test_every_kind_has_a_template_and_a_reminder_noun():
    assert set(lt.LETTER_KINDS) == set(ct.REQUEST_NOUNS)
    for kind in lt.LETTER_KINDS:
        assert (lt._letters_dir() / f"{kind}.md.j2").is_file()


def test_letters_do_not_pull_in_the_terminal_ui():
    code = "import sys, reintegrate.documents.letters; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_long_request_is_quoted_line_by_line(household):
    note = household.contacts[2].model_copy(update={"request": "Could work be sent home?\nScience and maths first."})
    body = lt.render_letter("follow_up", _input(household, follow_up_on=note)).body
    assert "> Could work be sent home?\n> Science and maths first.\n" in body


@pytest.mark.parametrize("kind", list(lt.LETTER_KINDS))
def test_the_sign_off_keeps_its_lines_when_shown_as_markdown(household, kind):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(lt.render_letter(kind, _input(household)).body)
    assert "Alex Morgan<br />\nParent of Sam" in html


def test_what_has_been_tried_lists_the_supports_at_home_with_their_dates(household):
    """Walk report item 4: supports tried at home and ended reach the school."""
    from reintegrate.models import HomeSupport

    student = household.students[0].model_copy(update={"home_supports": [
        HomeSupport(support="rewards that follow attendance", started_on=date(2025, 11, 3),
                    ended_on=date(2025, 11, 14)),
        HomeSupport(support="a written agreement", started_on=date(2025, 11, 17))]})
    body = lt.render_letter("plan_not_working", _input(household, student=student)).body
    tried = body.split("What has been tried so far:")[1]
    assert "- At home: rewards that follow attendance (from Mon 3 Nov, ended Fri 14 Nov)." in tried
    assert "- At home: a written agreement (since Mon 17 Nov, still in place)." in tried
