"""How long a parent waits for today's step, measured from outside the process.

Each run starts the real command, `python -m reintegrate --data FILE --date DATE` (the
code path of the `reintegrate` command, store checks and all), in a fresh tmux session
of 80x24, and polls the screen every 5 ms until "Today's step" is on it. The bare
Textual app (`benchmarks/bare_app.py`: a header, one line, a footer) is run the same
way until its line shows. Both ways of starting are measured in the same run, in
triples after one warm-up triple that is not counted (it also writes the bytecode
cache, as installing does): the bare app, then reintegrate with Today worked out,
then with Today's words kept. A machine busy with other work slows all three alike,
and both ratios are taken against the same bare runs.

Each reintegrate run gets a fresh copy of the data file (no lock, no backup folder).
Worked out: each copy is in a new folder, so nothing is kept from before (the first
time the app sees these bytes: a first open after a merge, an import or an upgrade;
Today is worked out in a second process while Textual starts). Kept: the copies go
over one file in one folder, where the run before kept Today's words for these bytes
(`screens.today_cache`: every morning after the app was last used on the file); a
kept run that finds nothing kept stops the benchmark rather than mislabel a figure.

The wall-clock ratios move with the machine's load; `second_process_cpu` gives what
working Today out costs in CPU time (the forked child's, from fork to answer), which
a busy machine moves far less. tmux runs on a private socket, so a tmux the user has
open is neither used nor touched. `python -m benchmarks.startup FILE [--pairs N]`
measures one file; `python -m benchmarks` measures both synthetic households. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.bare_app import LINE
from reintegrate.store.paths import today_file

ROOT = Path(__file__).resolve().parent.parent
OURS_SHOWN = "Today's step"
POLL_SECONDS = 0.005
GIVE_UP_SECONDS = 30.0


@dataclass
class Paints:
    """Seconds to the first paint, run by run: the bare app, Today worked out, kept."""

    bare: list[float]
    worked_out: list[float]
    kept: list[float]

    def ratio(self, samples: list[float]) -> float:
        return statistics.median(samples) / statistics.median(self.bare)

    def lines(self) -> list[str]:
        def figure(samples: list[float]) -> str:
            return (f"{statistics.median(samples) * 1000:5.0f} ms "
                    f"[{min(samples) * 1000:.0f}-{max(samples) * 1000:.0f}]")

        return [
            f"  first paint, bare Textual app  {figure(self.bare)}   ({len(self.bare)} runs each)",
            f"  first paint, worked out        {figure(self.worked_out)}   ratio {self.ratio(self.worked_out):.2f}",
            f"  first paint, words kept        {figure(self.kept)}   ratio {self.ratio(self.kept):.2f}",
        ]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Run this checkout's code, with its bytecode cached as an installed app has it.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("TERM", "xterm-256color")
    return env


def first_paint(command: list[str], shown: str, socket: str) -> float:
    """Seconds from starting `command` in an 80x24 tmux session until `shown` is on screen.

    `socket` names a tmux server of its own, started for this run and ended after it.
    """
    tmux = ["tmux", "-L", socket]
    session = f"paint{os.getpid()}"
    screen = ""
    started = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                    shlex.join(command)], check=True, env=_environment())
    try:
        while time.perf_counter() - started < GIVE_UP_SECONDS:
            capture = subprocess.run([*tmux, "capture-pane", "-p", "-t", session],
                                     capture_output=True, text=True)
            if capture.returncode:
                raise SystemExit(f"{shlex.join(command)} ended before '{shown}' showed.")
            screen = capture.stdout
            if shown in screen:
                return time.perf_counter() - started
            time.sleep(POLL_SECONDS)
        raise SystemExit(f"'{shown}' never showed after {shlex.join(command)}; last screen:\n{screen}")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def measure(data: Path, today: date, pairs: int) -> Paints:
    """`pairs` triples, after a warm-up triple: the bare app, reintegrate on a copy of
    `data` that nothing was kept for, and on a copy whose Today the run before kept."""
    if shutil.which("tmux") is None:
        raise SystemExit("The start-up benchmark needs tmux (apt install tmux).")
    bare_command = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
    result = Paints([], [], [])
    with tempfile.TemporaryDirectory(prefix="reintegrate-paint-") as folder:
        kept_copy = Path(folder) / "kept" / data.name
        for run in range(pairs + 1):
            socket = f"reintegrate-bench-{os.getpid()}-{run}"
            bare = first_paint(bare_command, LINE, socket + "-bare")
            worked_out = first_paint(_ours(_copy(data, Path(folder) / f"run{run}" / data.name), today),
                                     OURS_SHOWN, socket + "-cold")
            _copy(data, kept_copy)
            if run and not today_file(kept_copy).exists():
                raise SystemExit("Today's words were not kept by the run before: no kept figure to give.")
            kept = first_paint(_ours(kept_copy, today), OURS_SHOWN, socket + "-kept")
            if run:  # the first triple warms the disk cache and the bytecode cache
                result.bare.append(bare)
                result.worked_out.append(worked_out)
                result.kept.append(kept)
    return result


def _copy(data: Path, copy: Path) -> Path:
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(data, copy)
    shutil.rmtree(copy.parent / f"{copy.stem}-backups", ignore_errors=True)
    return copy


def _ours(copy: Path, today: date) -> list[str]:
    return [sys.executable, "-m", "reintegrate", "--data", str(copy), "--date", today.isoformat()]


# Forks the launcher's child exactly as `reintegrate` does (`TodayBeside`) from a
# process that has loaded what the launcher has by then, and prints the child's CPU
# time once it has answered and been reaped.
_CHILD_CPU = """
import resource, sys
from datetime import date
from pathlib import Path
from reintegrate.store.files import data_path, lock_for_writing
from screens.launch import TodayBeside
from screens.today_cache import content_key, kept_view
path = Path(sys.argv[1])
raw = path.read_bytes()
view = TodayBeside(path, date.fromisoformat(sys.argv[2]), content_key(raw), raw).result()
if view is None:
    raise SystemExit("the second process gave no answer")
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(used.ru_utime + used.ru_stime)
"""


def second_process_cpu(data: Path, today: date, runs: int) -> list[float]:
    """CPU seconds of the second process that works Today out (nothing kept), run by
    run, after one warm-up run."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="reintegrate-child-") as folder:
        for run in range(runs + 1):
            copy = _copy(data, Path(folder) / f"run{run}" / data.name)
            done = subprocess.run([sys.executable, "-c", _CHILD_CPU, str(copy), today.isoformat()],
                                  capture_output=True, text=True, env=_environment(), cwd=ROOT)
            if done.returncode:
                raise SystemExit(f"Working Today out failed: {done.stderr[-2000:]}")
            if run:
                samples.append(float(done.stdout))
    return samples


def cpu_line(samples: list[float]) -> str:
    return (f"  working Today out, CPU time   {statistics.median(samples) * 1000:5.0f} ms "
            f"[{min(samples) * 1000:.0f}-{max(samples) * 1000:.0f}]   (the second process, fork to answer)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a data file with a current student")
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 26))
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    print("\n".join(measure(args.data, args.date, args.pairs).lines()))
    print(cpu_line(second_process_cpu(args.data, args.date, args.pairs)))

if __name__ == "__main__":
    main()
