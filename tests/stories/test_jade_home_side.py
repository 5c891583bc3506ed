"""Jade's March: school is hard mostly because of what home offers in school hours.

Jade, 14, one home, three school weeks. Her check-in (parent and child) puts what home
offers first; the family records the days that say most (the refusals and the art
days). Distress never goes above 3, even on the days she refuses; every refusal
(Mondays 1, 8 and 15 Mar, and Fri 19 Mar) comes after late-night gaming, and Tuesdays
and Thursdays (art) go well. Repeating the step would keep her on it for weeks; the
plan changes the home side instead: the family keeps the devices rule, rewards and a
written agreement at home, for every step, and the letter asks the school only for
what the school arranges.

Written from the family's side first (what they need to read each morning), then run.
"""

from __future__ import annotations

import json
from datetime import date

from reintegrate.models import Outcome
from screens.modals.decide import AcceptModal
from screens.widgets.fields import TickBox
from tests.stories.family import Family, checkin, look, record, words
from tests.stories.households import jade, write_household
from tests.ui.pilot_helpers import settle, until_shown

MAR = lambda day: date(2027, 3, day)  # noqa: E731

BREAK, LUNCH = "Morning until break", "Morning until lunch"
GAMING = "late-night gaming"
HOME = ["school hours at home that look like school", "rewards that follow attendance", "a written agreement"]
# Twelve answers, in the order the check-in shows them: bad feelings, social situations,
# time with a parent, what home offers; three statements each.
DANA = [1, 1, 1, 1, 0, 1, 2, 1, 2, 5, 5, 4]
JADE = [1, 0, 1, 1, 1, 0, 1, 1, 1, 5, 5, 5]


def refused(note: str):
    return record(Outcome.refused, 0, 3, 3, 2, triggers=GAMING, at_home=note)


def good():
    return record(Outcome.completed, 120, 2, 2, 1)


def partly():
    return record(Outcome.partial, 80, 3, 3, 2)


def accept_ticking_all():
    """`a` on Today; in the dialog, Space on each support not ticked yet; `y`."""

    async def act(family, pilot, app, day):
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        for box in app.screen.query(".accept-support").results(TickBox):
            if not box.value:
                box.focus()
                await pilot.press("space")
        await pilot.press("y")
        await settle(pilot)

    return act


def accept_move():
    async def act(family, pilot, app, day):
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        await pilot.press("y")
        await settle(pilot)

    return act


async def test_jade_home_side(tmp_path, private_config):
    write_household(tmp_path / "records.json", [jade(MAR(1))], MAR(1))
    family = Family(tmp_path, private_config)

    # Weeks 1 and 2: a refusal each Monday after gaming late; art days go well (the
    # other days are not recorded: they are judged neither way).
    await family.morning(MAR(1), checkin(DANA), checkin(JADE, child=True),
                         refused("gamed till 2am, slept till noon"))
    week = [(MAR(2), good()), (MAR(4), good()), (MAR(8), refused("gaming, then slept till lunch")),
            (MAR(9), good()), (MAR(11), good())]
    for day, action in week:
        last = await family.morning(day, action)
        family.expect(last.proposal["kind"] in ("repeat", "review_plan"),
                      "two refusals, or fewer, at low distress: no change yet")
    family.expect(last.status["function_profile"]["leading"] == ["tangible"],
                  "the check-in puts what home offers first")

    # Mon 15 Mar: the third Monday refused at low distress. Not "repeat": the home side.
    monday = await family.morning(MAR(15), refused("up till 3 on the console"))
    said = monday.proposal_words
    family.expect(monday.proposal["kind"] == "adjust_supports", "the plan changes the supports, not the step")
    family.expect("Repeat" not in monday.proposal["headline"], "the plan does not repeat the step")
    family.expect("the step seems manageable" in said, "the proposal says plainly the step seems manageable")
    for day in ("Mon 1 Mar", "Mon 8 Mar", "Mon 15 Mar"):
        family.expect(day in said, f"the proposal cites the refusal of {day}")
    family.expect("peak distress 3" in said and f"{GAMING} (3 of the 3)" in said,
                  "the proposal cites their distress and the trigger")
    family.expect("slept till noon" in said, "the proposal cites what she did at home")
    family.expect([t["support"] for t in monday.proposal["supports_to_try"]] == HOME,
                  "the supports offered are the ones carried out at home")
    family.expect(words(monday.proposal["headline"]) in monday.today, "Today shows the proposal")

    # Dana accepts, ticking all three: they are kept at home, not on the step.
    tuesday = await family.morning(MAR(16), accept_ticking_all(), good())
    family.expect(tuesday.status["step"]["supports"] == ["flexible arrival"], "the step keeps its own supports")
    family.expect([h["support"] for h in tuesday.status["home_supports"]] == HOME,
                  "the supports are the household's, from Tue 16 Mar")
    family.expect(f"At home since Tue 16 Mar: {', '.join(HOME)}." in tuesday.today,
                  "Today lists the supports at home")
    exported = json.loads(family.command(MAR(16), "export", "--format", "json"))["household"]
    noted = [(b["trigger_tags"], b["owner"], b["workaround"]) for b in exported["barriers"]]
    family.expect(noted == [([GAMING], "family", f"At home: {'; '.join(HOME)}.")],
                  "late-night gaming is noted as the family's barrier, the supports at home its workaround")
    family.expect([h["support"] for h in exported["students"][0]["home_supports"]] == HOME,
                  "the export holds the supports at home")
    for day in (MAR(17), MAR(18)):
        last = await family.morning(day, good())
        family.expect(last.proposal["supports_to_try"] == [], "the supports at home count as matched")
    family.expect(last.proposal["kind"] == "advance", "three good days with the supports at home: move up")

    # Fri 19 Mar: up to the next step; the supports at home go with her.
    friday = await family.morning(MAR(19), accept_move())
    family.expect(friday.status["step"]["title"] == LUNCH, "the step is now the one above")
    family.expect(f"At home since Tue 16 Mar: {', '.join(HOME)}." in friday.today,
                  "Today still lists the supports at home at the new step")
    family.expect(friday.proposal["supports_to_try"] == [] and "has no support matched" not in friday.today
                  + friday.proposal_words, "after moving up the step counts the supports at home as matched")
    family.expect("Supports in place that fit why school is hard" in friday.today,
                  "Today says the supports in place fit why school is hard")
    await family.morning(MAR(19), refused("gamed again, slept till 11"))

    # Mon 22 Mar: one refusal since the supports at home started: they get their chance.
    monday = await family.morning(MAR(22), look("y", "why"))
    family.expect(monday.proposal["kind"] != "adjust_supports", "no second home-side change after one refusal")
    family.expect("At home, for every step" in family.seen["why"], "the Why screen names the supports at home")
    letter = family.command(MAR(22), "letter", "request_supports")
    asked = letter.split("could be offered:")[-1].split("At home, we have")[0]
    for support in HOME:
        family.expect(support not in asked, f"the letter does not ask the school for '{support}'")
    family.expect(f"At home, we have put in place: {'; '.join(HOME)}." in words(letter),
                  "the letter says what the family is doing at home")
    family.done()
