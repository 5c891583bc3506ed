"""A fixed household for the school-facing tests: Sam, autumn term 2025.

Every id and date is fixed so letters render the same text on every run. The hand
counts in test_statements.py are taken from the ATTEMPTS and DAYS tables below.

Calendar: Monday to Friday; half term 27-31 October and a training day on Friday
14 November are closures. Thursday 6 November is recorded as `closed` (heating
failure). TODAY is Wednesday 19 November, with nothing recorded for it yet.
"""

from __future__ import annotations

from datetime import date

from reintegrate.models import (
    Attempt,
    Barrier,
    BarrierStatus,
    Channel,
    Closure,
    Contact,
    DayKind,
    DayStatus,
    Household,
    Ladder,
    Morning,
    Outcome,
    Plan,
    SchoolCalendar,
    SchoolInfo,
    StaffMember,
    Step,
    Student,
)

TODAY = date(2025, 11, 19)
SINCE = date(2025, 10, 1)
SAM = "student-sam"

STEPS = [
    Step(id="step-1", title="15 minutes in the library with Ms Okafor", planned_minutes=15),
    Step(id="step-2", title="45 minutes in the library", planned_minutes=45),
    Step(id="step-3", title="One lesson: art", planned_minutes=60),
    Step(id="step-4", title="Morning until break", planned_minutes=120),
    Step(id="step-5", title="Half day", planned_minutes=180),
    Step(id="step-6", title="Full day", planned_minutes=390),
]
_STEP = {s.id: s for s in STEPS}

C, D, P, N, R = (
    Outcome.completed,
    Outcome.did_more,
    Outcome.partial,
    Outcome.not_started,
    Outcome.refused,
)
VAN = "school van"
BED = "would not get out of bed"
CLUNG = "clung to a parent"
LOCKED = "locked in a room"

# date, step, outcome, minutes, distress before, peak, triggers, symptoms,
# morning behaviours, woke on time
ATTEMPTS_TABLE = [
    (date(2025, 10, 1), "step-1", R, 0, 8, 9, [VAN], ["stomach ache"], [BED], None),
    (date(2025, 10, 3), "step-1", C, 15, 5, 4, [], [], [CLUNG], True),
    (date(2025, 10, 6), "step-1", C, 15, 4, 3, [], [], [CLUNG], True),
    (date(2025, 10, 7), "step-1", D, 25, 4, 3, [], [], [], True),
    (date(2025, 10, 8), "step-2", C, 45, 5, 4, [], [], [], True),
    (date(2025, 10, 10), "step-2", C, 45, 4, 4, [], [], [], True),
    (date(2025, 10, 13), "step-2", P, 20, 7, 7, [VAN], ["headache"], [BED], None),
    (date(2025, 10, 14), "step-2", C, 45, 5, 3, [], [], [], True),
    (date(2025, 10, 15), "step-3", C, 60, 5, 4, [], [], [], True),
    (date(2025, 10, 16), "step-3", R, 0, 8, 8, [VAN, "noise"], ["stomach ache"], [BED, LOCKED], None),
    (date(2025, 10, 20), "step-3", C, 60, 6, 4, [], [], [], True),
    (date(2025, 10, 21), "step-3", C, 60, 5, 3, [VAN], [], [], True),
    (date(2025, 10, 22), "step-3", C, 60, 5, 4, [], [], [], True),
    (date(2025, 10, 23), "step-4", N, 0, 9, 9, [VAN], ["headache", "crying"], [BED], False),
    (date(2025, 11, 3), "step-4", R, 0, 8, 8, [VAN], ["stomach ache"], [BED, CLUNG], None),
    (date(2025, 11, 4), "step-4", P, 60, 6, 6, ["crowded corridor"], [], [CLUNG], True),
    (date(2025, 11, 5), "step-4", R, 0, 8, 8, [VAN], ["headache"], [BED], None),
    (date(2025, 11, 7), "step-4", C, 120, 6, 5, [], [], [CLUNG], True),
    (date(2025, 11, 11), "step-4", N, 0, 7, 7, [VAN], ["stomach ache"], ["physical complaints", BED], False),
    (date(2025, 11, 13), "step-4", P, 90, 7, 6, [VAN], ["headache"], [BED], None),
    (date(2025, 11, 17), "step-4", R, 0, 8, 8, [VAN, "another student"], ["crying"], [LOCKED], None),
    (date(2025, 11, 18), "step-4", P, 45, 7, 7, [VAN], ["stomach ache"], [BED, CLUNG], None),
]

DAYS_TABLE = [
    (date(2025, 10, 2), DayKind.ill),
    (date(2025, 10, 17), DayKind.agreed_rest),
    (date(2025, 10, 24), DayKind.absent),
    (date(2025, 11, 6), DayKind.closed),
    (date(2025, 11, 12), DayKind.ill),
]


def attempt_id(on: date) -> str:
    return f"attempt-{on.isoformat()}"


def build_attempts() -> list[Attempt]:
    attempts = []
    for on, step_id, outcome, minutes, before, peak, triggers, symptoms, morning, woke in ATTEMPTS_TABLE:
        step = _STEP[step_id]
        attempts.append(
            Attempt(
                id=attempt_id(on),
                student_id=SAM,
                on=on,
                step_id=step_id,
                step_title=step.title,
                planned_minutes=step.planned_minutes,
                outcome=outcome,
                minutes_managed=minutes,
                distress_before=before,
                distress_peak=peak,
                triggers=triggers,
                symptoms=symptoms,
                morning=Morning(behaviours=morning, woke_on_time=woke),
            )
        )
    return attempts


def build_days() -> list[DayStatus]:
    return [
        DayStatus(id=f"day-{on.isoformat()}", student_id=SAM, on=on, kind=kind)
        for on, kind in DAYS_TABLE
    ]


def build_calendar() -> SchoolCalendar:
    return SchoolCalendar(
        closures=[
            Closure(start=date(2025, 10, 27), end=date(2025, 10, 31), label="Half term"),
            Closure(start=date(2025, 11, 14), end=date(2025, 11, 14), label="Training day"),
        ]
    )


def build_student() -> Student:
    return Student(
        id=SAM,
        name="Sam",
        calendar=build_calendar(),
        ladder=Ladder(steps=[s.model_copy() for s in STEPS], current_step_id="step-4"),
        plan=Plan(start=SINCE, review_on=date(2025, 11, 26)),
        school=SchoolInfo(
            name="Hillside Academy",
            parent_name="Alex Morgan",
            staff=[
                StaffMember(name="Ms Patel", role="Head of Year 8", email="patel@hillside.example"),
                StaffMember(name="Mr Reid", role="Special needs coordinator"),
            ],
        ),
        created_on=SINCE,
    )


def build_contacts() -> list[Contact]:
    return [
        Contact(
            id="contact-phone",
            student_id=SAM,
            on=date(2025, 10, 20),
            person="Mr Reid",
            role="Special needs coordinator",
            channel=Channel.phone,
            summary="Talked about the library as a safe space.",
            request="Can Sam use the library at break?",
            due_on=date(2025, 10, 22),
            answered_on=date(2025, 10, 21),
            answer="Yes, from Monday.",
        ),
        # Sent Monday 3 November, within 5 school days: due Monday 10 November.
        Contact(
            id="contact-meeting",
            student_id=SAM,
            on=date(2025, 11, 3),
            person="Ms Patel",
            role="Head of Year 8",
            channel=Channel.email,
            summary="Request for a team meeting about Sam within 5 school days",
            request=(
                "A team meeting within 5 school days to agree the plan for the next 5 to "
                "10 school days, the supports that can be put in place now, and what we "
                "will do if attendance does not improve."
            ),
            due_on=date(2025, 11, 10),
            letter_kind="request_meeting",
        ),
        Contact(
            id="contact-work",
            student_id=SAM,
            on=date(2025, 11, 17),
            person="Ms Patel",
            channel=Channel.email,
            request="Could work for science be sent home?",
            due_on=date(2025, 11, 21),
        ),
    ]


def build_barriers() -> list[Barrier]:
    return [
        Barrier(
            id="barrier-van",
            student_id=SAM,
            title="An older student on the school van",
            trigger_tags=[VAN],
            workaround="Dad drives Sam to school for now.",
            owner="school",
            status=BarrierStatus.worked_around,
            opened_on=date(2025, 11, 5),
        )
    ]


NEXT_DAYS = [
    (date(2025, 11, 20), "Morning until break"),
    (date(2025, 11, 21), "Morning until break"),
    (date(2025, 11, 24), "One lesson: art"),
    (date(2025, 11, 25), "Morning until break"),
    (date(2025, 11, 26), "Morning until break"),
]


def build_household() -> Household:
    return Household(
        students=[build_student()],
        attempts=build_attempts(),
        days=build_days(),
        contacts=build_contacts(),
        barriers=build_barriers(),
    )
