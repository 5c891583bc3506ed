"""A barrier that is not holding, from Today: the proposal names the barrier and asks
for a review with whoever owns it; accepting adds the new evidence to that barrier
rather than opening a second one, and `status` says the same (issue 20, item 1)."""

from __future__ import annotations

import io
from datetime import timedelta

from pilot_helpers import settle, until, until_shown
from rich.console import Console
from test_ui_planner_support import STUDENT_ID, TODAY, address_trigger, app_for
from textual.widgets import Static

from reintegrate.cli.status import render_status, status_data
from reintegrate.models import Barrier, BarrierStatus, Decision, ProposalKind, Student
from screens.modals.decide import AcceptModal
from screens.widgets.proposal import ProposalPanel

SIZE = (80, 24)


def with_van_barrier():
    built = address_trigger()  # the van behind three bad days in the last week
    built.barriers.append(Barrier(
        id="van", student_id=STUDENT_ID, title="The van driver lets the older boys shout",
        trigger_tags=["school van"], workaround="The school moves Sam to the front seat.",
        owner="school", status=BarrierStatus.worked_around, opened_on=TODAY - timedelta(days=30),
    ))
    return built


def panel_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query_one(ProposalPanel).query(Static))


async def test_today_asks_to_review_the_barrier_and_accepting_adds_to_it(tmp_path) -> None:
    app = app_for(with_van_barrier(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        text = " ".join(panel_text(app).split())
        assert ("Review 'The van driver lets the older boys shout' with the school before moving up: "
                "the workaround is not holding") in text
        assert "'The van driver lets the older boys shout': 'school van' came up in 3 unsuccessful attempts" in text
        data = status_data(app.session.store, app.session.store.get(Student, STUDENT_ID), TODAY)
        assert data["proposal"]["kind"] == "address_trigger"
        assert " ".join(data["proposal"]["headline"].split()) in text
        await pilot.press("a")
        await until_shown(pilot, AcceptModal)
        dialog = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Add this to the barrier already noted, 'The van driver lets the older boys shout'" in dialog
        await pilot.press("y")
        await settle(pilot)
        [barrier] = app.session.store.all(Barrier, STUDENT_ID)
        assert barrier.id == "van" and barrier.status is BarrierStatus.worked_around
        assert "Raised again by the planner on Thu 26 Nov" in barrier.description
        assert "The workaround (The school moves Sam to the front seat) is not holding." in barrier.description
        [decision] = app.session.store.all(Decision, STUDENT_ID)
        assert decision.proposal_kind is ProposalKind.address_trigger and decision.accepted
    app.session.store.close()


def with_school_barrier_and_no_workaround():
    """Walk 2, 16 Nov: the van barrier is the school's, open, with no workaround yet,
    and the van keeps coming up on the refused mornings."""
    built = address_trigger()
    built.barriers.append(Barrier(
        id="van", student_id=STUDENT_ID, title="Older student on the school van", trigger_tags=["school van"],
        owner="school", status=BarrierStatus.open, opened_on=TODAY - timedelta(days=30),
    ))
    return built


async def test_no_day_moves_up_while_the_barrier_is_to_be_agreed_first(tmp_path) -> None:
    # The proposal says "before moving up": Today, its next school days, `status` and
    # `status --json` all keep the step through every day shown, and say why.
    app = app_for(with_school_barrier_and_no_workaround(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store = app.session.store
        student = store.get(Student, STUDENT_ID)
        data = status_data(store, student, TODAY)
        proposal, days = data["proposal"], data["next_school_days"]
        assert proposal["kind"] == "address_trigger"
        assert "with the school before moving up" in proposal["headline"]
        assert proposal["headline"] in " ".join(panel_text(app).split())
        assert len(days) > 3
        assert {(d["step_id"], d["note"]) for d in days} == {
            (student.ladder.current_step_id, "keep: review the barrier before moving up")}
        text = render_status(data)
        assert f"Proposal: {proposal['headline']}" in text
        listed = text.split("Next school days", 1)[1].split("\n\n", 1)[0]
        assert "move up if" not in listed
        assert listed.count("(keep: review the barrier before moving up)") == len(days)
        await pilot.press("n")
        await until(pilot, lambda: bool(app.screen.query("#schedule-table")))
        await settle(pilot)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#schedule-table").content)
        rows = console.export_text()
        assert "move up if" not in rows
        assert rows.count("keep: review the barrier before moving up") == len(days)
    app.session.store.close()
