"""What working Today out before the first paint costs (`screens.launch.work_out_today`,
the child the launcher forks when no words are kept for the file's bytes).

Counted, never timed, so a busy machine cannot make these pass or fail: the Python
calls made while Today is worked out grow with the current student's records, not
with everyone else's in the file, and the child never runs the cyclic collector.
"""

from __future__ import annotations

import gc
import os
import sys
from datetime import date
from pathlib import Path

from benchmarks.synth import school_years
from reintegrate.models import Household
from reintegrate.store import Store
from screens import launch
from screens.launch import TodayBeside, work_out_today
from screens.today_cache import content_key

TODAY = date(2026, 11, 26)  # a Thursday, a school day


def household_file(path: Path, household: Household, current: str) -> Path:
    with Store.open(path, today=TODAY) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", current)
    return path


def counted(run) -> tuple[int, list[str]]:
    """The Python calls `run` makes, and the pydantic `__getattr__`s among them (a
    record asked for a field it does not have: a slow road, once per record)."""
    calls = 0
    slow: list[str] = []

    def profile(frame, event, arg) -> None:
        nonlocal calls
        if event == "call":
            calls += 1
            code = frame.f_code
            if code.co_name == "__getattr__" and "pydantic" in code.co_filename:
                slow.append(str(frame.f_locals.get("item")))

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return calls, slow


def test_other_students_records_cost_today_no_python_call_each(tmp_path):
    everyone = school_years(3, 2, TODAY, seed=5)
    current = everyone.students[0].id
    alone = Household(
        students=everyone.students[:1],
        attempts=[a for a in everyone.attempts if a.student_id == current],
        days=[d for d in everyone.days if d.student_id == current],
    )
    others = len(everyone.attempts) + len(everyone.days) - len(alone.attempts) - len(alone.days)
    assert others > 500
    small = household_file(tmp_path / "small" / "family.json", alone, current)
    large = household_file(tmp_path / "large" / "family.json", everyone, current)

    def today_of(path: Path):
        return lambda: work_out_today(path, TODAY, content_key(path.read_bytes()))

    today_of(small)()  # imports, and each kind's first use, before anything is counted
    calls_small, slow_small = counted(today_of(small))
    calls_large, slow_large = counted(today_of(large))
    # The same Today for the same student, whoever else the file holds.
    assert work_out_today(small, TODAY, "") == work_out_today(large, TODAY, "")
    # Parsed and checked in C: the layout, the record numbers, the ids once each. What
    # remains is checking the two more students themselves (a calendar, a ladder: some
    # eighty to a hundred calls each, a few more when this worker's caches are cold);
    # their hundreds of records are checked after the first paint. A call per record
    # would add at least `others`.
    assert calls_large - calls_small < others // 2, (calls_small, calls_large, others)
    # Listing the student's records in order reads only the fields each kind has.
    assert slow_small == [] and slow_large == []


def test_the_child_that_works_today_out_never_runs_the_cyclic_collector(tmp_path, monkeypatch):
    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    real = work_out_today

    def reporting(*args, **kwargs):
        view = real(*args, **kwargs)
        # The collector's state in the child, sent back in the one field it fills.
        return view.__class__(**{**view.__dict__, "title": f"collector on: {gc.isenabled()}"})

    monkeypatch.setattr(launch, "work_out_today", reporting)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_CREAT | os.O_RDWR, 0o600)  # as the parent holds it
    try:
        view = TodayBeside(path, TODAY, content_key(path.read_bytes())).result()
    finally:
        os.close(fd)
    assert view is not None and view.title == "collector on: False"
    assert gc.isenabled()  # this process's own collector is left as it was


def test_the_child_compares_the_parents_bytes_instead_of_hashing_the_file_again(tmp_path, monkeypatch):
    from reintegrate.store.storage import AtomicJSONStorage
    from screens.today_cache import kept_view

    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    raw = path.read_bytes()
    key = content_key(raw)

    def hashed_again(self):
        raise AssertionError("the file was hashed again")

    monkeypatch.setattr(AtomicJSONStorage, "content_key", hashed_again)
    # Other bytes than the file's (it changed after the parent read it): Today is
    # still answered, but nothing is kept under the parent's key.
    view = work_out_today(path, TODAY, key, None, raw + b" ")
    assert view is not None and kept_view(path, key, TODAY) is None
    # The very bytes: kept for the next morning, and no hash worked out here.
    assert work_out_today(path, TODAY, key, None, raw) == view
    assert kept_view(path, key, TODAY) == view


def test_the_child_runs_in_a_session_of_its_own(tmp_path, monkeypatch):
    """Not in the terminal's session, whose one share of a busy machine the app's own
    start needs (Linux's autogroup scheduling)."""
    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    real = work_out_today
    ours = os.getsid(0)

    def reporting(*args, **kwargs):
        view = real(*args, **kwargs)
        return view.__class__(**{**view.__dict__, "title": f"own session: {os.getsid(0) not in (ours, -1)}"
                                                         f", leads it: {os.getsid(0) == os.getpid()}"})

    monkeypatch.setattr(launch, "work_out_today", reporting)
    view = TodayBeside(path, TODAY, content_key(path.read_bytes())).result()
    assert view is not None and view.title == "own session: True, leads it: True"
    assert os.getsid(0) == ours


def test_the_child_never_looks_for_pydantic_plugins(tmp_path, monkeypatch):
    """Finding them reads every installed package's entry points as the child builds
    its first validator; a plugin only observes validation, and the child's answer is
    all it gives."""
    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    real = work_out_today
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)

    def reporting(*args, **kwargs):
        view = real(*args, **kwargs)
        return view.__class__(**{**view.__dict__, "title": f"plugins: {os.environ.get('PYDANTIC_DISABLE_PLUGINS')}"})

    monkeypatch.setattr(launch, "work_out_today", reporting)
    view = TodayBeside(path, TODAY, content_key(path.read_bytes())).result()
    assert view is not None and view.title == "plugins: __all__"
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ  # this process's are left as they were


# Run in a fresh interpreter: this one has built validators for every kind already.
_VALIDATORS_BUILT = """
import inspect, json, sys
from datetime import date
from pathlib import Path
import reintegrate.models as models
from reintegrate.models.base import Model
from screens.launch import work_out_today
import screens.today_text
kinds = [k for k in vars(models).values() if inspect.isclass(k) and issubclass(k, Model) and k is not Model]
built = lambda: sorted(k.__name__ for k in kinds if k.__pydantic_complete__)
imported = built()
view = work_out_today(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), "")
from reintegrate.store import checks
print(json.dumps({"kinds": len(kinds), "imported": imported, "worked_out": built(), "title": view.title,
                  "tables_checked": sorted(k.__name__ for k in checks._ADAPTERS)}))
"""


def test_the_models_validators_are_built_when_first_used_not_when_imported(tmp_path):
    """Each kind's validator is built the first time a record of it is made or
    checked: the kinds only nested in others (a step, a ladder, a morning) need none
    to work Today out, nor the tables a file has no records in."""
    import json
    import subprocess

    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _VALIDATORS_BUILT, str(path), TODAY.isoformat()],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["kinds"] > 10 and found["title"] == f"Today for {everyone.students[0].name}"
    assert found["imported"] == []
    assert {"Step", "Ladder", "Morning", "SchoolCalendar", "Household"}.isdisjoint(found["worked_out"])
    # A kind the file holds no record of (this one has no contact, check-in, barrier,
    # decision or tombstone) builds no validator for its table either.
    assert found["tables_checked"] == ["Attempt", "DayStatus", "Student"]


_MODULES_LOADED = """
import json, sys
from datetime import date
from pathlib import Path
from screens.launch import work_out_today
view = work_out_today(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), "")
print(json.dumps({"title": view.title, "modules": sorted(sys.modules)}))
"""


def test_working_today_out_loads_the_figures_the_plan_counts_with_not_every_report_figure(tmp_path):
    """The plan's patterns are the report's own figures (`reintegrate.stats`), but Today
    needs only the weekday and support counts: the trends, series and the whole
    progress of a report are loaded when a report or the progress screen asks."""
    import json
    import subprocess

    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _MODULES_LOADED, str(path), TODAY.isoformat()],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["title"] == f"Today for {everyone.students[0].name}"
    assert "reintegrate.stats._patterns" in found["modules"]  # the plan did count with them
    assert {"reintegrate.stats._series", "reintegrate.stats._progress"}.isdisjoint(found["modules"])


_SHARED = """
import json, sys
from datetime import date
from pathlib import Path
from screens.launch import SHARED_IMPORTS
import screens.today_cache, reintegrate.store.files
before = set(sys.modules)
if sys.argv[1] == "app":
    from reintegrate.keymap import keymap_file, read_keymap  # what the launcher imports
    from screens.app import ReintegrateApp                   # before the first paint
    from screens.session import Session
else:
    from screens.launch import work_out_today
    work_out_today(Path(sys.argv[2]), date.fromisoformat(sys.argv[3]), "")
print(json.dumps({"shared": list(SHARED_IMPORTS), "loaded": sorted(set(sys.modules) - before)}))
"""


def test_the_modules_imported_before_the_fork_are_ones_both_processes_import_anyway(tmp_path):
    """Importing them before the child is forked costs the launcher nothing it would
    not pay before its first paint, and saves the child importing them again."""
    import json
    import subprocess

    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    root = Path(__file__).resolve().parents[2]
    found = {}
    for side in ("app", "child"):
        done = subprocess.run([sys.executable, "-c", _SHARED, side, str(path), TODAY.isoformat()],
                              cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        found[side] = json.loads(done.stdout)
    shared = found["app"]["shared"]
    assert shared and set(shared) <= set(found["app"]["loaded"]) & set(found["child"]["loaded"])


_PLUGIN_SEARCH = """
import json, sys
from datetime import date
from pathlib import Path
from screens import launch
from screens.today_cache import content_key
real = launch.work_out_today

def reporting(*args, **kwargs):
    view = real(*args, **kwargs)
    import pydantic.plugin._loader as loader
    found = (f"metadata imported: {'importlib.metadata' in sys.modules}, "
             f"plugins: {list(loader.get_plugins())}")
    return view.__class__(**{**view.__dict__, "title": found})

launch.work_out_today = reporting
path = Path(sys.argv[1])
view = launch.TodayBeside(path, date.fromisoformat(sys.argv[2]), content_key(path.read_bytes())).result()
print(json.dumps(view.title if view else None))
"""


def test_the_child_never_imports_the_plugin_loaders_package_metadata(tmp_path):
    """Pydantic's loader answers "no plugins" when they are turned off, but importing
    it reads in `importlib.metadata`, the email and the zip packages first: the child
    answers as it does, without them. Run in a fresh interpreter (pytest has imported
    them here)."""
    import json
    import subprocess

    everyone = school_years(1, 1, TODAY, seed=5)
    path = household_file(tmp_path / "family.json", everyone, everyone.students[0].id)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _PLUGIN_SEARCH, str(path), TODAY.isoformat()],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == "metadata imported: False, plugins: []"


def test_pydantics_own_loader_finds_no_plugins_when_they_are_turned_off(monkeypatch):
    """What the child's stand-in answers is what pydantic's loader answers."""
    from pydantic.plugin._loader import get_plugins

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    assert list(get_plugins()) == []
