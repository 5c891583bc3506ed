"""The `reintegrate` command: the app, and the non-interactive commands beside it.

This is the boundary where the real date is read (`date.today()`, unless `--date`
says otherwise) and where every expected problem becomes a message on stderr and an
exit code (2: the command was not understood; 1: a problem with the data) instead of
a traceback. The Textual app is imported only when it is about to run, so `status`,
`export` and `import` never load textual or rich.
"""

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

from reintegrate import __version__
from reintegrate.exchange import EXPORT_FORMATS, ImportRejected, read_export, record_count, summarise
from reintegrate.models import Student
from reintegrate.paths import default_data_file
from reintegrate.status import render_status, status_data
from reintegrate.store import Store, StoreError, atomic_write

USAGE_ERROR = 2
DATA_PROBLEM = 1


class Failure(Exception):
    """A problem to report on stderr, worded for the person at the keyboard."""

    def __init__(self, message: str, code: int = DATA_PROBLEM):
        self.code = code
        super().__init__(message)


# --- arguments -------------------------------------------------------------------------


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date reintegrate understands; write it as YYYY-MM-DD, for example 2026-11-26"
        ) from None


def _shared_options() -> argparse.ArgumentParser:
    """--data, --demo and --date, accepted before or after the command.

    Defaults are suppressed so that a value given before the command is not reset by
    the command's own parser; `_options` fills in the real defaults.
    """
    shared = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    shared.add_argument(
        "--data", metavar="PATH", type=Path,
        help=f"the data file to use (default: {_default_file_label()})",
    )
    shared.add_argument(
        "--demo", action="store_true",
        help="use a demo household in a new temporary file; your own records are not touched",
    )
    shared.add_argument(
        "--date", metavar="YYYY-MM-DD", type=parse_date,
        help="act as if today were this date (to record a forgotten day, or for reproducible output)",
    )
    return shared


def _default_file_label() -> str:
    try:
        return str(default_data_file())
    except Exception:  # the help must show even if the data folder cannot be worked out
        return "a file in your user data folder"


def build_parser() -> argparse.ArgumentParser:
    shared = _shared_options()
    parser = argparse.ArgumentParser(
        prog="reintegrate",
        parents=[shared],
        description=(
            "A calm companion for a family working through school refusal: a ladder of small "
            "steps back into school, a record of how each one went, and the data a school team "
            "needs. With no command, opens the app on today's step."
        ),
        epilog="Run 'reintegrate COMMAND --help' for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"reintegrate {__version__}")
    parser.set_defaults(run=_run_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    status = commands.add_parser(
        "status", parents=[shared], help="print today's step and recent attempts, without opening the app",
        description="Print today's step, whether today is a school day, recent attempts and anything "
        "the school has not answered. The JSON keys are listed in docs/data-format.md.",
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    status.add_argument("--student", metavar="NAME", help="the student to show (default: the one last opened)")
    status.set_defaults(run=_run_status)

    export = commands.add_parser(
        "export", parents=[shared], help="write every record out, for a backup, another computer or the team",
        description="Write the household's records. 'json' is the versioned format described in "
        "docs/data-format.md, which 'reintegrate import' reads back.",
    )
    export.add_argument(
        "--format", choices=sorted(EXPORT_FORMATS), default="json",
        help="; ".join(f"{f.name}: {f.description}" for f in EXPORT_FORMATS.values()),
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (readable only by you) instead of the screen")
    export.add_argument("--student", metavar="NAME", help="only this student's records")
    export.set_defaults(run=_run_export)

    imp = commands.add_parser(
        "import", parents=[shared], help="read records from a JSON export, checking every one first",
        description="Read a file written by 'reintegrate export --format json'. Every record is checked "
        "first; if any is not valid, nothing is written and each problem is listed.",
    )
    imp.add_argument("file", metavar="FILE", type=Path, help="the export to read")
    imp.add_argument("--replace", action="store_true", help="replace the records already in the data file")
    imp.add_argument("--check", action="store_true", help="only check the file; write nothing")
    imp.set_defaults(run=_run_import)
    return parser


def _options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> argparse.Namespace:
    for name, default in (("data", None), ("demo", False), ("date", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    if args.demo and args.data is not None:
        parser.error("choose either --demo or --data, not both")
    if args.demo and args.run is _run_import:
        parser.error("--demo uses a throwaway household; there is nothing to import into")
    return args


# --- entry point -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = _options(parser.parse_args(argv), parser)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    today = args.date or date.today()
    try:
        return args.run(args, today)
    except (Failure, StoreError) as exc:
        _say(str(exc))
        return exc.code if isinstance(exc, Failure) else DATA_PROBLEM
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reintegrate export | head`: the reader has gone; nothing to say
        _silence_stdout()
        return DATA_PROBLEM
    except Exception as exc:  # never a traceback for the family; REINTEGRATE_DEBUG shows it
        if os.environ.get("REINTEGRATE_DEBUG"):
            raise
        _say(
            f"reintegrate stopped because of an unexpected problem ({type(exc).__name__}). "
            "Everything saved before it is safe. Set REINTEGRATE_DEBUG=1 to see the details."
        )
        return DATA_PROBLEM


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _silence_stdout() -> None:
    """Stop Python complaining at exit about output it can no longer flush."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


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
    with Store.open(path, today=today) as store, store.batch():
        store.replace_all(household)
        store.set_meta("current_student_id", household.students[0].id)


def _open_to_read(path: Path, today: date, *, verify: bool = True) -> Store:
    """Open without taking the lock: reading works while the app has the file open."""
    if not path.exists():
        raise Failure(f"There is no data file at {path} yet. Run 'reintegrate' to set one up, or choose one with --data.")
    return Store.open(path, read_only=True, today=today, verify=verify)


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
    with _data_file(args, today) as path, Store.open(path, today=today) as store:
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
        student_id = choose_student(store, args.student).id if args.student else None
        household = store.household(student_id)
        text = fmt.render(household, today)
        if args.output in (None, "-"):
            sys.stdout.write(text)
            return 0
        target = Path(args.output).expanduser()
        if target.absolute() == path.absolute() or (target.exists() and target.samefile(path)):
            raise Failure(f"{target} is the data file itself; choose another name for the export.")
    try:
        atomic_write(target.absolute(), text.encode("utf-8"))
        os.chmod(target, 0o600)  # family records: owner-only, whatever the umask
    except OSError as exc:
        raise Failure(f"Could not write {target}: {exc.strerror or exc}.") from None
    _say(f"Exported {summarise(household)} to {target}.")
    return 0


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
    with _data_file(args, today) as path, Store.open(path, today=today) as store:
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
