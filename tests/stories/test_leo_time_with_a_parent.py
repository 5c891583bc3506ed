"""Leo's January: a refusal that is mostly about leaving his mum. A check-in on the
first morning, a step back, the same refusals again at the step he moved back up to,
a handover support instead of a second step back, an ill day, and the check-in again
four weeks on, answered by Leo too.

Written from the family's side first (what they need to read each morning), then run.
"""

from __future__ import annotations

from datetime import date

from reintegrate.models import DayKind, Outcome
from tests.stories.family import Family, accept, checkin, look, mark, record, words
from tests.stories.households import leo, write_household

JAN = lambda day: date(2027, 1, day)  # noqa: E731
FEB = lambda day: date(2027, 2, day)  # noqa: E731

BREAK = "Morning until break"
HANDOVER = "a short predictable handover to a trusted adult"
MUM = "leaving mum"
# Twelve answers, in the order the check-in shows them: bad feelings, social situations,
# time with a parent, what home offers; three statements each.
PARENT_FIRST = [2, 1, 2, 1, 1, 0, 6, 6, 5, 1, 1, 1]
PARENT_LATER = [1, 1, 1, 1, 0, 0, 4, 3, 3, 1, 0, 1]
LEO_LATER = [1, 1, 2, 1, 1, 1, 6, 5, 4, 1, 1, 1]


def step_supports(morning) -> list[str]:
    return morning.status["step"]["supports"]


def surfaces_agree(family, morning) -> None:
    """Today shows status's step, its supports and its proposal."""
    if not morning.status["school_day"]:
        return
    family.expect(words(morning.status["step"]["title"]) in morning.today, "Today shows status's step")
    for support in step_supports(morning):
        family.expect(support in morning.today, f"Today lists the support '{support}'")
    if morning.status["decision"] is None:
        family.expect(words(morning.proposal["headline"]) in morning.today, "Today shows status's proposal")


async def test_leo_time_with_a_parent(tmp_path, private_config):
    write_household(tmp_path / "records.json", [leo(JAN(4))], JAN(4))
    family = Family(tmp_path, private_config)

    # Mon 4 Jan: Hannah answers the check-in; Leo refuses at the door.
    monday = await family.morning(JAN(4), checkin(PARENT_FIRST), look("y", "why"),
                                  record(Outcome.refused, 0, 5, 5, 3, triggers=MUM, notes="clung to me at the gate"))
    family.expect("time with a parent" in family.seen["why"].lower(), "the Why screen puts time with a parent first")
    family.expect((monday.status["function_profile"] or {}).get("leading") is not None,
                  "status gives the profile from the check-in")
    family.expect(HANDOVER in words(monday.today + " " + monday.status_text),
                  "a support matched to time with a parent is offered")
    surfaces_agree(family, monday)

    # Tue 5 Jan: the same again: two in a row, a step back, accepted.
    tuesday = await family.morning(JAN(5), record(Outcome.not_started, 0, 6, 6, 4, triggers=MUM))
    family.expect(tuesday.proposal["kind"] == "step_back", "two refusals in a row: a step back")
    await family.morning(JAN(5), accept())

    for day, peak in ((6, 3), (7, 2), (8, 2)):
        last = await family.morning(JAN(day), record(Outcome.completed, 10, 3, peak, 1, triggers=""))
    family.expect(last.proposal["kind"] == "advance", "three good days: move back up")
    family.expect(last.proposal["target_step_title"] == BREAK, "the move up is to the step left on Tuesday")
    await family.morning(JAN(8), accept())

    # Mon 11 and Tue 12 Jan: leaving mum again, at the step he stepped back from before.
    await family.morning(JAN(11), record(Outcome.refused, 0, 5, 5, 3, triggers=MUM))
    tuesday = await family.morning(JAN(12), record(Outcome.not_started, 0, 6, 6, 4, triggers=MUM,
                                                   notes="asked to stay home with mum"))
    said = tuesday.proposal_words
    family.expect(tuesday.proposal["kind"] == "adjust_supports", "a matched support before a second step back")
    family.expect("Tue 5 Jan" in said, "the proposal names the earlier step back")
    family.expect(HANDOVER in said, "the proposal names the handover")
    surfaces_agree(family, tuesday)
    wednesday = await family.morning(JAN(13), accept())
    family.expect(any(HANDOVER in s or "handover" in s for s in step_supports(wednesday)),
                  "accepting puts the handover on the step")
    surfaces_agree(family, wednesday)

    # The first morning with the handover goes well. Leaving mum was behind every hard
    # morning so far: the planner asks to name it as a barrier, and Hannah does, with
    # the handover as its workaround, the next morning (one decision a day).
    wednesday = await family.morning(JAN(13), record(Outcome.completed, 120, 3, 3, 1, triggers=""))
    family.expect(wednesday.proposal["kind"] == "address_trigger" and MUM in wednesday.proposal_words,
                  "leaving mum, in every unsuccessful attempt, is named as a trigger to tackle")
    await family.morning(JAN(14), accept())
    for day, peak in ((14, 3), (15, 2)):
        last = await family.morning(JAN(day), record(Outcome.completed, 120, 3, peak, 1, triggers=""))
    family.expect(last.proposal["kind"] == "advance", "three good mornings with the handover: move up")
    await family.morning(JAN(15), accept())

    # Tue 19 Jan: ill, and at home he slept and watched a film: that is not a day at
    # home by choice, and not a sign of what home offers.
    await family.morning(JAN(18), record(Outcome.completed, 210, 3, 3, 1, triggers=""))
    await family.morning(JAN(19), mark(DayKind.ill, note="slept, watched a film"))
    for day, outcome, minutes, peak in ((20, Outcome.completed, 210, 3), (21, Outcome.partial, 150, 4),
                                        (22, Outcome.completed, 210, 3), (25, Outcome.completed, 210, 2),
                                        (26, Outcome.completed, 210, 2), (27, Outcome.completed, 210, 3),
                                        (28, Outcome.completed, 210, 2), (29, Outcome.completed, 210, 2)):
        last = await family.morning(JAN(day), record(outcome, minutes, 3, peak, 1, triggers=""))
        surfaces_agree(family, last)
    await family.morning(JAN(29), look("y", "why"))
    why = family.seen["why"]
    family.expect("watched a film" not in why, "an ill day's note is not a sign of what home offers")
    family.expect("parent drives" not in why, "a support the step needs is not a sign of wanting a parent")

    # Mon 1 Feb: four weeks on, the Why screen suggests the check-in again; Hannah and
    # Leo both answer it, and their answers are shown side by side.
    await family.morning(FEB(1), look("y", "why"))
    family.expect("4 weeks ago" in family.seen["why"], "the check-in is suggested again after four weeks")
    await family.morning(FEB(1), checkin(PARENT_LATER), checkin(LEO_LATER, child=True), look("y", "why"))
    why = family.seen["why"]
    family.expect("Leo" in why and "parent" in why.lower(), "the Why screen shows the child's and the parent's answers")
    family.expect("5.0" in why and "3.3" in why, "time with a parent: Leo 5.0 beside the parent's 3.3")
    family.expect("4 weeks ago" not in why, "no suggestion once answered")
    family.done()
