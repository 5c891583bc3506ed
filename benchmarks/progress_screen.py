"""`python -m benchmarks.progress_screen`: how long the progress screen takes to open.

Five students, ten school years each (about 9,000 attempts), the first student's whole
plan in range. For each opening (the first pays for loading plotext and the reports
module) it prints, in milliseconds of wall time and of process CPU time:

- paint: from the key to the screen's first paint ("Working out the figures…");
- numbers: from that paint to attendance and "what stands out" on screen;
- all: from that paint to the charts, patterns and decisions on screen.

CPU time is printed because wall time on a busy machine mostly measures the machine.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.synth import school_years
from reintegrate.store import Store
from screens.app import make_app
from screens.progress import ProgressScreen

TODAY = date(2026, 11, 26)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


class TimedProgress(ProgressScreen):
    """The real screen, noting when each stage reached the terminal."""

    CSS_PATH = None  # the app reads progress.tcss after the first paint (waited for below)

    def __init__(self, session, marks: dict, done: asyncio.Event) -> None:
        super().__init__(session)
        self.marks = marks
        self.done = done

    def _note(self, name: str) -> None:
        self.marks.setdefault(name, _clock())
        if name == "all":
            self.done.set()

    def on_mount(self) -> None:
        self.call_after_refresh(self._note, "paint")
        super().on_mount()

    def _summary(self, figures):
        self.call_after_refresh(self._note, "numbers")
        return super()._summary(figures)

    def _fill_decisions(self, figures) -> None:
        super()._fill_decisions(figures)
        self.call_after_refresh(self._note, "all")


async def _measure(path: Path, size: tuple[int, int], runs: int) -> None:
    store = Store.open(path, today=TODAY, verify=False)
    app = make_app(store, TODAY)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()  # the check of every record, the warm-up of screens
        await pilot.pause()
        for run in range(runs):
            marks: dict = {}
            done = asyncio.Event()
            start = _clock()
            app.push_screen(TimedProgress(app.session, marks, done))
            await done.wait()
            wall = {k: 1000 * (v[0] - start[0]) for k, v in marks.items()}
            cpu = {k: 1000 * (v[1] - start[1]) for k, v in marks.items()}
            attempts = len(app.screen.figures.progress.attempts)
            label = "first" if run == 0 else f"again {run}"
            print(f"{size[0]}x{size[1]} {label:>8}: "
                  f"paint {wall['paint']:5.0f} ({cpu['paint']:4.0f} cpu)  "
                  f"numbers +{wall['numbers'] - wall['paint']:5.0f} ({cpu['numbers'] - cpu['paint']:4.0f} cpu)  "
                  f"all +{wall['all'] - wall['paint']:5.0f} ({cpu['all'] - cpu['paint']:4.0f} cpu) ms"
                  f"  [{attempts} attempts in range]")
            app.pop_screen()
            await pilot.pause()
            await pilot.pause()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        household = school_years(5, 10, TODAY)
        path = Path(folder) / "large.json"
        with Store.open(path, today=TODAY) as store, store.batch():
            store.replace_all(household)
            store.set_meta("current_student_id", household.students[0].id)
        print(f"{len(household.attempts)} attempts in the household")
        del household
        for size in ((80, 24), (120, 40)):
            asyncio.run(_measure(path, size, args.runs))


if __name__ == "__main__":
    main()
