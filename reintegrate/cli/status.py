"""`reintegrate status`: today at a glance, as JSON for scripts or as text.

`status_data` builds one plain dict (the JSON printed by `status --json`, keys listed
in docs/data-format.md); `render_status` turns that dict into text, one section per
function in `TEXT_SECTIONS`. New parts of the status (the planner's proposal, the
next school days) add a key to the dict and a section to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reintegrate.contacts import Waiting, request_label, waiting_on_school
from reintegrate.models import (
    PURPOSE_LABELS,
    Attempt,
    Contact,
    DayStatus,
    Decision,
    Ladder,
    Plan,
    Purpose,
    Student,
)
from reintegrate.planner import DISCLAIMER, PlannedDay, Proposal
from reintegrate.planner.view import decision_sentence, plan_view, plan_words, planned_day_words
from reintegrate.planner.words import KIND_LABELS, attempt_words
from reintegrate.schooldays import WEEKDAY_NAMES, long_date, short_date
from reintegrate.store import Store
from reintegrate.why.home import home_line_of

STATUS_VERSION = 2  # 2: the planner's proposal, the next school days, the review
RECENT_ATTEMPTS = 5


def status_data(store: Store, student: Student, today: date) -> dict[str, Any]:
    """Everything `status` shows for `student` on `today`, in plain JSON types.

    Records dated after `today` are left out, so `--date` shows the past as the records
    tell it; the ladder is the one there is now, and `looking_back` says so whenever
    records after `today` were left out.
    """
    view = plan_view(store, student, today)
    school = view.school_days
    attempts = view.records.attempts
    day = next((d for d in view.records.days if d.on == today), None)
    contacts = [c for c in store.all(Contact, student.id) if c.on <= today]
    return {
        "status_version": STATUS_VERSION,
        "date": today.isoformat(),
        "weekday": WEEKDAY_NAMES[today.weekday()],
        "school_day": view.school_day,
        "looking_back": view.looking_back,  # '' unless records after `date` were left out
        "closure": school.closure_on(today),
        "next_school_day": _iso(school.next_after(today)),
        "student": {"id": student.id, "name": student.name},
        "step": _step(student.ladder),
        "home_supports": [{"support": h.support, "started_on": h.started_on.isoformat()}
                          for h in student.home_supports if h.active_on(today)],
        "today": {
            "attempts": [_attempt(a) for a in attempts if a.on == today],
            "day": _day(day),
        },
        "recent_attempts": [_attempt(a) for a in reversed(attempts[-RECENT_ATTEMPTS:])],
        "waiting_on_school": [_waiting(w) for w in waiting_on_school(contacts, school, today)],
        "plan": _plan(student.plan, today) | _review(view.review) if student.plan else None,
        "proposal": _proposal(view.proposal),
        "next_school_days": [_planned(p) for p in view.next_days],
        "next_school_days_follow": view.following,
        "decision": _decision(view.decision, view.decided if view.decided_answers_proposal else None, today),
        "plan_words": _plan_words(view),
        "function_profile": view.profile.as_json() if view.profile else None,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _step(ladder: Ladder) -> dict[str, Any] | None:
    step = ladder.current
    if step is None:
        return None
    return {
        "id": step.id,
        "title": step.title,
        "position": ladder.position(step.id),
        "of": len(ladder.active),
        "description": step.description,
        "place": step.place,
        "planned_minutes": step.planned_minutes,
        "supports": list(step.supports),
    }


def _attempt(attempt: Attempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "on": attempt.on.isoformat(),
        "step_id": attempt.step_id,
        "step_title": attempt.step_title,
        "outcome": attempt.outcome.value,
        "outcome_label": attempt.outcome.label,
        "planned_minutes": attempt.planned_minutes,
        "minutes_managed": attempt.minutes_managed,
        "distress_before": attempt.distress_before,
        "distress_peak": attempt.distress_peak,
        "distress_after": attempt.distress_after,
        "triggers": list(attempt.triggers),
        "sentence": attempt_words(attempt),
    }


def _day(day: DayStatus | None) -> dict[str, Any] | None:
    if day is None:
        return None
    return {"kind": day.kind.value, "label": day.kind.label, "note": day.note}


def _contact(contact: Contact, waited: int) -> dict[str, Any]:
    return {
        "id": contact.id,
        "on": contact.on.isoformat(),
        "label": request_label(contact),
        "person": contact.person,
        "role": contact.role,
        "channel": contact.channel.value,
        "summary": contact.summary,
        "request": contact.request,
        "due_on": _iso(contact.due_on),
        "school_days_waited": waited,
    }


def _waiting(waiting: Waiting) -> dict[str, Any]:
    """A request waiting on the school, with the follow-ups sent about it; `due_on` is
    when the latest of them asked for an answer."""
    follow_ups = [{"id": c.id, "on": c.on.isoformat(), "due_on": _iso(c.due_on)} for c in waiting.thread.follow_ups]
    return _contact(waiting.contact, waiting.school_days_waited) | {
        "due_on": waiting.due_on.isoformat(),
        "follow_ups": follow_ups,
        "overdue": waiting.overdue,
        "sentence": waiting.sentence,
    }


def _plan(plan: Plan | None, today: date) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "start": plan.start.isoformat(),
        "review_on": plan.review_on.isoformat(),
        "days_until_review": (plan.review_on - today).days,
        "review_overdue": plan.review_on < today,
    }


def _review(review) -> dict[str, Any]:
    if review is None:
        return {"review": None}
    return {"review": {"state": review.state, "school_days": review.school_days, "sentence": review.sentence}}


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "kind": proposal.kind.value,
        "label": KIND_LABELS[proposal.kind],
        "headline": proposal.headline,
        "target_step_id": proposal.target_step_id,
        "target_step_title": proposal.target_step_title,
        "reasons": list(proposal.reasons),
        "flags": [flag.value for flag in proposal.flags],
        "split": proposal.split.model_dump(mode="json") if proposal.split else None,
        "successes_so_far": proposal.successes_so_far,
        "successes_needed": proposal.successes_needed,
        "review_questions": list(proposal.review_questions),
        "supports_to_try": [t.model_dump() for t in proposal.supports_to_try],
        "held_weekdays": [WEEKDAY_NAMES[d] for d in proposal.held_weekdays],
        "supports_to_keep": list(proposal.supports_to_keep),
        "note": DISCLAIMER,
    }


def _decision(decision: Decision | None, decided: Decision | None, today: date) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "id": decision.id,
        "on": decision.on.isoformat(),
        "accepted": decision.accepted,
        "proposal_kind": decision.proposal_kind.value,
        "chosen_step_id": decision.chosen_step_id,
        "chosen_step_title": decision.chosen_step_title,
        "note": decision.note,
        # Taken on the very proposal made now: Today shows the decision instead.
        "answers_proposal": decided is not None and decided.id == decision.id,
        "sentence": decision_sentence(decision, today),
    }


def _plan_words(view) -> dict[str, Any]:
    said = plan_words(view)
    return {"decided": said.decided, "next_day": said.next_day, "lead": said.lead, "headline": said.headline,
            "reasons": list(said.reasons), "also": said.also}


def _planned(day: PlannedDay) -> dict[str, Any]:
    return {"on": day.on.isoformat(), "step_id": day.step_id, "step_title": day.step_title, "note": day.note}


# --- text ------------------------------------------------------------------------------


def _text_heading(data: dict) -> list[str]:
    today = date.fromisoformat(data["date"])
    name = data["student"]["name"]
    if data["school_day"]:
        line = f"{name} · {long_date(today)} · a school day"
        return [line, data["looking_back"]] if data["looking_back"] else [line]
    why = "not a school day"
    if data["closure"] is not None:
        why = f"school closed ({data['closure']})" if data["closure"] else "school closed"
    line = f"{name} · {long_date(today)} · {why}"
    if data["next_school_day"]:
        line += f"; next school day {long_date(date.fromisoformat(data['next_school_day']))}"
    return [line, data["looking_back"]] if data["looking_back"] else [line]


def _text_step(data: dict) -> list[str]:
    step = data["step"]
    if step is None:
        return ["No step chosen yet: open reintegrate to choose one."]
    where = f"{step['position']} of {step['of']}"
    details = " · ".join(p for p in (f"{step['planned_minutes']} minutes", step["place"]) if p)
    label = "Today's step" if data["school_day"] else "Current step"
    lines = [f"{label} ({where}): {step['title']}", f"  {details}"]
    if step["supports"]:
        lines.append(f"  Supports: {', '.join(step['supports'])}")
    at_home = home_line_of((h["support"], date.fromisoformat(h["started_on"])) for h in data["home_supports"])
    if at_home:
        lines.append(f"  {at_home}")
    return lines


def _text_today(data: dict) -> list[str]:
    today = data["today"]
    if today["attempts"]:
        # In Today's words: each attempt names its own step, which after a step back is
        # not the step shown above.
        return ["Recorded today: " + "; ".join(a["sentence"] for a in today["attempts"]) + "."]
    if today["day"]:
        note = f" ({today['day']['note']})" if today["day"]["note"] else ""
        return [f"Recorded today: {today['day']['label']}{note}."]
    return ["Recorded today: nothing yet."] if data["school_day"] else []


def _text_recent(data: dict) -> list[str]:
    attempts = data["recent_attempts"]
    if not attempts:
        return ["No attempts recorded yet."]
    lines = ["Recent attempts:"]
    for a in attempts:
        minutes = f"{a['minutes_managed']}/{a['planned_minutes']} min" if a["minutes_managed"] is not None else "—"
        peak = f"peak {a['distress_peak']}" if a["distress_peak"] is not None else ""
        on = short_date(date.fromisoformat(a["on"]))
        lines.append(f"  {on:<10}  {a['outcome_label']:<11}  {minutes:<12}  {peak:<7}  {a['step_title']}")
    return lines


def _text_waiting(data: dict) -> list[str]:
    if not data["waiting_on_school"]:
        return []
    lines = ["Waiting on the school:"]
    for contact in data["waiting_on_school"]:
        lines.append(f"  {contact['sentence']}")
        if contact["summary"]:
            lines.append(f"    {contact['summary']}")
    return lines


def _text_proposal(data: dict) -> list[str]:
    """What Today's proposal panel says, from the same words (`plan_words`): the
    decision shown and what comes next, then the proposal; the proposal a decision
    answered is kept here on the record, where Today does not put it again."""
    said = data["plan_words"]
    lines = [said["decided"], f"  {said['next_day']}"] if said["decided"] else []
    lines = [line for line in lines if line.strip()]
    if said["lead"] == "The proposal it answered":
        return [*lines, f"  {said['lead']}: {said['headline']}", *(f"  - {reason}" for reason in said["reasons"])]
    lines.append(f"{said['lead']}: {said['headline']}")
    lines += [f"  - {reason}" for reason in said["reasons"]]
    if said["also"]:
        lines.append(f"  {said['also']}")
    lines.append(f"  ({data['proposal']['note']})")
    return lines


def _text_why(data: dict) -> list[str]:
    profile = data.get("function_profile")
    if not profile:
        return []
    on = short_date(date.fromisoformat(profile["on"]))
    how = "set by hand" if profile["source"] == "set_by_hand" else "check-in"
    leading = [PURPOSE_LABELS[Purpose(p)] for p in profile["leading"]]
    lines = [f"Why school is hard ({how}, {on}): " + ("; ".join(leading) if leading else "nothing stands out") + "."]
    to_try = data["proposal"]["supports_to_try"]
    if to_try:
        lines.append("  Supports to try: " + ", ".join(t["support"] for t in to_try) + ".")
    return lines


def _text_next_days(data: dict) -> list[str]:
    if not data["next_school_days"]:
        return []
    lines = [f"Next school days, {data['next_school_days_follow']}:"]
    for day in data["next_school_days"]:
        on = short_date(date.fromisoformat(day["on"]))
        words = planned_day_words(PlannedDay.model_validate(day))
        lines.append(f"  {on:<10}  {words}")
    return lines


def _text_plan(data: dict) -> list[str]:
    plan = data["plan"]
    if plan is None:
        return []
    if plan["review"]:
        return [plan["review"]["sentence"]]
    review = long_date(date.fromisoformat(plan["review_on"]))
    days = plan["days_until_review"]
    if plan["review_overdue"]:
        return [f"The plan's review date ({review}) passed {_count(-days, 'day')} ago: time to meet the team."]
    if days == 0:
        return [f"The plan is due for review today ({review})."]
    return [f"Plan review: {review}, in {_count(days, 'day')}."]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


TEXT_SECTIONS: list[Callable[[dict], list[str]]] = [
    _text_heading,
    _text_step,
    _text_today,
    _text_proposal,
    _text_why,
    _text_next_days,
    _text_recent,
    _text_waiting,
    _text_plan,
]


def render_status(data: dict[str, Any]) -> str:
    """The status as text: sections separated by a blank line, empty ones left out."""
    blocks = [section(data) for section in TEXT_SECTIONS]
    return "\n\n".join("\n".join(block) for block in blocks if block)
