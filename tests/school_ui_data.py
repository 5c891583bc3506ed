"""Sam's fixed household with a contact log and a barrier, for the school screens' tests.

Built on tests/fixtures.py. Today is Wednesday 11 November 2026. The meeting request
of Tuesday 3 November asked for an answer within 5 school days (by Tuesday 10
November) and has none: on 11 November it is overdue after 5 school days (4, 5, 6,
9 and 10 November). Friday 13 November is a staff training day, so "5 school days"
from today ends on Thursday 19 November, not Wednesday 18.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reintegrate.models import (
    Barrier,
    BarrierStatus,
    Channel,
    Closure,
    Contact,
    Household,
    SchoolCalendar,
    SchoolInfo,
    StaffMember,
)
from reintegrate.store import Store
from tests.fixtures import STUDENT_ID, make_household, store_with

TODAY = date(2026, 11, 11)
TRAINING_DAY = date(2026, 11, 13)
MEETING_SENT = date(2026, 11, 3)
# Hand counts: 5 school days after today skips the weekend and the training day.
DUE_IN_FIVE_SCHOOL_DAYS = date(2026, 11, 19)
# Waited: 4, 6, 9 and 10 Nov; Thursday 5 is marked school closed in Sam's records
# (tests/fixtures.py), and a day marked closed is no school day.
OVERDUE_SENTENCE = "Meeting request to Ms Reid sent 3 Nov — no answer after 4 school days: follow up."

STAFF = [
    StaffMember(name="Ms Reid", role="Head of year", email="reid@example.org"),
    StaffMember(name="Mr Shah", role="SENCo", email="shah@example.org"),
]


def school_contacts() -> list[Contact]:
    return [
        Contact(
            id="contact-call", student_id=STUDENT_ID, on=date(2026, 10, 20), person="Ms Reid",
            role="Head of year", channel=Channel.phone, summary="Talked about using the safe room",
            answered_on=date(2026, 10, 20), answer="The safe room is free from 9:00.",
        ),
        Contact(
            id="contact-meeting", student_id=STUDENT_ID, on=MEETING_SENT, person="Ms Reid",
            role="Head of year", channel=Channel.email, summary="Asked for a team meeting",
            request="A team meeting within 5 school days about the plan.",
            due_on=date(2026, 11, 10), letter_kind="request_meeting",
        ),
        Contact(
            id="contact-evaluation", student_id=STUDENT_ID, on=date(2026, 11, 9), person="Mr Shah",
            role="SENCo", channel=Channel.email, summary="Asked for an evaluation",
            request="An evaluation of Sam's needs.", due_on=date(2026, 11, 16),
            letter_kind="request_evaluation",
        ),
    ]


def school_barriers() -> list[Barrier]:
    return [
        Barrier(
            id="barrier-van", student_id=STUDENT_ID, title="The school van is loud and crowded",
            description="Three of the hardest mornings started on the van.",
            trigger_tags=["school van"], workaround="A parent drives for now.", owner="family",
            status=BarrierStatus.worked_around, opened_on=date(2026, 10, 28),
        ),
    ]


def school_household(today: date = TODAY, *, contacts: bool = True, barriers: bool = True) -> Household:
    household = make_household(today)
    student = household.students[0].model_copy(update={
        "calendar": SchoolCalendar(closures=[
            Closure(start=TRAINING_DAY, end=TRAINING_DAY, label="Staff training day"),
        ]),
        "school": SchoolInfo(name="Hillside Secondary", staff=STAFF, parent_name="Alex"),
    })
    return household.model_copy(update={
        "students": [student],
        "contacts": school_contacts() if contacts else [],
        "barriers": school_barriers() if barriers else [],
    })


def school_store(folder: Path, household: Household | None = None, today: date = TODAY) -> Store:
    """A store on a fresh file in `folder`; the caller closes it."""
    folder.mkdir(parents=True, exist_ok=True)
    return store_with(household or school_household(today), folder, today=today)
