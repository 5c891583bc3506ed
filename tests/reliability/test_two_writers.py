"""One writer at a time, across processes: the app open in one terminal and a second
app, or a command line import, in another. The second is told clearly; nobody's
save is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from households import CHILD_NAME, TODAY, make_attempt, make_student

from reintegrate.models import Attempt, Contact
from reintegrate.store import ChangedElsewhere, DataFileLocked, ReadOnlyStore, Store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _in_child(work) -> str:
    """Run `work` in a forked process; return what it wrote to the pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            os.write(write, work().encode())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            os.write(write, f"raised {type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def test_a_second_process_is_refused_and_the_first_loses_nothing(tmp_path):
    path = tmp_path / "family" / "reintegrate.json"
    student = make_student()
    first = Store.open(path, today=TODAY)
    first.put(student)
    saved = []

    for n in range(5):
        def second_writer() -> str:
            with Store.open(path, today=TODAY):
                return "opened"

        said = _in_child(second_writer)
        assert said.startswith("raised DataFileLocked: "), said
        assert f"The data file {path} is already open in another reintegrate window." in said
        assert CHILD_NAME not in said

        attempt = make_attempt(student, on=TODAY + timedelta(n))
        first.put(attempt)
        saved.append(attempt)

    def reader() -> str:
        with Store.open(path, read_only=True, today=TODAY) as store:
            names = [s.name for s in store.students()]
            try:
                store.put(make_attempt(student))
            except ReadOnlyStore:
                return f"{names} {len(store.attempts(student.id))} read-only"
            return "wrote!"

    assert _in_child(reader) == f"{[CHILD_NAME]} 5 read-only"
    first.close()
    with Store.open(path, today=TODAY) as again:
        assert again.attempts(student.id) == saved


def test_writers_taking_turns_never_lose_an_update(tmp_path):
    # Four processes each save ten attempts, opening and closing the store around
    # each save and waiting their turn when it is locked, as a parent's window and
    # a school helper's import might. Every save must be in the final file.
    path = tmp_path / "family" / "reintegrate.json"
    student = make_student()
    with Store.open(path, today=TODAY) as store:
        store.put(student)
    writers, saves = 4, 10

    def writer(number: int) -> str:
        refused = 0
        for n in range(saves):
            while True:
                try:
                    store = Store.open(path, today=TODAY)
                    break
                except DataFileLocked:
                    refused += 1
                    time.sleep(0.001)
            with store:
                store.put(make_attempt(student, notes=f"writer {number} save {n}"))
        return f"done {refused}"

    pids = []
    for number in range(writers):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read)
                os.write(write, writer(number).encode())
            except BaseException as exc:  # noqa: BLE001
                os.write(write, f"raised {exc!r}".encode())
            finally:
                os._exit(0)
        os.close(write)
        pids.append((pid, read))
    reports = []
    for pid, read in pids:
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        os.waitpid(pid, 0)
        reports.append(b"".join(chunks).decode())
    assert all(r.startswith("done") for r in reports), reports

    with Store.open(path, today=TODAY) as store:
        notes = sorted(a.notes for a in store.all(Attempt))
    assert notes == sorted(f"writer {w} save {n}" for w in range(writers) for n in range(saves))


def test_a_reader_opened_before_a_save_cannot_write_its_stale_view_back(tmp_path):
    path: Path = tmp_path / "family" / "reintegrate.json"
    student = make_student()
    with Store.open(path, today=TODAY) as writer:
        writer.put(student)
        stale = Store.open(path, read_only=True, today=TODAY)
        writer.put(make_attempt(student))
    with pytest.raises(ReadOnlyStore):
        stale.replace_all(stale.household())
    with Store.open(path, today=TODAY) as again:
        assert len(again.attempts(student.id)) == 1


def test_a_copy_changed_by_the_command_line_and_moved_back_is_never_undone(tmp_path):
    # The attack: with the app open, copy the file, log a letter in the copy with the
    # real command (in another process), move the copy back, save in the app.
    path = tmp_path / "family" / "reintegrate.json"
    student = make_student()
    app = Store.open(path, today=TODAY)
    app.put(student)
    copy = path.with_name("copy.json")
    shutil.copyfile(path, copy)
    done = subprocess.run(
        [sys.executable, "-m", "reintegrate", "letter", "request_meeting", "--log", "--data", str(copy),
         "-o", str(tmp_path / "letter.md")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "REINTEGRATE_DATA": str(copy)},
    )
    assert done.returncode == 0, done.stderr
    os.replace(copy, path)
    theirs = path.read_bytes()
    try:
        with pytest.raises(ChangedElsewhere):
            app.put(make_attempt(student))
        assert path.read_bytes() == theirs
        app.reload()
        [contact] = app.all(Contact)
        app.put(make_attempt(student))
    finally:
        app.close()
    with Store.open(path, read_only=True, today=TODAY) as again:
        assert [c.id for c in again.all(Contact)] == [contact.id]
        assert len(again.attempts(student.id)) == 1
