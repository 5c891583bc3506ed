"""What each command does, once its arguments are understood: open the data file,
ask the core, print or write the result. Every expected problem is a `Failure`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from reintegrate.models import Student
from reintegrate.schooldays import long_date
from reintegrate.store import Store
from reintegrate.store.exchange import (
    EXPORT_FORMATS,
    ExportRequest,
    ImportRejected,
    record_count,
    summarise,
)
from reintegrate.store.files import OutputExists, OutputRefused, check_data_path, output_problem, write_private
from reintegrate.store.paths import default_data_file

# Each command imports what only it needs (statistics, letters, reports, the export
# format) when it runs: opening the app, the common case, must not wait for them.

USAGE_ERROR = 2
DATA_PROBLEM = 1


class Failure(Exception):
    """A problem to report on stderr, worded for the person at the keyboard."""

    def __init__(self, message: str, code: int = DATA_PROBLEM):
        self.code = code
        super().__init__(message)


def _say(message: str) -> None:
    print(terminal_text(message), file=sys.stderr)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def terminal_text(text: str) -> str:
    """`text` with terminal control characters shown as '?'; tabs and line ends kept.

    Records cannot hold them (the models refuse them), but a path, an id or a file from
    elsewhere can: one escape sequence on the screen can retitle or garble a terminal.
    """
    return _CONTROLS.sub("?", text)


def _print(text: str) -> None:
    sys.stdout.write(terminal_text(text))


@contextmanager
def _data_file(args: argparse.Namespace, today: date) -> Iterator[Path]:
    """The file the command works on: --data, the default one, or a new demo file."""
    if not args.demo:
        yield (args.data or default_data_file()).expanduser()
        return
    remove_stale_demos()
    folder = Path(tempfile.mkdtemp(prefix=f"{DEMO_PREFIX}{os.getpid()}-"))  # created 0700
    restore = _remove_on_signals(folder)
    try:
        path = folder / "demo.json"
        write_demo(path, today)
        _say(f"Demo household in a temporary file: {path} (removed when reintegrate ends).")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        restore()


DEMO_PREFIX = "reintegrate-demo-"
_ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _remove_on_signals(folder: Path):
    """Remove the demo folder when the process is told to end (SIGTERM) or its terminal
    closes (SIGHUP), then end as the signal asks. Returns what puts the old handlers back.
    A signal someone chose to ignore (nohup) stays ignored."""
    previous = {}

    def end(signum, frame) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signum, previous.get(signum, signal.SIG_DFL))
        os.kill(os.getpid(), signum)

    for signum in _ENDING_SIGNALS:
        try:
            if signal.getsignal(signum) != signal.SIG_IGN:
                previous[signum] = signal.signal(signum, end)
        except ValueError:  # not the main thread: the caller handles its own signals
            pass

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def remove_stale_demos() -> None:
    """Remove demo folders of this user whose reintegrate has gone (killed with SIGKILL,
    or a power cut): each holds a whole demo household. Another demo running now keeps
    its folder; the process id in the name says whose it is."""
    root = Path(tempfile.gettempdir())
    try:
        found = list(root.glob(f"{DEMO_PREFIX}*"))
    except OSError:
        return
    for folder in found:
        try:
            info = folder.lstat()
            owner_pid = int(folder.name[len(DEMO_PREFIX):].split("-", 1)[0])
        except (OSError, ValueError):
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or _running(owner_pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: not ours to judge
    return True


def write_demo(path: Path, today: date) -> None:
    from reintegrate.demo import demo_household

    household = demo_household(today)
    with Store.open(path) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)


def _require_file(path: Path) -> Path:
    check_data_path(path)  # a link to nowhere or a loop: said as the app says it
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
    # The whole file is read, parsed and its layout checked here, and the records Today
    # shows are validated; everyone else's are validated by the app in a worker right
    # after the first paint (and before any save, which checks first).
    with _data_file(args, today) as path, Store.open(path, verify=False) as store:
        _check_current_student(store)
        try:
            from screens.app import make_app
        except ImportError as exc:
            raise Failure(f"The app's screens could not be loaded ({exc}). Try reinstalling reintegrate.") from None
        from reintegrate.keymap import keymap_file, read_keymap

        demo = args.demo or args.shown_as_demo
        # A real file keeps Today's words for its next first paint (screens.today_cache).
        app = make_app(store, today, demo=demo, keymap=read_keymap(keymap_file()), keep_today=not demo)
        app.run()
        code = getattr(app, "return_code", 0)
        return code if isinstance(code, int) else 0


def _check_current_student(store: Store) -> None:
    """Validate the current student's attempts and days now: a bad one is reported here,
    before the app opens, like any other damage."""
    if store.students():
        student = choose_student(store, None)
        store.attempts(student.id)
        store.days(student.id)


def _run_status(args: argparse.Namespace, today: date) -> int:
    # Every record is checked, as the app checks them: a file the app refuses must not
    # be reported as fine (exit 0) by the command a script or a therapist relies on.
    from reintegrate.cli.status import render_status, status_data

    with _data_file(args, today) as path, _open_to_read(path, today) as store:
        data = status_data(store, choose_student(store, args.student), today)
    if args.json:
        _print(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print(render_status(data) + "\n")
    return 0


def _run_export(args: argparse.Namespace, today: date) -> int:
    from reintegrate.documents.formats import RangeProblem
    from reintegrate.store.exchange import summarise

    fmt = EXPORT_FORMATS[args.format]
    encrypt = getattr(args, "encrypt", False)
    with _data_file(args, today) as path, _open_to_read(path, today) as store:
        student = None
        if args.student or fmt.per_student:
            student = choose_student(store, args.student)
            if fmt.per_student and not args.student and len(store.students()) > 1:
                _say(f"A report about {student.name}; choose another student with --student NAME.")
        household = store.household(student.id if student else None)
        request = ExportRequest(household, today, student, args.start, args.end)
        # Where it goes is checked before a passphrase is asked: typing it twice to hear
        # that the file already exists would be one step too many.
        target = _output_target(args, path)
        passphrase = _export_passphrase(args, target) if encrypt else None
        try:
            text = fmt.render(request)
        except RangeProblem as exc:
            raise Failure(str(exc), USAGE_ERROR) from None
    if target is None:
        _print(text)
        return 0
    if passphrase is not None:
        _write_encrypted(target, text, passphrase, args, path)
        what = summarise(household) if not fmt.per_student else f"the {fmt.label} for {student.name}"
        _say(f"Exported {what} to {target}, encrypted with the passphrase. Keep the passphrase "
             "apart from the file: without it, nobody can open the file, you included.")
        return 0
    _write_output(target, text, args, path)
    if fmt.name == "csv" and student is not None:  # the privacy notice, outside the table
        from reintegrate.documents.reports import csv_readme, csv_readme_path

        _write_output(csv_readme_path(target), csv_readme(student), args, path)
    what = summarise(household) if not fmt.per_student else f"the {fmt.label} for {student.name}"
    _say(f"Exported {what} to {target}.")
    return 0


def _export_passphrase(args: argparse.Namespace, target: Path | None) -> str:
    from reintegrate.cli.passphrase import passphrase_for_encrypting

    if target is None:  # refused with the options already: never an encrypted file on the screen
        raise Failure("--encrypt writes a file: add -o FILE.age.", USAGE_ERROR)
    if target.suffix != ".age":
        _say(f"Note: {target.name} will be encrypted, but its name does not end in .age, the name other "
             "tools (and you, later) know an encrypted file by.")
    return passphrase_for_encrypting(args, target.name)


def _write_encrypted(target: Path, text: str, passphrase: str, args: argparse.Namespace, data_path: Path) -> None:
    """Encrypt in memory, then write through the one guarded writer: not one plain byte
    of the export reaches the disk."""
    from reintegrate import agefile

    try:
        sealed = agefile.encrypt_with_passphrase(text.encode("utf-8"), passphrase)
    except agefile.AgeFileError as exc:
        raise Failure(f"{exc} Nothing was written.") from None
    _write_output(target, sealed, args, data_path)


def _run_letter(args: argparse.Namespace, today: date) -> int:
    from reintegrate.contacts import request_to_follow_up
    from reintegrate.documents.formats import planner_values
    from reintegrate.documents.letters import LetterInput, default_recipient, render_letter, to_contact

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
                contacts=household.contacts, barriers=household.barriers, to_name=args.to_name or "",
                within_school_days=args.within, supports=args.supports,
                next_days=plan["next_days"], next_days_follow=plan["next_days_follow"],
                matched_supports=plan["supports_to_try"], review_reasons=plan["review_reasons"],
            )
            try:
                if args.kind == "follow_up":  # the request chosen by --about, or by --to's person
                    inp = dataclasses.replace(inp, follow_up_on=request_to_follow_up(
                        household.contacts, inp.school_days, today, about=args.about or "",
                        person=args.to_name or ""))
                if args.to_name is None:  # as the app's letter screen starts: `--to ""` greets the team
                    inp = dataclasses.replace(inp, to_name=default_recipient(args.kind, inp))
                letter = render_letter(args.kind, inp)
            except ValueError as exc:
                raise Failure(str(exc)) from None
            target = _output_target(args, path)
            if target is None:
                _print(letter.text)
            else:
                _write_output(target, letter.text, args, path)
                _say(f"Wrote the letter '{letter.title}' to {target}.")
            if args.log:
                store.put(to_contact(letter))
                due = f", with an answer due by {long_date(letter.due_on)}" if letter.due_on else ""
                _say(f"Logged in the contact log as sent today{due}.")
    return 0


def _output_target(args: argparse.Namespace, data_path: Path) -> Path | None:
    """Where -o points (None: the screen), checked before anything is written or logged:
    never the data file, its lock, its temporaries or its backups, and an existing file
    only with --force."""
    if args.output in (None, "-"):
        return None
    target = Path(args.output).expanduser()
    problem = output_problem(target, data_path)
    if problem:
        raise Failure(problem)
    if os.path.lexists(target) and not args.force:
        raise Failure(f"{target} already exists. To replace it, run the same command with --force.")
    return target


def _write_output(target: Path, content: str | bytes, args: argparse.Namespace, data_path: Path) -> None:
    try:
        write_private(target, content, data_file=data_path, replace=args.force)
    except OutputExists:
        raise Failure(f"{target} already exists. To replace it, run the same command with --force.") from None
    except OutputRefused as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"Could not write {target}: {exc.strerror or exc}.") from None


def _read_export_file(source: Path, verb: str, args: argparse.Namespace, *, data_file: bool = False):
    """The export in `source`, every record checked; a Failure naming each problem.

    The one road for plain and encrypted exports: what the file holds decides (an age
    file starts with its own line, whatever the file is called), and an encrypted one
    asks for its passphrase once (or reads --passphrase-file). With `data_file` (merge),
    a plain data file copied from another computer is read too (`read_to_merge`); else
    one is refused with the command that exports it. Nothing is written before this
    returns.
    """
    from reintegrate.agefile import is_age
    from reintegrate.store.exchange import (
        DataFileGiven,
        data_file_not_export,
        read_export,
        read_export_bytes,
        read_to_merge,
    )

    try:
        raw = read_export_bytes(source)
        if is_age(raw):
            return read_export(_decrypt_export(raw, source, verb, args))
        return read_to_merge(source, raw) if data_file else read_export(raw)
    except OSError as exc:
        raise Failure(f"Could not read {source}: {exc.strerror or exc}. Nothing was {verb}.") from None
    except DataFileGiven:
        raise Failure(f"Nothing was {verb}. {data_file_not_export(source)}") from None
    except ImportRejected as exc:
        found = exc.count
        lines = [f"Nothing was {verb}. {found:,} {'problem was' if found == 1 else 'problems were'} found in {source}"
                 + (":" if found == len(exc.problems) else f"; the first {len(exc.problems)}:")]
        lines += [f"  {p}" for p in exc.problems]
        if found > len(exc.problems):
            lines.append(f"  (and {found - len(exc.problems):,} more)")
        raise Failure("\n".join(lines)) from None


def _decrypt_export(raw: bytes, source: Path, verb: str, args: argparse.Namespace) -> bytes:
    from reintegrate import agefile
    from reintegrate.cli.passphrase import passphrase_for_decrypting

    if not agefile.is_for_passphrase(raw):
        raise Failure(
            f"{source} is encrypted to a household key (a shared folder's file), not to a passphrase. "
            f"Nothing was {verb}. A computer that joined the household reads it with 'reintegrate sync now'."
        )
    passphrase = passphrase_for_decrypting(args, source.name)
    try:
        return agefile.decrypt_with_passphrase(raw, passphrase)
    except agefile.AgeFileError as exc:
        raise Failure(f"{exc} Nothing was {verb}.") from None


def _run_import(args: argparse.Namespace, today: date) -> int:
    source: Path = args.file
    household = _read_export_file(source, "imported", args)
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
