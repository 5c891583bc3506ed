"""The planner: from what actually happened, what to do next and why.

Pure functions, no I/O; `today` is always passed in. Every surface (Today, the
schedule, the ladder and school screens, letters, reports, `status`) asks
`plan_view` for the whole plan; the pieces it is made of are public for tests and
for the decision dialog:

- `propose(student, attempts, days, today)` -> Proposal
- `schedule(student, attempts, days, today, count, proposal)` -> list[PlannedDay]
- `review_status(student, today, days)` -> ReviewStatus | None
- `apply_decision(student, proposal, accepted=..., ...)` -> (Student, Decision)
"""

from reintegrate.planner.decisions import apply_decision
from reintegrate.planner.proposal import DISCLAIMER, PlannedDay, Proposal, ReviewStatus
from reintegrate.planner.propose import PRECEDENCE, propose
from reintegrate.planner.review import REVIEW_NEAR, review_status
from reintegrate.planner.schedule import schedule

__all__ = [
    "DISCLAIMER",
    "PRECEDENCE",
    "REVIEW_NEAR",
    "PlannedDay",
    "Proposal",
    "ReviewStatus",
    "apply_decision",
    "propose",
    "review_status",
    "schedule",
]
