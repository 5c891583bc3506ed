"""A snapshot of the versions a merge kept aside, at 80x24: fixed date, fixed data,
fixed clocks (every date on the screen is one the test chose)."""

from __future__ import annotations

from datetime import UTC, datetime

from reintegrate.store import Store
from reintegrate.store.conflicts import conflicts_file, keep
from reintegrate.store.merge import SetAside
from screens.app import make_app
from tests.school_ui_data import TODAY, school_household

SMALL = (80, 24)


def test_versions_kept_aside(snap_compare, tmp_path):
    household = school_household(TODAY)
    with Store.open(tmp_path / "reintegrate.json", today=TODAY,
                    now=lambda: datetime(2026, 11, 10, 20, 15, tzinfo=UTC)) as store:
        store.put_many([*household.students, *household.attempts, *household.days, *household.contacts,
                        *household.barriers])
        store.set_meta("current_student_id", household.students[0].id)
        student = store.students()[0]
        attempt = store.attempts(student.id)[-1]
        here = attempt.model_copy(update={"notes": "Mum's notes: [b]cried at the gate[/b]",
                                          "changed_at": datetime(2026, 11, 9, 19, 0, tzinfo=UTC)})
        renamed = student.model_copy(update={"name": "Sammy", "changed_at": datetime(2026, 11, 8, 9, 0, tzinfo=UTC)})
        keep(conflicts_file(store.path), [
            SetAside("students", renamed, "dad-laptop.json", "this computer's version was changed later"),
            SetAside("attempts", here, "this computer", "replaced by a later change made on the other computer"),
        ], datetime(2026, 11, 10, 21, 0, tzinfo=UTC))
        app = make_app(store, TODAY)
        assert snap_compare(app, press=["c", "K"], terminal_size=SMALL)
