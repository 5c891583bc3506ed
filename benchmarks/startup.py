"""How long a parent waits for today's step, measured from outside the process.

Each run starts the real command, `python -m reintegrate --data FILE --date DATE` (the
code path of the `reintegrate` command, store checks and all), in a fresh tmux session
of 80x24, and polls the screen every 5 ms until "Today's step" is on it. The bare
Textual app (`benchmarks/bare_app.py`: a header, one line, a footer) is run the same
way until its line shows. The two alternate, pair after pair, after one warm-up pair
that is not counted (it also writes the bytecode cache, as installing does), so a
machine busy with other work slows both alike.

Each reintegrate run gets a fresh copy of the data file (no lock, no backup folder).
Two ways, both printed by `python -m benchmarks`: `kept=False` puts each copy in a new
folder, so nothing is kept from before (the first time the app sees these bytes:
Today is worked out in a child process while Textual starts); `kept=True` copies over
the same file in one folder, where the run before kept Today's words for these bytes
(`screens.today_cache`: every morning after the app was last used on the file).
tmux runs on a private socket, so a tmux the user has open is neither used nor touched.
`python -m benchmarks.startup FILE [--pairs N]` measures one file; `python -m
benchmarks` measures both synthetic households. Prints figures; asserts nothing.
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

ROOT = Path(__file__).resolve().parent.parent
OURS_SHOWN = "Today's step"
POLL_SECONDS = 0.005
GIVE_UP_SECONDS = 30.0


@dataclass
class Pairs:
    ours: list[float]
    bare: list[float]
    label: str = "today's step"

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.bare)

    def lines(self) -> list[str]:
        def figure(samples: list[float]) -> str:
            return (f"{statistics.median(samples) * 1000:5.0f} ms "
                    f"[{min(samples) * 1000:.0f}-{max(samples) * 1000:.0f}]")

        return [
            f"  first paint, bare Textual app  {figure(self.bare)}",
            f"  first paint, {self.label:<17}{figure(self.ours)}   ratio {self.ratio:.2f}"
            f"   ({len(self.ours)} pairs)",
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


def measure(data: Path, today: date, pairs: int, *, kept: bool = False) -> Pairs:
    """`pairs` alternating runs of the bare app and of reintegrate on a copy of `data`
    (with Today's words kept by the run before when `kept`)."""
    if shutil.which("tmux") is None:
        raise SystemExit("The start-up benchmark needs tmux (apt install tmux).")
    bare_command = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
    result = Pairs([], [], "words kept" if kept else "worked out")
    with tempfile.TemporaryDirectory(prefix="reintegrate-paint-") as folder:
        for run in range(pairs + 1):
            copy = Path(folder) / ("kept" if kept else f"run{run}") / data.name
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(data, copy)
            shutil.rmtree(copy.parent / f"{copy.stem}-backups", ignore_errors=True)
            ours_command = [sys.executable, "-m", "reintegrate", "--data", str(copy),
                            "--date", today.isoformat()]
            socket = f"reintegrate-bench-{os.getpid()}-{run}"
            bare = first_paint(bare_command, LINE, socket + "-bare")
            ours = first_paint(ours_command, OURS_SHOWN, socket + "-ours")
            if run:  # the first pair warms the disk cache and the bytecode cache
                result.bare.append(bare)
                result.ours.append(ours)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a data file with a current student")
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 26))
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    for kept in (False, True):
        print("\n".join(measure(args.data, args.date, args.pairs, kept=kept).lines()))


if __name__ == "__main__":
    main()
