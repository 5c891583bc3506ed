"""`python -m benchmarks` (or `make bench`): the figures behind the README's speed table.

Prints medians (and ranges) over several runs; asserts nothing. Sizes: three school
years for one student, ten years for five students (about 9,000 attempts; also a sync
of it between two homes), and for the save and the planner one student with about
10,000 attempts. Start-up is measured from
outside, the real command in a terminal (see benchmarks/startup.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks import startup
from benchmarks.sync import bench_sync
from benchmarks.synth import school_years
from reintegrate.models import Attempt, Outcome
from reintegrate.store import Store

TODAY = date(2026, 11, 26)  # a Thursday: a school day with a step to show


def _household_file(folder: Path, name: str, students: int, years: int, seed: int = 7) -> tuple[Path, int]:
    household = school_years(students, years, TODAY, seed=seed)
    path = folder / f"{name}.json"
    with Store.open(path, today=TODAY) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)
    return path, len(household.attempts)


def _median_ms(samples: list[float]) -> str:
    return (f"{statistics.median(samples) * 1000:7.1f} ms "
            f"[{min(samples) * 1000:.1f}-{max(samples) * 1000:.1f}]")


def bench_startup(path: Path, pairs: int) -> None:
    # The first time the app sees these bytes, and a morning after it was used, each
    # against the same runs of the bare app; then the second process's CPU time.
    print("\n".join(startup.measure(path, TODAY, pairs).lines()))
    print(startup.cpu_line(startup.second_process_cpu(path, TODAY, pairs)))


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
        count = len(store.attempts(student.id))
    print(f"  durable save of one attempt  {_median_ms(timings)}   at {count:,} attempts")


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
    parser.add_argument("--runs", type=int, default=7,
                        help="runs per figure, and start-up pairs (median reported)")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up pairs")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores; medians of {args.runs} runs; "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    with tempfile.TemporaryDirectory(prefix="reintegrate-bench-") as folder:
        for label, students, years in (("3 school years, 1 student", 1, 3), ("10 years, 5 students", 5, 10)):
            path, count = _household_file(Path(folder), label.split(",")[0].replace(" ", "-"), students, years)
            print(f"\n{label} ({count:,} attempts, {path.stat().st_size / 1e6:.1f} MB file)")
            bench_startup(path, args.runs)
            if not args.startup_only:
                bench_save(path, max(args.runs, 15))
                bench_report(path, max(3, args.runs // 2))
                if students > 1:
                    bench_sync(path, Path(folder), TODAY, max(3, args.runs // 2))
        if not args.startup_only:
            path, count = _household_file(Path(folder), "52-years", 1, 52, seed=11)
            print(f"\nOne student, 52 school years ({count:,} attempts)")
            bench_save(path, max(args.runs, 15))
            bench_planner(max(args.runs, 15))
    print(f"\nLoad average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}.")


if __name__ == "__main__":
    main()
