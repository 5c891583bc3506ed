"""A lived-in demo household, so anyone can explore the app without real records.

Sam, twelve, has not managed school for weeks. The plan began about seven weeks
before `today`: early refusals, steady progress up the ladder, a step back after two
bad days at the Hub, a trigger (an older student who arrives on the school van) that
sits behind most of the days that went badly, a few ill days, a training-day closure,
a meeting request the school has not answered, and the van logged as a barrier.

Every date is counted back from `today`, so the demo is always current; the random
parts (distress before and after, the time they left home, record ids) come from a
seeded generator, so one `today` always gives the same household.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from reintegrate.contacts import due_after_school_days
from reintegrate.models import (
    Attempt,
    Barrier,
    BarrierStatus,
    Channel,
    Closure,
    Contact,
    DayKind,
    DayStatus,
    Decision,
    Household,
    Ladder,
    Morning,
    Outcome,
    Plan,
    ProposalKind,
    SchoolCalendar,
    SchoolInfo,
    StaffMember,
    Step,
    Student,
)
from reintegrate.schooldays import SchoolDays
from reintegrate.store.changes import backfill

SEED = 20261126
VAN = "school van"
HEAD_OF_YEAR = StaffMember(name="Mr Daniel Hughes", role="Head of Year 8", email="d.hughes@ashgrove.example")
SENCO = StaffMember(name="Mrs Grace Okafor", role="SENCo", email="g.okafor@ashgrove.example")

# (title, description, place, planned minutes, supports, expected difficulty). The
# first steps happen outside school (OUTSIDE_SCHOOL): progress, but not attendance.
LADDER = [
    ("Drive past school", "Drive past at a quiet time without stopping. Sam can look or not look.", "In the car, past the school", 10, ["parent drives"], 2),
    ("Sit in the car park", "Park where the entrance can be seen and stay in the car with music. No need to get out.", "School car park", 15, ["parent drives"], 3),
    ("Walk to the gate", "After the morning rush, walk with a parent to the side gate by the library and back.", "Side gate by the library", 15, ["parent drives", "quiet entrance"], 4),
    ("Say hello in reception", "Go in through the library door, say hello to Mrs Okafor in reception, and leave.", "Reception", 15, ["parent drives", "quiet entrance", "trusted adult meets"], 5),
    ("15 minutes in the Hub", "Mrs Okafor meets Sam at the library door; fifteen minutes in the Hub with Lego or drawing.", "The Hub (SEN base)", 15, ["parent drives", "safe space", "trusted adult meets"], 5),
    ("30 minutes in the Hub", "Half an hour in the Hub with a chosen activity; a parent waits in the car.", "The Hub (SEN base)", 30, ["parent drives", "safe space", "trusted adult meets"], 6),
    ("An hour in the Hub with some work", "An hour in the Hub, part of it on a worksheet set by the form tutor.", "The Hub (SEN base)", 60, ["parent drives", "safe space", "reduced workload"], 6),
    ("One Art lesson from the Hub", "Start in the Hub, go to Art with a teaching assistant, come back to the Hub.", "Art room and the Hub", 90, ["parent drives", "safe space", "flexible arrival"], 7),
    ("Two lessons with flexible arrival", "Arrive after registration, two morning lessons with the Hub at break.", "Classrooms and the Hub", 120, ["parent drives", "flexible arrival", "safe space"], 7),
    ("Mornings until lunch", "Arrive at 9:15 and stay until lunch, with a movement break in the Hub.", "Classrooms and the Hub", 180, ["parent drives", "flexible arrival", "movement breaks"], 8),
    ("Full day, driven in", "A full timetable with the Hub available at break and lunch.", "School", 330, ["parent drives", "safe space"], 8),
    ("Full day on the school van", "A full day, travelling on the school van with a seat near the driver.", "School van and school", 330, [VAN], 9),
]
OUTSIDE_SCHOOL = {"Drive past school", "Sit in the car park", "Walk to the gate"}


@dataclass(frozen=True)
class Scene:
    """One weekday of the story. `step` is the ladder position (1-based)."""

    step: int = 0
    outcome: Outcome | None = None
    peak: int = 0
    minutes: int | None = None
    van: bool = False
    day: DayKind | None = None
    closure: str = ""
    triggers: tuple[str, ...] = ()
    note: str = ""
    words: str = ""
    decision: str = ""  # "advance", "step_back" or "override", decided that evening


C, P, R, N, M = Outcome.completed, Outcome.partial, Outcome.refused, Outcome.not_started, Outcome.did_more

SCRIPT = [
    Scene(1, R, 8, triggers=("talking about school",), note="Would not get out of bed; said school was 'pointless'.", words="I can't. Don't make me."),
    Scene(1, N, 7, triggers=("talking about school",), note="Dressed, then sat on the stairs with a stomach ache until it was too late.", words="My tummy really hurts."),
    Scene(1, C, 4, note="Headphones on, looked out of the window as we passed.", words="That was fine I suppose."),
    Scene(day=DayKind.ill, note="Temperature and a sore throat."),
    Scene(1, C, 3, note="Chatted about the dog the whole way."),
    Scene(1, C, 3, note="Asked to go past twice.", decision="advance"),
    Scene(2, C, 4, note="Stayed in the car with music; watched people going in."),
    Scene(2, C, 3),
    Scene(2, C, 3, note="Wanted to leave a bit early but stayed.", words="I recognised Jamie's mum.", decision="advance"),
    Scene(3, C, 4, note="Walked to the side gate and straight back."),
    Scene(3, C, 3),
    Scene(3, M, 2, minutes=20, note="Went through the gate and looked in the library window.", words="The library looks different now.", decision="advance"),
    Scene(4, C, 4, note="Said hello to Mrs Okafor, who showed Sam the Hub door."),
    Scene(4, C, 3),
    Scene(4, C, 3, words="Mrs Okafor has a dog too.", decision="advance"),
    Scene(5, R, 8, van=True, note="Arrived at 8:40 as the van pulled in; saw the older boy from the van and would not get out of the car.", words="He's there. I'm not going in."),
    Scene(5, P, 9, minutes=4, van=True, note="Went in, but the van boy was in the corridor; panic, left after four minutes.", words="Everyone was looking at me.", decision="step_back"),
    Scene(day=DayKind.agreed_rest, note="After two hard mornings; Mrs Okafor suggested it."),
    Scene(closure="Staff training day"),
    Scene(4, C, 3, note="Arrived at 9:15, after the van had gone. Calm."),
    Scene(4, C, 2, words="It's better when it's quiet.", decision="override"),
    Scene(5, C, 4, note="Mrs Okafor met Sam at the library door at 9:15."),
    Scene(5, C, 3, note="Built Lego with another Year 8 in the Hub."),
    Scene(5, P, 7, minutes=5, van=True, note="Car would not start; arrived at 8:45 in a taxi as the van was unloading.", words="Why does he always have to be there?"),
    Scene(day=DayKind.ill, note="Migraine, in bed most of the day."),
    Scene(5, C, 3),
    Scene(5, C, 3),
    Scene(5, C, 2, words="Can I stay longer next time?", decision="advance"),
    Scene(6, C, 4, note="Half an hour drawing; asked where the Art room is."),
    Scene(6, R, 8, van=True, note="The van was late and still at the gate at 9:15; turned round in the car park.", words="I told you he'd be there."),
    Scene(6, C, 4, van=True, note="Saw the van leaving but put headphones on and went in."),
    Scene(6, C, 3),
    Scene(6, C, 2, words="The Hub is actually OK.", decision="advance"),
    Scene(7, P, 5, minutes=40, triggers=("schoolwork",), note="Did the worksheet, then felt sick and came out after 40 minutes."),
    Scene(7, C, 4, note="A full hour; the form tutor popped in to say hello."),
    Scene(7, C, 3),
    Scene(7, C, 3, note="Stayed the hour and asked about Art next week.", words="I want to do the Art one."),
]



def _first(wanted) -> int:
    return next(i for i, scene in enumerate(SCRIPT) if wanted(scene))


# Moments of the story the contact log and the barrier refer to.
STEP_BACK = _first(lambda s: s.decision == "step_back")
INTO_HUB = _first(lambda s: s.step == 4 and s.decision == "advance")
VAN_LATE = _first(lambda s: s.step == 6 and s.van and s.outcome is Outcome.refused)

MORNING_BAD = ["would not get out of bed", "physical complaints", "clung to a parent", "crying", "would not eat"]
SYMPTOMS_BAD = ["stomach ache", "crying", "panic", "headache", "shutdown"]
HELPED = ["headphones", "parent drives", "music in the car", "mrs okafor meets", "arriving after the van", "lego in the hub", "a plan on a card"]


def demo_household(today: date) -> Household:
    """Sam's household, with every date counted back from `today`."""
    return _Builder(today).build()


class _Builder:
    def __init__(self, today: date):
        self.today = today
        self.rng = random.Random(SEED)
        self.weekdays = _weekdays_before(today, len(SCRIPT))
        self.student_id = self.new_id()
        self.steps = [
            Step(id=self.new_id(), title=t, description=d, place=p, planned_minutes=m, supports=s, expected_difficulty=e,
                 in_school=t not in OUTSIDE_SCHOOL)
            for t, d, p, m, s, e in LADDER
        ]
        self.attempts: list[Attempt] = []
        self.days: list[DayStatus] = []
        self.decisions: list[Decision] = []

    def new_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def build(self) -> Household:
        closures = [Closure(start=d, end=d, label=s.closure) for d, s in zip(self.weekdays, SCRIPT) if s.closure]
        half_term = self.today - timedelta(days=self.today.weekday()) + timedelta(weeks=2)
        closures.append(Closure(start=half_term, end=half_term + timedelta(days=4), label="Half term"))
        calendar = SchoolCalendar(closures=closures)
        start = self.weekdays[0]
        for on, scene in zip(self.weekdays, SCRIPT):
            if scene.day is not None:
                self.days.append(DayStatus(id=self.new_id(), student_id=self.student_id, on=on, kind=scene.day, note=scene.note))
            elif scene.step:
                self.attempts.append(self.attempt(on, scene))
                if scene.decision:
                    self.decisions.append(self.decide(on, scene))
        current = self.steps[SCRIPT[-1].step - 1]
        student = Student(
            id=self.student_id,
            name="Sam",
            calendar=calendar,
            ladder=Ladder(steps=self.steps, current_step_id=current.id),
            plan=Plan.starting(start),
            school=SchoolInfo(name="Ashgrove Academy", staff=[HEAD_OF_YEAR, SENCO], parent_name="Alex Carter"),
            created_on=start - timedelta(days=3),
        )
        household = Household(
            students=[student],
            attempts=self.attempts,
            days=self.days,
            decisions=self.decisions,
            contacts=self.contacts(SchoolDays.of(student, self.days)),
            barriers=[self.barrier()],
        )
        # Dated like any record of a real file: each changed last on the day it speaks of.
        documents = household.model_dump(mode="json")
        backfill(documents)
        return Household.model_validate(documents)

    def attempt(self, on: date, scene: Scene) -> Attempt:
        rng = self.rng
        step = self.steps[scene.step - 1]
        outcome = scene.outcome or Outcome.completed
        went_badly = outcome in (Outcome.refused, Outcome.not_started, Outcome.partial)
        if scene.minutes is not None:
            minutes = scene.minutes
        else:
            minutes = 0 if outcome in (Outcome.refused, Outcome.not_started) else step.planned_minutes
        before = max(0, min(10, scene.peak - rng.randint(1, 3)))
        after = max(0, scene.peak - rng.randint(2, 4))
        if went_badly:
            behaviours = rng.sample(MORNING_BAD, k=2)
            symptoms = rng.sample(SYMPTOMS_BAD, k=2)
            helped = rng.sample(["a cuddle on the sofa", "going home", "the dog"], k=1)
        else:
            behaviours = ["physical complaints"] if scene.peak >= 4 else []
            symptoms = ["stomach ache"] if scene.peak >= 4 and rng.random() < 0.5 else []
            helped = rng.sample(HELPED, k=2)
        if scene.van and outcome is Outcome.completed:
            helped = ["headphones", "parent drives"]
        late = outcome is Outcome.not_started or (went_badly and rng.random() < 0.5)
        stayed_home = outcome is Outcome.not_started or (outcome is Outcome.refused and not scene.van)
        left = None if stayed_home else time(8, 30) if scene.van else time(9, rng.choice([0, 5, 10]))
        return Attempt(
            id=self.new_id(),
            student_id=self.student_id,
            on=on,
            step_id=step.id,
            step_title=step.title,
            planned_minutes=step.planned_minutes,
            outcome=outcome,
            minutes_managed=minutes,
            distress_before=before,
            distress_peak=scene.peak,
            distress_after=after,
            triggers=[VAN, "another student"] if scene.van else list(scene.triggers),
            trigger_notes="The older boy who teases Sam arrives on the van." if scene.van and went_badly else "",
            symptoms=symptoms,
            helped=helped,
            notes=scene.note,
            child_words=scene.words,
            morning=Morning(
                woke_on_time=not late,
                behaviours=behaviours,
                left_home_at=left,
                notes="Hard to wake; said they felt sick." if late else "",
            ),
        )

    def decide(self, on: date, scene: Scene) -> Decision:
        here = self.steps[scene.step - 1]
        at_step = [a for a in self.attempts if a.step_id == here.id][-3:]
        peaks = ", ".join(str(a.distress_peak) for a in at_step)
        kind, accepted, note = ProposalKind.advance, True, ""
        if scene.decision == "advance":
            proposed = chosen = self.steps[scene.step]
            reasons = [f"{len(at_step)} of the last {len(at_step)} attempts at '{here.title}' completed; peak distress {peaks}, all at or under 4."]
        elif scene.decision == "step_back":
            kind = ProposalKind.step_back
            proposed = chosen = self.steps[scene.step - 2]
            last = at_step[-2:]
            how = "; ".join(_how_it_went(a) for a in last)
            reasons = [
                f"The last {len(last)} attempts at '{here.title}' did not go as planned ({how}).",
                f"Peak distress reached {max(a.distress_peak or 0 for a in last)}.",
            ]
        else:
            kind, accepted = ProposalKind.repeat, False
            proposed, chosen = here, self.steps[scene.step]
            reasons = [f"2 attempts at '{here.title}' completed since stepping back; 3 are needed before moving up."]
            note = "Arriving at 9:15, after the van has gone, made the difference. Sam asked to try the Hub again and Mrs Okafor agreed."
        return Decision(
            id=self.new_id(),
            student_id=self.student_id,
            on=on,
            proposal_kind=kind,
            proposed_step_id=proposed.id,
            proposed_step_title=proposed.title,
            chosen_step_id=chosen.id,
            chosen_step_title=chosen.title,
            accepted=accepted,
            reasons=reasons,
            note=note,
            decided_at=datetime.combine(on, time(19, 30)),
        )

    def contacts(self, school: SchoolDays) -> list[Contact]:
        day = self.weekdays
        asked = day[STEP_BACK + 1]
        due = due_after_school_days(school, asked, 5)
        common = {"student_id": self.student_id}
        return [
            Contact(
                id=self.new_id(), **common, on=day[0], person=HEAD_OF_YEAR.name, role=HEAD_OF_YEAR.role,
                channel=Channel.email,
                summary="Told the school in writing that Sam cannot currently attend, and shared the step-by-step plan.",
                request="Please confirm the absences are recorded as illness while the plan runs.",
                due_on=due_after_school_days(school, day[0], 3), answered_on=day[2],
                letter_kind="notify_unable_to_attend",
                answer="Confirmed; Mrs Okafor will be the main contact.",
            ),
            Contact(
                id=self.new_id(), **common, on=day[INTO_HUB], person=SENCO.name, role=SENCO.role,
                channel=Channel.phone,
                summary="Agreed that Sam can use the Hub and the library door, with Mrs Okafor meeting Sam.",
                answered_on=day[INTO_HUB], answer="Hub available from 9:15 every day.",
            ),
            Contact(
                id=self.new_id(), **common, on=asked, person=HEAD_OF_YEAR.name, role=HEAD_OF_YEAR.role,
                channel=Channel.email,
                summary="Asked for a team meeting to review the plan and the school van, within 5 school days.",
                request="A meeting with Mr Hughes, Mrs Okafor and the transport coordinator about the older student on the van.",
                due_on=due, letter_kind="request_meeting",
            ),
            Contact(
                id=self.new_id(), **common, on=day[VAN_LATE], person=SENCO.name, role=SENCO.role,
                channel=Channel.email,
                summary="Asked whether Sam could arrive at 9:20 on days the van is late.",
                due_on=due_after_school_days(school, day[VAN_LATE], 2), answered_on=day[VAN_LATE + 1],
                answer="Yes: Mrs Okafor will text when the van has left.",
            ),
        ]

    def barrier(self) -> Barrier:
        return Barrier(
            id=self.new_id(),
            student_id=self.student_id,
            title="An older student on the school van teases Sam",
            description="He arrives on the van at about 8:40 and waits by the main gate. Most of the mornings that went badly were the ones where Sam saw him.",
            trigger_tags=[VAN],
            workaround="A parent drives and Sam arrives at 9:15, after the van has gone, through the library door where Mrs Okafor meets Sam.",
            owner="school",
            status=BarrierStatus.worked_around,
            opened_on=self.weekdays[STEP_BACK],
        )


def _how_it_went(attempt: Attempt) -> str:
    if attempt.outcome is Outcome.partial:
        return f"partly, {attempt.minutes_managed} of {attempt.planned_minutes} minutes"
    return attempt.outcome.label.lower()


def _weekdays_before(today: date, count: int) -> list[date]:
    """The `count` Mondays-to-Fridays before `today`, oldest first."""
    found: list[date] = []
    day = today - timedelta(days=1)
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day -= timedelta(days=1)
    return list(reversed(found))
