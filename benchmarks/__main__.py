"""`python -m benchmarks` (or `make bench`): the figures behind the README's speed table.

Prints medians over several runs; asserts nothing. Sizes: three school years for one
student, and ten years for five students (about 10,000 records).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.synth import school_years
from reintegrate.models import Attempt, Outcome
from reintegrate.store import Store

TODAY = date(2026, 11, 26)  # a Thursday: a school day with a step to show


def _household_file(folder: Path, name: str, students: int, years: int) -> tuple[Path, int]:
    household = school_years(students, years, TODAY)
    path = folder / f"{name}.json"
    with Store.open(path, today=TODAY) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)
    return path, len(household.attempts)


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms"


def _startup(path: Path, mode: str) -> tuple[float, int]:
    """Wall time of a whole process until today's step shows, and its peak memory (KiB)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.startup", mode, str(path), TODAY.isoformat()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"start-up probe '{mode}' failed: {child.stderr.read().decode()[-2000:]}")
    child.stderr.close()
    return elapsed, usage.ru_maxrss


def bench_startup(path: Path, runs: int) -> None:
    ours, bare, memory = [], [], []
    _startup(path, "bare"), _startup(path, "ours")  # warm the file cache and .pyc files
    for _ in range(runs):
        seconds, _kib = _startup(path, "bare")
        bare.append(seconds)
        seconds, kib = _startup(path, "ours")
        ours.append(seconds)
        memory.append(kib)
    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"  start-up, bare Textual app   {_median_ms(bare)}")
    print(f"  start-up, reintegrate        {_median_ms(ours)}   ratio {ratio:.2f}")
    print(f"  peak memory, reintegrate     {statistics.median(memory) / 1024:7.1f} MiB")


def bench_save(path: Path, runs: int) -> None:
    with Store.open(path, today=TODAY) as store:
        student = store.students()[0]
        step = student.ladder.current
        timings = []
        for n in range(runs):
            attempt = Attempt(
                student_id=student.id, on=TODAY + timedelta(days=n), step_id=step.id,
                step_title=step.title, planned_minutes=step.planned_minutes,
                outcome=Outcome.completed, minutes_managed=step.planned_minutes, distress_peak=3,
            )
            started = time.perf_counter()
            store.put(attempt)
            timings.append(time.perf_counter() - started)
    print(f"  durable save of one attempt  {_median_ms(timings)}")


def bench_planner(runs: int) -> None:
    from reintegrate.planner import propose, schedule

    household = school_years(1, 52, TODAY, seed=11)  # one child, ~10,000 attempts
    student, attempts, days = household.students[0], household.attempts, household.days
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        proposal = propose(student, attempts, days, TODAY)
        schedule(student, attempts, days, TODAY, 10, proposal)
        timings.append(time.perf_counter() - started)
    print(f"  proposal + 10-day schedule   {_median_ms(timings)}   over {len(attempts):,} attempts")


def bench_report(path: Path, runs: int) -> None:
    from reintegrate.documents.reports import ReportInput, render_html, render_markdown
    from reintegrate.stats import DateRange

    with Store.open(path, read_only=True, today=TODAY) as store:
        household = store.household()
    student = household.students[0]
    attempts = household.attempts
    # One report over every record in the file, the heaviest a family could ask for.
    household.attempts = [a.model_copy(update={"student_id": student.id}) for a in attempts]
    household.days = [d.model_copy(update={"student_id": student.id}) for d in household.days]
    rng = DateRange.all_records(student, household.attempts, household.days, TODAY)
    timings = {"Markdown": [], "HTML": []}
    for _ in range(runs):
        inp = ReportInput.from_household(household, student, rng, TODAY)
        for name, render in (("Markdown", render_markdown), ("HTML", render_html)):
            started = time.perf_counter()
            render(inp)
            timings[name].append(time.perf_counter() - started)
    for name, samples in timings.items():
        print(f"  {name + ' report':<28} {_median_ms(samples)}   over {len(attempts):,} attempts")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median reported)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores; medians of {args.runs} runs.")
    with tempfile.TemporaryDirectory(prefix="reintegrate-bench-") as folder:
        for label, students, years in (("3 school years, 1 student", 1, 3), ("10 years, 5 students", 5, 10)):
            path, count = _household_file(Path(folder), label.split(",")[0].replace(" ", "-"), students, years)
            print(f"\n{label} ({count:,} attempts, {path.stat().st_size / 1e6:.1f} MB file)")
            bench_startup(path, args.runs)
            bench_save(path, max(args.runs, 15))
            bench_report(path, max(3, args.runs // 2))
        print("\nPlanner")
        bench_planner(max(args.runs, 15))


if __name__ == "__main__":
    main()
