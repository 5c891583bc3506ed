"""A launcher's child that hangs never freezes the app, and never outlives it holding
the writer's lock.

`reintegrate` forks a child to work Today out while it starts Textual
(`screens.launch`). Here the real command runs in a terminal and its child is stopped
(SIGSTOP) as soon as it exists: Today must still be drawn (worked out in the app) and
q must still close it; and when the app itself is killed, the next window must be able
to open the records at once, whatever became of the stopped child.
"""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from pathlib import Path

import pytest
from terminal_app import AppInTerminal, children, process_state

from reintegrate.cli import write_demo
from reintegrate.store import DataFileLocked, Store
from reintegrate.store.paths import lock_file, today_file

pytestmark = pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                                reason="finds the launcher's child in Linux's /proc")

TODAY = date(2026, 11, 26)


@pytest.fixture
def demo(tmp_path) -> Path:
    path = tmp_path / "family.json"
    write_demo(path, TODAY)
    assert not today_file(path).exists()  # nothing kept: the launcher forks its child
    return path


def start_and_stop_the_child(path: Path, home: Path) -> tuple[AppInTerminal, int]:
    app = AppInTerminal(["--data", str(path), "--date", TODAY.isoformat()], home)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = children(app.pid)
        if found:
            os.kill(found[0], signal.SIGSTOP)
            return app, found[0]
        time.sleep(0.001)
    app.close()
    raise AssertionError("the launcher never forked a child")


def end(pid: int) -> None:
    if process_state(pid) not in (None, "Z"):
        os.kill(pid, signal.SIGKILL)


def test_a_stopped_child_leaves_today_drawn_and_q_working(demo, tmp_path):
    app, child = start_and_stop_the_child(demo, tmp_path)
    try:
        app.read_until("Today's step", 15)
        assert process_state(child) in (None, "Z")  # killed and reaped, not left stopped
        app.read_until("Record", 5)  # the footer: the app is running, not waiting
        app.press("q")
        assert app.wait(10) == 0
    finally:
        app.close()
        end(child)
    with Store.open(demo) as store:  # the lock was let go
        assert store.students()


def holds_the_lock(pid: int, path: Path) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    links = []
    for fd in fds:
        try:
            links.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            pass
    return str(lock_file(path)) in links


def test_a_stopped_child_never_keeps_the_lock_when_the_app_is_killed(demo, tmp_path):
    app, child = start_and_stop_the_child(demo, tmp_path)
    try:
        app.process.kill()
        app.process.wait()
        deadline = time.monotonic() + 2
        while True:
            try:
                Store.open(demo, read_only=False).close()  # the next morning's window
                break
            except DataFileLocked:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert not holds_the_lock(child, demo)
        # Let it run again: it ends without doing anything more (its parent is gone).
        if process_state(child) not in (None, "Z"):
            os.kill(child, signal.SIGCONT)
        deadline = time.monotonic() + 5
        while process_state(child) not in (None, "Z") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process_state(child) in (None, "Z")
        assert not today_file(demo).exists()  # nothing kept by an orphan
    finally:
        app.close()
        end(child)


@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "looking"])
def test_an_ended_child_is_reaped_as_it_ends_and_a_stuck_one_is_left_at_the_deadline(pidfd, monkeypatch):
    """`reap` returns as soon as the child has ended (not at the next look a few
    milliseconds on: the answered child ends while the first paint waits), and gives
    up at its deadline on a child that does not end, with or without a pidfd."""
    from screens.processes import reap

    if not pidfd:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    ending = os.fork()
    if ending == 0:
        time.sleep(0.05)
        os._exit(0)
    started = time.monotonic()
    reap(ending, within=5.0)
    assert time.monotonic() - started < 1.0
    with pytest.raises(ChildProcessError):
        os.waitpid(ending, os.WNOHANG)  # reaped: nothing left to wait for
    stuck = os.fork()
    if stuck == 0:
        signal.pause()
        os._exit(0)
    try:
        started = time.monotonic()
        reap(stuck, within=0.2)
        assert 0.2 <= time.monotonic() - started < 2.0
        assert process_state(stuck) not in (None, "Z")  # left to the caller, still there
    finally:
        os.kill(stuck, signal.SIGKILL)
        os.waitpid(stuck, 0)
    reap(stuck, within=0.2)  # reaped already: returns at once


@pytest.mark.parametrize("how", ["the launcher is killed", "the launcher stops listening"])
def test_a_working_child_leaves_the_moment_nobody_can_hear_its_answer(how, tmp_path):
    """The child leaves by itself when its launcher dies, even killed with no chance to
    clean up, or closes the pipe it would have read the answer from (`leave_with`)."""
    from screens.processes import leave_with

    told = tmp_path / "child"
    launcher = os.fork()
    if launcher == 0:  # stands in for the launcher: forks the child, then waits
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(reader)
            leave_with(writer)
            time.sleep(60)  # working Today out, for as long as it takes
            os._exit(0)
        os.close(writer)
        told.write_text(str(child))
        if how == "the launcher stops listening":
            time.sleep(0.3)
            os.close(reader)
        time.sleep(60)
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while not told.exists() or not told.read_text():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        child = int(told.read_text())
        assert process_state(child) not in (None, "Z")  # at work
        if how == "the launcher is killed":
            os.kill(launcher, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while process_state(child) not in (None, "Z") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process_state(child) in (None, "Z")
    finally:
        end(launcher)
        os.waitpid(launcher, 0)
