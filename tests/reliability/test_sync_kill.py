"""Kill a home mid-way through writing its file to the shared folder: the sync tool must
only ever find the old whole file or the new whole file there, never a torn one.

A child process writes this home's file again and again (`sync.folder.write_home_file`,
the one road a sync takes to the folder), each version a few megabytes so that the
kills land while it is encrypting, writing, fsyncing and renaming. It says on stdout
which version it is about to write and which one has landed. The parent kills it with
SIGKILL after a random delay, then reads the folder as the other home would.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reintegrate import agefile
from reintegrate.sync.folder import home_file_name, list_folder, read_home_file

SEED = 24_2026
KILLS = 15
HOME = "0123456789abcdef"
OTHER = "fedcba9876543210"

CHILD = r"""
import json, sys
from pathlib import Path
from reintegrate.sync.folder import write_home_file
folder, identity = Path(sys.argv[1]), sys.argv[2]
padding = "x" * (3 * 2**20)
for version in range(int(sys.argv[3]), 10**6):
    print(f"start {version}", flush=True)
    plain = json.dumps({"format": "test", "version": version, "padding": padding}).encode()
    write_home_file(folder, "0123456789abcdef", plain, identity)
    print(f"done {version}", flush=True)
"""


def test_a_write_killed_at_any_moment_leaves_the_old_or_the_new_whole_file(tmp_path: Path):
    rng = random.Random(SEED)
    identity = agefile.new_identity()
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / home_file_name(HOME)
    landed: int | None = None
    next_version, mid_write = 0, 0
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), identity, str(next_version)],
                                 stdout=subprocess.PIPE, text=True)
        lines = [child.stdout.readline().strip()]  # it has begun writing
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        lines += [line.strip() for line in child.stdout.read().splitlines()]
        child.stdout.close()
        started = [int(line.split()[1]) for line in lines if line.startswith("start")]
        done = [int(line.split()[1]) for line in lines if line.startswith("done")]
        assert started, "the child never began writing"
        mid_write += started[-1] not in done
        if done:
            landed = done[-1]
        next_version = started[-1] + 1
        if not target.exists():  # killed before the first version landed
            assert landed is None
            continue
        # What the other home finds: the file whole, one of the versions begun.
        raw = target.read_bytes()
        version = json.loads(agefile.decrypt_with(raw, identity))["version"]
        assert version in ((landed, started[-1]) if landed is not None else (started[-1],))
        landed = version
        # Whatever temporary the kill left is not taken for another home's file.
        assert [f.path.name for f in list_folder(folder, OTHER).files] == [target.name]
        assert list_folder(folder, HOME).unfinished == []
    assert mid_write >= KILLS // 3, f"only {mid_write} of {KILLS} kills landed mid-write"
    print(f"{KILLS} kills, {mid_write} mid-write, version {landed} in the folder")


def test_the_reader_skips_a_torn_copy_a_careless_tool_might_leave(tmp_path: Path):
    identity = agefile.new_identity()
    raw = agefile.encrypt_to(b'{"format": "reintegrate-export"}' + b" " * 200_000, identity)
    for cut in (10, len(raw) // 3, len(raw) - 1):
        try:
            read_home_file(raw[:cut], "torn.reintegrate.age", identity)
        except Exception as exc:  # Skipped: said, never a crash
            assert "cut short or damaged" in str(exc) or "not encrypted" in str(exc)
        else:
            raise AssertionError("a torn file was read")
