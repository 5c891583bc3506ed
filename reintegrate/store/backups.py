"""Copies of the data file in the backups folder beside it: one from before the first
change of each day, and one from just before each merge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reintegrate.store.paths import backup_dir
from reintegrate.store.storage import atomic_write

BACKUPS_KEPT = 14  # days


def keep_copy(path: Path, pieces: list[bytes], day: date, label: str = "") -> None:
    """Write `pieces` as the day's copy ('reintegrate.2026-11-26.json'), or, with a
    label, as a copy that replaces the day's earlier one of that label
    ('reintegrate.2026-11-26.merge.json', newer in name order than the day's first).

    The last BACKUPS_KEPT days are kept, whatever number of copies each day has.
    """
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{path.stem}.{day.isoformat()}{'.' + label if label else ''}.json"
    if label or not target.exists():
        atomic_write(target, pieces)
    copies = sorted(folder.glob(f"{path.stem}.*.json"))
    days = sorted({_day_of(path, c) for c in copies})[-BACKUPS_KEPT:]
    for old in copies:
        if _day_of(path, old) not in days:
            old.unlink(missing_ok=True)


def _day_of(path: Path, copy: Path) -> str:
    return copy.name[len(path.stem) + 1:][:10]
