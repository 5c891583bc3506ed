"""Maya's November: the van, a barrier whose workaround does not hold, a closure marked
as a day, an override on an ill Friday, and a request followed up twice.

Written from the family's side first (what they need to read each morning), then run.
"""

from __future__ import annotations

from datetime import date

from reintegrate.models import DayKind, Outcome
from tests.stories.family import Family, accept, answered, barrier, mark, override, record, words
from tests.stories.households import maya, write_household

NOV = lambda day: date(2026, 11, day)  # noqa: E731

KEEP = "Stop outside when the school is empty"
CAR_PARK = "Sit in the car park as the day begins"
VAN = "school van, another student"


def lopes(morning) -> list[dict]:
    return [item for item in morning.status["waiting_on_school"] if item["person"] == "Mrs Lopes"]


def waited(morning) -> int | None:
    """School days the request to Mrs Lopes has waited, as status says."""
    lines = lopes(morning)
    return lines[0]["school_days_waited"] if lines else None


def surfaces_agree(family, morning) -> None:
    """Today shows status's proposal and exactly status's waiting lines."""
    if morning.status["school_day"] and morning.status["decision"] is None:
        family.expect(words(morning.proposal["headline"]) in morning.today, "Today shows the proposal status gives")
    for sentence in morning.waiting:
        family.expect(words(sentence) in morning.today, f"Today lists what status waits for: {sentence}")
    family.expect(morning.today.count("follow up") <= len(morning.waiting), "Today asks to follow up no more often than status has requests waiting")


async def test_maya_month(tmp_path, private_config):
    write_household(tmp_path / "records.json", [maya(NOV(2))], NOV(2))
    family = Family(tmp_path, private_config)

    # Mon 2 Nov: the first morning. The family writes to Mrs Lopes asking for a meeting
    # within 3 school days, and Maya manages the first step.
    family.command(NOV(2), "letter", "request_meeting", "--to", "Mrs Lopes", "--within", "3", "--log")
    day = await family.morning(NOV(2), record(Outcome.completed, 10, 4, 4, 2))
    family.expect("Try" in day.proposal["headline"] or day.proposal["kind"] == "repeat", "the first morning proposes trying the step")
    surfaces_agree(family, day)

    await family.morning(NOV(3), record(Outcome.completed, 10, 3, 3, 1))
    await family.morning(NOV(4), record(Outcome.refused, 0, 6, 7, 5, triggers=VAN,
                                        notes="the van boy shouted at her at the lights"))
    thursday = await family.morning(NOV(5), record(Outcome.not_started, 0, 7, 8, 6, triggers="school van"))
    family.expect(thursday.proposal["kind"] in {"step_back", "address_trigger"}, "two refusals in a row, the van in both: a step back or the van")

    # Fri 6 Nov: ill. They name the van as a barrier (worked around: a parent drives, after
    # 9:15 when the vans have gone) and keep the step instead of stepping back.
    friday = await family.morning(
        NOV(6),
        mark(DayKind.ill, note="slept, watched a film"),
        barrier("An older boy on the school van shouts at Maya", VAN,
                "parent drives; steps after 9:15 when the vans have gone"),
        override(KEEP, "The van is the problem, not the step: we drive after 9:15 now"),
    )
    family.expect(friday.status["decision"] is not None, "Friday's decision is in force")

    # Mon 9 Nov: the decision of Friday is still the one in force, said as such.
    monday = await family.morning(NOV(9))
    family.expect("You chose on Fri 6 Nov" in monday.today, "Monday says what was chosen on Friday")
    family.expect("we drive after 9:15 now" in monday.today, "Monday gives Friday's reason")
    family.expect(monday.status["next_school_days"][0]["step_title"] == KEEP, "the next days follow the step kept on Friday")
    family.expect(monday.proposal["kind"] != "step_back" or "Fri 6 Nov" in monday.today, "Monday does not propose Friday's step back again as if nothing was decided")
    # The request of 2 Nov was due on Thu 5 Nov: one line, then a reminder.
    family.expect(len(lopes(monday)) == 1 and lopes(monday)[0]["overdue"], "the request of 2 Nov is overdue, on one line")
    family.command(NOV(9), "letter", "follow_up", "--log")
    monday = await family.morning(NOV(9), record(Outcome.refused, 0, 6, 7, 6, triggers="school van",
                                                 notes="the van was late and stopped beside us"))
    family.expect(len(lopes(monday)) == 1, 'a request and its reminder are one thread')
    surfaces_agree(family, monday)

    # Tue 10 Nov: they mark Wednesday's staff training day ahead.
    tuesday = await family.morning(NOV(10), record(Outcome.completed, 10, 4, 4, 2),
                                   mark(DayKind.closed, on=NOV(11), note="staff training day"))
    waited_tuesday = waited(tuesday)
    letter = family.command(NOV(10), "letter", "request_meeting", "--to", "Mrs Lopes", "--within", "1")
    family.expect("Thursday 12 November" in letter, 'a closed day is no day to answer on')

    # Wed 11 Nov: school is closed, and every surface says so.
    closed = await family.morning(NOV(11))
    family.expect(closed.status["school_day"] is False, "status --json: a marked closed day is not a school day")
    family.expect("not a school day" in closed.today.lower() and "closed" in closed.today.lower(),
                  "Today says school is closed, no school day")
    family.expect("a school day" not in closed.status_text.split("Today's step")[0], "status does not call a closed day a school day")
    # Days waited count whole school days before today: Tuesday has now passed.
    family.expect(waited(closed) == waited_tuesday + 1, "Wednesday has waited Tuesday too")

    thursday = await family.morning(NOV(12), record(Outcome.completed, 10, 3, 3, 1))
    family.expect(waited(thursday) == waited_tuesday + 1, "the closed Wednesday is not a school day waited")
    await family.morning(NOV(13), record(Outcome.completed, 10, 3, 2, 1))

    # Mon 16 Nov: the van again, after the barrier: the workaround is not holding.
    monday = await family.morning(NOV(16), record(Outcome.refused, 0, 7, 8, 6, triggers="school van",
                                                  notes="the vans were still there at 9:20"))
    for when in ("Mon 9 Nov", "Mon 16 Nov"):
        family.expect(when in monday.proposal_words, f"the proposal cites the van on {when}")
    family.expect("van" in monday.proposal_words.lower(), "the proposal names the van")
    family.expect(monday.proposal["kind"] != "advance", "no move up while the van keeps coming back")
    surfaces_agree(family, monday)

    # Tue 17 Nov: the second reminder names the first request and the first reminder.
    reminder = words(family.command(NOV(17), "letter", "follow_up", "--log"))
    family.expect("2 November" in reminder and "9 November" in reminder, "the second reminder names the request and the first reminder")
    for day_, peak in ((17, 3), (18, 3), (19, 2)):
        last = await family.morning(NOV(day_), record(Outcome.completed, 10, 3, peak, 1))
    # Three good days, but the van has not gone away: no plain move up.
    family.expect(last.proposal["kind"] != "advance", "three good days, the van not handled: no plain move up")
    family.expect("van" in last.proposal_words.lower(), "the proposal names the van after three good days")
    family.expect(len(lopes(last)) == 1, "the request and two reminders are one line")

    # Thu 19 Nov, later: the family chooses to try the car park anyway.
    if last.proposal["target_step_title"] == CAR_PARK:
        await family.morning(NOV(19), accept())
    else:
        await family.morning(NOV(19), override(CAR_PARK, "Mrs Lopes spoke to the driver; we will try"))

    # Fri 20 Nov: refused at peak 9, the van noted. They go back to the step before.
    friday = await family.morning(NOV(20), record(Outcome.refused, 0, 7, 9, 7, triggers="school van",
                                                  notes="the boy banged on our window"))
    family.expect(friday.proposal["kind"] in {"step_back", "pause_and_stabilise", "address_trigger"}, "peak 9 refused: step back, pause or the van")
    await family.morning(NOV(20), accept()) if friday.proposal["kind"] == "step_back" else \
        await family.morning(NOV(20), override(KEEP, "Back to what she manages"))

    for day_ in (23, 24, 25):
        await family.morning(NOV(day_), record(Outcome.completed, 10, 3, 3, 1))

    # Thu 26 Nov: three good days at the step before; moving up again into the car park
    # would be into a step refused at peak 9 on Fri 20 Nov: it says so, and offers the
    # in-between step. (The family decided about the van barrier on the 19th, so the
    # van on the 20th alone does not yet make it a barrier that is not holding.)
    thursday = await family.morning(NOV(26))
    said = thursday.proposal_words
    family.expect(thursday.proposal["kind"] != "advance", "no plain move up into the step refused at peak 9")
    family.expect("Fri 20 Nov" in said and "peak distress 9" in said, "the proposal names the day it went badly")
    surfaces_agree(family, thursday)

    # Fri 27 Nov: Mrs Lopes answers: the whole thread is answered.
    friday = await family.morning(NOV(27), answered("Mrs Lopes", "Meeting on Thursday 3 December at 3"),
                                  record(Outcome.refused, 0, 7, 8, 6, triggers="school van"))
    family.expect(lopes(friday) == [], "an answer closes the whole thread")
    family.expect("follow up" not in friday.today, "Today asks for no follow-up once answered")
    code, out, _ = family.run(NOV(27), "letter", "follow_up")
    family.expect(code != 0 or "Mrs Lopes" not in out, "no follow-up letter for an answered thread")

    monday = await family.morning(NOV(30))
    family.expect("van" in monday.proposal_words.lower(), "the proposal names the van")
    family.expect(monday.proposal["kind"] != "advance", "no move up while the van keeps coming back")
    surfaces_agree(family, monday)
    family.done()
