"""`reintegrate calendar`: the next school days of the plan as a calendar file."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime

from reintegrate.cli.commands import _data_file, _open_to_read, _output_target, _say, _write_output, choose_student


def _run_calendar(args: argparse.Namespace, today: date) -> int:
    from reintegrate.documents.calendar import plan_calendar
    from reintegrate.models import Contact
    from reintegrate.planner.view import plan_view

    with _data_file(args, today) as path, _open_to_read(path, today) as store:
        student = choose_student(store, args.student)
        view = plan_view(store, student, today, args.days)
        data = plan_calendar(student, view, store.all(Contact, student.id), datetime.now(UTC))
        target = _output_target(args, path)
    if target is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    _write_output(target, data.decode("utf-8"), args, path)
    _say(f"Wrote {len(view.next_days)} school days for {student.name} to {target}. "
         "Import it into your calendar; importing a newer file updates the same events.")
    return 0
