"""`reintegrate merge`: bring another computer's export into this data file, saying first
what would change and keeping aside the versions it does not keep."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from reintegrate.cli.commands import Failure, _data_file, _read_export_file
from reintegrate.store import Store
from reintegrate.store.conflicts import ConflictsUnreadable, conflicts_file, kept_keys
from reintegrate.store.merge import apply_merge, plan_merge, report, summary
from reintegrate.store.paths import backup_dir


def _run_merge(args: argparse.Namespace, today: date) -> int:
    source: Path = args.file
    theirs = _read_export_file(source, "merged", args, data_file=True)
    with _data_file(args, today) as path, Store.open(path) as store:
        target = conflicts_file(store.path)
        try:
            plan = plan_merge(store.household(), theirs, source.name, kept_keys(target), store.clock())
        except ConflictsUnreadable as exc:
            raise Failure(str(exc)) from None
        print(f"Merging {source} into {store.path}:")
        for heading, lines in report(plan):
            print(f"{heading} ({len(lines)}):" if heading != "Worth knowing" else f"{heading}:")
            print("\n".join(f"  {line}" for line in lines))
        if args.dry_run or not plan.changes_anything:
            tail = ". Nothing was written (--dry-run)." if args.dry_run and plan.changes_anything else ""
            print(summary(plan) + tail)
            return 0
        apply_merge(store, plan)
        print(f"Merged: {summary(plan)}.")
        if plan.set_aside:
            print(f"The versions kept aside are in {target} (readable only by you). To keep one of them "
                  "instead, open the app's school log (c) and press K.")
        print(f"The file as it was before the merge is in {backup_dir(store.path)}.")
    return 0
