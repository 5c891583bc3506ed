"""What the app writes when it dates something is to the second, as docs/data-format.md
promises: a moment ("2026-11-26T08:30:00Z") or a date-time ("2026-11-26T08:30:00")."""

from __future__ import annotations

import re
from datetime import date, datetime

from reintegrate.models import CheckIn, Decision, ProposalKind
from reintegrate.store import Store
from reintegrate.store.changes import moment_on, utc_now

TODAY = date(2026, 11, 26)


def test_a_decision_or_check_in_is_dated_to_the_second():
    moment = moment_on(TODAY, datetime(2026, 12, 7, 8, 30, 15, 123456))
    assert moment == datetime(2026, 11, 26, 8, 30, 15)
    assert moment_on(TODAY).microsecond == 0 and moment_on(TODAY).date() == TODAY
    assert utc_now().microsecond == 0


def test_what_is_written_has_no_fractions_of_a_second(tmp_path):
    path = tmp_path / "data.json"
    with Store.open(path, today=TODAY) as store:
        store.put_many([
            Decision(student_id="sam", on=TODAY, proposal_kind=ProposalKind.repeat, accepted=True,
                     decided_at=moment_on(TODAY)),
            CheckIn(student_id="sam", on=TODAY, parent={"attention.1": 3}, recorded_at=moment_on(TODAY)),
        ])
    text = path.read_text(encoding="utf-8")
    stamps = re.findall(r'"(?:changed_at|decided_at|recorded_at)":\s*"([^"]+)"', text)
    assert len(stamps) == 4  # each record's changed_at, and when it was decided or answered
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?", stamp), stamp
