"""What each command does, once its arguments are understood: open the data file,
ask the core, print or write the result. Every expected problem is a `Failure`."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from reintegrate.cli.status import render_status, status_data
from reintegrate.documents.formats import RangeProblem, planner_values
from reintegrate.documents.letters import LetterInput, render_letter, to_contact
from reintegrate.models import Student
from reintegrate.schooldays import long_date
from reintegrate.store import Store, atomic_write
from reintegrate.store.exchange import (
    EXPORT_FORMATS,
    ExportRequest,
    ImportRejected,
    read_export,
    record_count,
    summarise,
)
from reintegrate.store.paths import default_data_file

USAGE_ERROR = 2
DATA_PROBLEM = 1


class Failure(Exception):
    """A problem to report on stderr, worded for the person at the keyboard."""

    def __init__(self, message: str, code: int = DATA_PROBLEM):
        self.code = code
        super().__init__(message)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


@contextmanager
def _data_file(args: argparse.Namespace, today: date) -> Iterator[Path]:
    """The file the command works on: --data, the default one, or a new demo file."""
    if not args.demo:
        yield (args.data or default_data_file()).expanduser()
        return
    folder = Path(tempfile.mkdtemp(prefix="reintegrate-demo-"))  # created 0700
    try:
        path = folder / "demo.json"
        write_demo(path, today)
        _say(f"Demo household in a temporary file: {path} (removed when reintegrate ends).")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_demo(path: Path, today: date) -> None:
    from reintegrate.demo import demo_household

    household = demo_household(today)
    with Store.open(path) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)


def _require_file(path: Path) -> Path:
    if not path.exists():
        raise Failure(f"There is no data file at {path} yet. Run 'reintegrate' to set one up, or choose one with --data.")
    return path


def _open_to_read(path: Path, today: date, *, verify: bool = True) -> Store:
    """Open without taking the lock: reading works while the app has the file open."""
    return Store.open(_require_file(path), read_only=True, verify=verify)


def choose_student(store: Store, name: str | None) -> Student:
    students = store.students()
    if not students:
        raise Failure(f"There is no student in {store.path} yet. Run 'reintegrate' to set one up.")
    if name:
        wanted = name.strip().casefold()
        found = [s for s in students if s.name.casefold() == wanted or s.id == name]
        if not found:
            names = ", ".join(s.name for s in students)
            raise Failure(f"There is no student called '{name}' in {store.path}. The students are: {names}.")
        return found[0]
    current = store.meta("current_student_id")
    return next((s for s in students if s.id == current), students[0])


# --- commands --------------------------------------------------------------------------


def _run_app(args: argparse.Namespace, today: date) -> int:
    with _data_file(args, today) as path, Store.open(path) as store:
        try:
            from screens.app import make_app
        except ImportError as exc:
            raise Failure(f"The app's screens could not be loaded ({exc}). Try reinstalling reintegrate.") from None
        app = make_app(store, today, demo=args.demo)
        app.run()
        code = getattr(app, "return_code", 0)
        return code if isinstance(code, int) else 0


def _run_status(args: argparse.Namespace, today: date) -> int:
    with _data_file(args, today) as path, _open_to_read(path, today, verify=False) as store:
        data = status_data(store, choose_student(store, args.student), today)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_status(data))
    return 0


def _run_export(args: argparse.Namespace, today: date) -> int:
    fmt = EXPORT_FORMATS[args.format]
    with _data_file(args, today) as path, _open_to_read(path, today) as store:
        student = None
        if args.student or fmt.per_student:
            student = choose_student(store, args.student)
            if fmt.per_student and not args.student and len(store.students()) > 1:
                _say(f"A report about {student.name}; choose another student with --student NAME.")
        household = store.household(student.id if student else None)
        request = ExportRequest(household, today, student, args.start, args.end)
        try:
            text = fmt.render(request)
        except RangeProblem as exc:
            raise Failure(str(exc), USAGE_ERROR) from None
        target = _output_target(args.output, path)
    if target is None:
        sys.stdout.write(text)
        return 0
    write_private(target, text)
    what = summarise(household) if not fmt.per_student else f"the {fmt.label} for {student.name}"
    _say(f"Exported {what} to {target}.")
    return 0


def _run_letter(args: argparse.Namespace, today: date) -> int:
    with _data_file(args, today) as path:
        # --log takes the store's lock before anything is printed: if the app has the
        # file open, the family is told so, not handed a letter the log then misses.
        opened = Store.open(_require_file(path)) if args.log else _open_to_read(path, today)
        with opened as store:
            student = choose_student(store, args.student)
            household = store.household(student.id)
            plan = planner_values(student, household, today)
            inp = LetterInput(
                student=student, today=today, attempts=household.attempts, days=household.days,
                contacts=household.contacts, barriers=household.barriers, to_name=args.to_name,
                within_school_days=args.within, supports=args.supports,
                next_days=plan["next_days"], next_days_follow=plan["next_days_follow"],
                matched_supports=plan["supports_to_try"],
            )
            try:
                letter = render_letter(args.kind, inp)
            except ValueError as exc:
                raise Failure(str(exc)) from None
            target = _output_target(args.output, path)
            if target is None:
                sys.stdout.write(letter.text)
            else:
                write_private(target, letter.text)
                _say(f"Wrote the letter '{letter.title}' to {target}.")
            if args.log:
                store.put(to_contact(letter))
                due = f", with an answer due by {long_date(letter.due_on)}" if letter.due_on else ""
                _say(f"Logged in the contact log as sent today{due}.")
    return 0


def _output_target(output: str | None, data_path: Path) -> Path | None:
    """Where -o points (None: the screen); never the data file itself."""
    if output in (None, "-"):
        return None
    target = Path(output).expanduser()
    if target.absolute() == data_path.absolute() or (target.exists() and target.samefile(data_path)):
        raise Failure(f"{target} is the data file itself; choose another name.")
    return target


def write_private(target: Path, text: str) -> None:
    """Write atomically, readable only by the owner: these are a child's records."""
    try:
        atomic_write(target.absolute(), text.encode("utf-8"))
        os.chmod(target, 0o600)  # whatever the umask, and even over an existing file
    except OSError as exc:
        raise Failure(f"Could not write {target}: {exc.strerror or exc}.") from None


def _run_import(args: argparse.Namespace, today: date) -> int:
    source: Path = args.file
    try:
        raw = source.expanduser().read_bytes()
    except OSError as exc:
        raise Failure(f"Could not read {source}: {exc.strerror or exc}.") from None
    try:
        household = read_export(raw)
    except ImportRejected as exc:
        found = len(exc.problems)
        lines = [f"Nothing was imported. {found} {'problem was' if found == 1 else 'problems were'} found in {source}:"]
        raise Failure("\n".join(lines + [f"  {p}" for p in exc.problems])) from None
    if args.check:
        print(f"{source} can be imported: {summarise(household)}. Nothing was written.")
        return 0
    with _data_file(args, today) as path, Store.open(path) as store:
        existing = store.household()
        if record_count(existing) and not args.replace:
            raise Failure(
                f"{store.path} already holds records ({summarise(existing)}). Importing replaces all of them. "
                "To go ahead, run the same command with --replace; to keep a copy first, "
                "run 'reintegrate export -o FILE'."
            )
        with store.batch():
            store.replace_all(household)
            if household.students:
                store.set_meta("current_student_id", household.students[0].id)
        print(f"Imported {summarise(household)} into {store.path}.")
    return 0
