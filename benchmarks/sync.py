"""A sync through a shared folder (`reintegrate.sync`) on a large household: two homes,
two config folders, one folder, the household key made directly (no passphrase)."""

from __future__ import annotations

import shutil
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from reintegrate import agefile
from reintegrate.models import Attempt, Outcome
from reintegrate.store import Store
from reintegrate.store.exchange import read_export, render_json
from reintegrate.store.files import data_path
from reintegrate.sync.kept import SyncSettings, keep_key, keep_settings
from reintegrate.sync.run import sync_now


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms [{min(samples) * 1000:.1f}-{max(samples) * 1000:.1f}]"


def _home(folder: Path, name: str, shared: Path, identity: str, source: Path | None) -> tuple[Path, Path]:
    data, config = folder / f"{name}.json", folder / f"{name}-config"
    if source is not None:
        shutil.copyfile(source, data)
    with Store.open(data) as store:
        path = store.path
    keep_key(identity, store.clock(), config)
    keep_settings(SyncSettings(shared, data_path(path)), config)
    return data, config


def _add_attempt(path: Path, on: date) -> None:
    with Store.open(path) as store:
        student = store.students()[0]
        step = student.ladder.current
        store.put(Attempt(student_id=student.id, on=on, step_id=step.id, step_title=step.title,
                          planned_minutes=step.planned_minutes, outcome=Outcome.completed,
                          minutes_managed=step.planned_minutes))


def _timed(data: Path, config: Path, today: date, **options) -> tuple[float, object]:
    with Store.open(data, today=today) as store:
        started = time.perf_counter()
        result = sync_now(store, today, config=config, **options)
        return time.perf_counter() - started, result


def bench_sync(path: Path, folder: Path, today: date, runs: int) -> None:
    """Each run: the first home writes its file; a new computer merges the whole of it
    (joining); the first home records one attempt and syncs; the other home merges it;
    then an app opening finds nothing changed in the folder."""
    identity = agefile.new_identity()
    # Dated as an import dates them, as a real data file's records all are (the
    # synthetic household leaves them undated, which each export would date anew).
    dated = folder / "sync-dated.json"
    with Store.open(path, read_only=True) as source:
        household = read_export(render_json(source.household(), today))
    with Store.open(dated) as store:
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)
    path = dated
    write, join, one_new, unchanged = [], [], [], []
    size = 0
    for run in range(runs):
        base = folder / f"sync-{run}"
        shared = base / "shared"
        shared.mkdir(parents=True)
        first, first_config = _home(base, "first", shared, identity, path)
        second, second_config = _home(base, "second", shared, identity, None)
        write.append(_timed(first, first_config, today)[0])
        size = max(p.stat().st_size for p in shared.iterdir())
        join.append(_timed(second, second_config, today)[0])
        _add_attempt(first, today + timedelta(days=run + 1))
        _timed(first, first_config, today)
        elapsed, result = _timed(second, second_config, today)
        assert result.arrivals and result.arrivals[0].counts == {"attempts": 1}
        one_new.append(elapsed)
        unchanged.append(_timed(second, second_config, today, only_changed=True)[0])
        shutil.rmtree(base)
    print(f"  sync: write this home's file {_ms(write)}   ({size / 1e6:.1f} MB encrypted)")
    print(f"  sync: join (merge it all)    {_ms(join)}")
    print(f"  sync: one new attempt        {_ms(one_new)}   merged and this home's file written")
    print(f"  sync: app opens, no change   {_ms(unchanged)}")
