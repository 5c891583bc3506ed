"""`reintegrate letter KIND`: one letter to the school, printed, saved or logged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from school_records import SAM, TODAY, build_household

from reintegrate.documents import letters as lt
from reintegrate.documents.formats import planner_values
from reintegrate.models import Channel, Contact, DayKind, DayStatus
from reintegrate.store import Store, file_mode
from tests.unit.cli_helpers import run

GOLDEN = Path(__file__).parent / "golden" / "letters"
ON = ("--date", TODAY.isoformat())  # Wednesday 19 November 2025
# The golden letters are written to Ms Patel, within 5 school days, with these supports.
AS_GOLDEN = ("--to", "Ms Patel", "--within", "5")
SUPPORTS = "flexible arrival,safe-space,transport"
# These two also lay out the planner's next school days, which the goldens fix by hand.
WITH_PLAN = {"request_meeting", "plan_not_working"}


pytestmark = pytest.mark.usefixtures("no_real_data")


@pytest.fixture
def data(tmp_path) -> Path:
    """Sam's autumn term (school_records.py) in a data file."""
    path = tmp_path / "sam.json"
    with Store.open(path, today=TODAY) as store, store.batch():
        store.replace_all(build_household())
        store.set_meta("current_student_id", SAM)
    return path


def letter(capsys, data: Path, *argv: str):
    return run(capsys, "letter", "--data", str(data), *ON, *argv)


def contacts(path: Path) -> list[Contact]:
    with Store.open(path, read_only=True) as store:
        return store.all(Contact)


def test_help_lists_every_kind_with_its_title(capsys):
    code, out, _ = run(capsys, "letter", "--help")
    assert code == 0
    for kind, title in lt.LETTER_KINDS.items():
        assert any(kind in line and title in line for line in out.splitlines()), kind
    for option in ("--to", "--within", "--supports", "--about", "--student", "-o", "--log"):
        assert option in out
    code, out, _ = run(capsys, "--help")
    assert "letter" in out


@pytest.mark.parametrize("kind", sorted(set(lt.LETTER_KINDS) - WITH_PLAN))
def test_the_printed_letter_is_the_golden_one(capsys, data, kind):
    extra = ("--supports", SUPPORTS) if kind == "request_supports" else ()
    code, out, err = letter(capsys, data, kind, *AS_GOLDEN, *extra)
    assert code == 0, err
    assert out == (GOLDEN / f"{kind}.md").read_text(encoding="utf-8")
    assert err == ""


@pytest.mark.parametrize("kind", sorted(WITH_PLAN))
def test_letters_with_a_plan_match_the_letter_module(capsys, data, kind):
    code, out, _ = letter(capsys, data, kind, *AS_GOLDEN)
    household = build_household()
    plan = planner_values(household.students[0], household, TODAY)
    expected = lt.render_letter(kind, lt.LetterInput(
        student=household.students[0], today=TODAY, attempts=household.attempts,
        days=household.days, contacts=household.contacts, barriers=household.barriers,
        to_name="Ms Patel", within_school_days=5,
        next_days=plan["next_days"], next_days_follow=plan["next_days_follow"],
        review_reasons=plan["review_reasons"]))
    assert code == 0 and out == expected.text
    # The golden differs only by the plan lines it was given by hand.
    golden = (GOLDEN / f"{kind}.md").read_text(encoding="utf-8")
    assert out.splitlines()[:3] == golden.splitlines()[:3]


def test_kinds_can_be_written_with_dashes(capsys, data):
    code, out, _ = letter(capsys, data, "request-evaluation")
    assert code == 0 and out.startswith("Subject: ")


def test_within_sets_the_date_asked_for(capsys, data):
    # Wednesday 19 November + 3 school days: Monday 24 November.
    code, out, _ = letter(capsys, data, "request_meeting", "--within", "3")
    assert code == 0 and "within the next 3 school days (by Monday 24 November 2025" in out


def test_written_to_a_private_file(capsys, data, tmp_path):
    target = tmp_path / "letter.md"
    code, out, err = letter(capsys, data, "notify_unable_to_attend", "-o", str(target))
    assert code == 0 and out == ""
    assert str(target) in err
    assert file_mode(target) == 0o600
    assert target.read_text(encoding="utf-8").startswith("Subject: ")
    assert contacts(data) == build_household().contacts  # nothing logged without --log


def test_log_records_the_letter_as_a_contact_with_its_due_date(capsys, data):
    before = contacts(data)
    code, out, err = letter(capsys, data, "request_evaluation", "--to", "Mr Reid", "--within", "3", "--log")
    assert code == 0 and out.startswith("Subject: Request")
    assert "contact log" in err and "Monday 24 November 2025" in err
    after = contacts(data)
    assert len(after) == len(before) + 1
    logged = next(c for c in after if c.letter_kind == "request_evaluation")
    assert (logged.on, logged.due_on) == (TODAY, date(2025, 11, 24))
    assert (logged.person, logged.role, logged.student_id) == ("Mr Reid", "Special needs coordinator", SAM)
    assert logged.summary == out.splitlines()[0].removeprefix("Subject: ")
    assert logged.answered_on is None and logged.request


def test_log_needs_the_lock_and_prints_nothing_without_it(capsys, data):
    with Store.open(data, today=TODAY):  # the app has the file open
        code, out, err = letter(capsys, data, "request_meeting", "--log")
    assert code == 1 and out == ""
    assert "already open in another reintegrate window" in err
    assert contacts(data) == build_household().contacts


def test_log_never_creates_a_data_file(capsys, tmp_path):
    missing = tmp_path / "nothing.json"
    code, out, err = run(capsys, "letter", "request_meeting", "--data", str(missing), "--log")
    assert code == 1 and "no data file" in err and not missing.exists()


def test_a_follow_up_with_nothing_overdue_says_so(capsys, data):
    # On 7 November the meeting request of 3 November is not due yet.
    code, out, err = run(capsys, "letter", "follow_up", "--data", str(data), "--date", "2025-11-07")
    assert code == 1 and out == ""
    assert "There is no overdue request to follow up on." in err


@pytest.mark.parametrize(("argv", "message"), [
    (("bogus",), "'bogus' is not a kind of letter"),
    (("request_meeting", "--within", "0"), "from 1 to 60"),
    (("request_meeting", "--within", "soon"), "from 1 to 60"),
    (("request_meeting", "--supports", "safe_space"), "--supports is for the request_supports letter"),
    (("request_supports", "--supports", " , "), "name at least one support"),
    ((), "KIND"),
])
def test_usage_errors_are_clear(capsys, data, argv, message):
    code, out, err = letter(capsys, data, *argv)
    assert code == 2 and message in err and out == ""


def test_an_unknown_student(capsys, data):
    code, _, err = letter(capsys, data, "request_meeting", "--student", "Robin")
    assert code == 1 and "no student called 'Robin'" in err


def test_without_to_a_letter_starts_as_the_app_does(capsys, data):
    """The app's letter screen fills 'To' from `default_recipient`; the command uses the
    same rule when --to is not given, and `--to ''` still greets the school's team."""
    code, out, _ = letter(capsys, data, "follow_up")
    assert code == 0 and "\nDear Ms Patel,\n" in out  # the overdue request went to Ms Patel
    code, out, _ = letter(capsys, data, "request_meeting")
    assert code == 0 and "\nDear Ms Patel,\n" in out  # the first of the school's staff
    code, out, _ = letter(capsys, data, "request_meeting", "--to", "")
    assert code == 0 and "\nDear Ms Patel,\n" not in out and " team,\n" in out


def test_the_default_recipient_of_a_follow_up_is_whoever_the_request_went_to():
    household = build_household()
    student = next(s for s in household.students if s.id == SAM)
    contacts = [c.model_copy(update={"person": "Mr Reid"}) if c.id == "contact-meeting" else c
                for c in household.contacts]
    inp = lt.LetterInput(student=student, today=TODAY, contacts=contacts)
    assert lt.default_recipient("follow_up", inp) == "Mr Reid"
    assert lt.default_recipient("request_meeting", inp) == "Ms Patel"
    nobody = lt.LetterInput(student=student.model_copy(update={"school": student.school.model_copy(update={"staff": []})}),
                            today=TODAY)
    assert lt.default_recipient("request_meeting", nobody) == ""
    assert lt.default_recipient("follow_up", nobody) == "", "nothing overdue: no one to follow up with"


# --- choosing the request a follow-up is about -----------------------------------------

EVALUATION = Contact(
    id="contact-evaluation", student_id=SAM, on=date(2025, 11, 5), person="Mr Reid", channel=Channel.email,
    summary="Request for an evaluation", request="An evaluation of Sam's needs.", due_on=date(2025, 11, 12),
    letter_kind="request_evaluation",
)
REMINDER = Contact(
    id="contact-reminder", student_id=SAM, on=date(2025, 11, 11), person="Ms Patel", channel=Channel.email,
    summary="Follow-up: meeting request, sent Monday 3 November 2025",
    request="A reply to my earlier request of Monday 3 November 2025 (Meeting request to Ms Patel).",
    due_on=date(2025, 11, 18), letter_kind="follow_up", follows_up="contact-meeting",
)


def add_contacts(path: Path, *records: Contact) -> None:
    with Store.open(path, today=TODAY) as store:
        store.put_many(list(records))


def test_about_chooses_the_request_to_follow_up_and_the_log_links_it(capsys, data):
    add_contacts(data, EVALUATION)
    # Without --about: the longest overdue request (the meeting request, due 10 Nov).
    code, out, _ = letter(capsys, data, "follow_up")
    assert code == 0 and "Subject: Follow-up: meeting request, sent Monday 3 November 2025" in out
    code, out, err = letter(capsys, data, "follow_up", "--about", "contact-evaluation", "--log")
    assert code == 0, err
    assert "Subject: Follow-up: evaluation request, sent Wednesday 5 November 2025" in out
    assert "\nDear Mr Reid,\n" in out  # whoever the request went to
    [logged] = [c for c in contacts(data) if c.letter_kind == "follow_up"]
    assert logged.follows_up == "contact-evaluation"
    # The request and its follow-up are one line in status.
    code, out, _ = run(capsys, "status", "--json", "--data", str(data), *ON)
    waiting = {item["id"]: item for item in json.loads(out)["waiting_on_school"]}
    assert sorted(waiting) == ["contact-evaluation", "contact-meeting", "contact-work"]
    assert [f["id"] for f in waiting["contact-evaluation"]["follow_ups"]] == [logged.id]
    assert waiting["contact-evaluation"]["overdue"] is False


def test_to_chooses_the_overdue_request_that_went_to_that_person(capsys, data):
    add_contacts(data, EVALUATION)
    code, out, _ = letter(capsys, data, "follow_up", "--to", "Mr Reid")
    assert code == 0 and "Subject: Follow-up: evaluation request, sent Wednesday 5 November 2025" in out
    code, out, _ = letter(capsys, data, "follow_up", "--to", "Ms Patel")
    assert code == 0 and "Subject: Follow-up: meeting request, sent Monday 3 November 2025" in out


def test_about_any_contact_of_a_thread_follows_up_the_thread(capsys, data):
    add_contacts(data, REMINDER)
    code, out, _ = letter(capsys, data, "follow_up", "--about", "contact-reminder")
    assert code == 0 and "Subject: Follow-up: meeting request, sent Monday 3 November 2025" in out
    assert "my email of Monday 3 November 2025 and my reminder of Tuesday 11 November 2025." in out


def test_a_second_follow_up_is_the_golden_one(capsys, data):
    add_contacts(data, REMINDER)
    code, out, err = letter(capsys, data, "follow_up", *AS_GOLDEN)
    assert code == 0, err
    assert out == (GOLDEN / "follow_up_after_a_reminder.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("about", "message"), [
    ("nope", "No contact in the log has the id 'nope'."),
    ("contact-phone", "was answered on 21 Oct: there is nothing to follow up."),
])
def test_about_a_request_that_cannot_be_followed_up_says_which_can(capsys, data, about, message):
    code, out, err = letter(capsys, data, "follow_up", "--about", about)
    assert code == 1 and out == ""
    assert message in err
    assert "contact-meeting (Meeting request to Ms Patel sent 3 Nov" in err


def test_about_is_for_the_follow_up_letter(capsys, data):
    code, out, err = letter(capsys, data, "request_meeting", "--about", "contact-meeting")
    assert code == 2 and "--about is for the follow_up letter" in err and out == ""


def test_a_deadline_skips_a_day_marked_closed(capsys, data):
    code, out, _ = letter(capsys, data, "request_meeting", "--within", "2")
    assert code == 0 and "(by Friday 21 November 2025 at the latest)" in out  # Thursday 20, Friday 21
    with Store.open(data, today=TODAY) as store:
        store.put(DayStatus(student_id=SAM, on=date(2025, 11, 20), kind=DayKind.closed, note="staff training day"))
    code, out, _ = letter(capsys, data, "request_meeting", "--within", "2", "--log")
    assert code == 0
    assert "(by Monday 24 November 2025 at the latest)" in out
    assert "Thursday 20 November" not in out  # no step is laid out on the closed day either
    [logged] = [c for c in contacts(data) if c.on == TODAY and c.letter_kind == "request_meeting"]
    assert logged.due_on == date(2025, 11, 24)


def test_supports_help_lists_every_support_the_letter_accepts(capsys):
    from reintegrate.documents.letter_kinds import SUPPORTS as KEYS
    from reintegrate.documents.letter_kinds import table_supports

    code, out, _ = run(capsys, "letter", "--help")
    shown = " ".join(out.split())
    school = table_supports("school")
    assert len(school) >= 6
    for support in [*KEYS, *school]:
        assert support in shown
    for support in table_supports("home"):
        assert support not in shown


def test_a_support_carried_out_at_home_is_not_asked_of_the_school(capsys, data):
    code, out, err = letter(capsys, data, "request_supports", "--supports", "flexible arrival, Rewards that follow attendance")
    err = " ".join(err.split())
    assert code == 2 and out == ""
    assert "'Rewards that follow attendance' is carried out at home, not asked of the school" in err
    assert "a short predictable handover to a trusted adult" in err  # every support it accepts
    code, out, _ = letter(capsys, data, "request_supports", "--supports", "flexible arrival, a buddy")
    assert code == 0 and "- a buddy." in out
