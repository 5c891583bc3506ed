"""The report's 'Why school is hard' section and its table of what the child feared.

Both are left out of a report with nothing to show: a check-in is never required, and
most attempts will have no prediction recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reintegrate.models import PURPOSE_LABELS, PURPOSE_SHORT, Purpose, home_supports_on
from reintegrate.schooldays import long_date
from reintegrate.why import NOT_A_DIAGNOSIS
from reintegrate.why.profile import score_words, side_by_side_words
from reintegrate.why.signals import SIGNAL_WEEKS, signals
from reintegrate.why.supports import matched_tags, supports_for

if TYPE_CHECKING:
    from reintegrate.documents.reports import ReportInput


def why_context(inp: ReportInput, day_label) -> dict:
    return {"why": _why(inp), "predictions": _predictions(inp, day_label)}


def _why(inp: ReportInput) -> dict | None:
    profile = inp.profile
    if profile is None:
        return None
    if profile.source == "set_by_hand":
        basis = (f"The leading purpose was set by hand on {long_date(profile.on)}: {profile.note}")
    else:
        who = " and ".join({"parent": "a parent", "child": "the child"}[r] for r in profile.respondents)
        basis = f"From the check-in on {long_date(profile.on)}, answered by {who}."
    mine = [a for a in inp.attempts if a.student_id == inp.student.id]
    days = [d for d in inp.days if d.student_id == inp.student.id]
    barriers = [b for b in inp.barriers if b.student_id == inp.student.id]
    found = signals(mine, days, inp.today, steps=inp.student.ladder.steps, barriers=barriers,
                    home_supports=inp.student.home_supports)
    step = inp.student.ladder.current
    to_try = {purpose: [s for s, p, _ in inp.supports_to_try if p == purpose.value] for purpose in Purpose}
    at_home = home_supports_on(inp.student, inp.today)
    sections = []
    for purpose in Purpose:
        s = found[purpose]
        sections.append({
            "title": PURPOSE_SHORT[purpose],
            "label": PURPOSE_LABELS[purpose],
            "score": score_words(profile.scores.get(purpose)),
            "side_by_side": side_by_side_words(profile, purpose),
            "leads": purpose in profile.leading,
            "signals": ", ".join(s.phrases()) or "none recorded",
            "home_notes": [f"{long_date(on)}: {note}" for on, note in s.home_notes[-3:]],
            "in_place": ", ".join([*(matched_tags(step.supports, purpose) if step else []),
                                   *(f"{t} (at home)" for t in matched_tags(at_home, purpose))]),
            "to_try": ", ".join(to_try[purpose]),
            "matched": ", ".join(supports_for(purpose)),
        })
    return {
        "not_a_diagnosis": NOT_A_DIAGNOSIS,
        "basis": basis,
        "leading": "; ".join(PURPOSE_LABELS[p] for p in profile.leading) or "nothing stands out",
        "signal_weeks": SIGNAL_WEEKS,
        "purposes": sections,
    }


def _predictions(inp: ReportInput, day_label) -> list[tuple]:
    rng = inp.range
    rows = []
    for a in sorted(inp.attempts, key=lambda a: a.on):
        if a.student_id != inp.student.id or not rng.start <= a.on <= rng.end:
            continue
        if not a.prediction and a.prediction_came_true is None:
            continue
        rows.append((
            day_label(a.on), a.step_title, a.prediction or "–",
            "" if a.prediction_confidence is None else f"{a.prediction_confidence}/10",
            a.prediction_came_true.label if a.prediction_came_true else "not recorded",
            a.outcome.label, "" if a.distress_peak is None else str(a.distress_peak),
        ))
    return rows
