"""The `reintegrate` command: the app, and the non-interactive commands beside it.

This is the boundary where the real date is read (`date.today()`, unless `--date`
says otherwise) and where every expected problem becomes a message on stderr and an
exit code (2: the command was not understood; 1: a problem with the data) instead of
a traceback. The Textual app is imported only when it is about to run, so `status`,
`export`, `letter` and `import` never load textual or rich.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from reintegrate import __version__
from reintegrate.cli.calendar_command import _run_calendar
from reintegrate.cli.commands import (  # noqa: F401 (write_demo: used by tests and the benchmark)
    DATA_PROBLEM,
    USAGE_ERROR,
    Failure,
    _run_app,
    _run_export,
    _run_import,
    _run_letter,
    _run_status,
    _say,
    choose_student,
    write_demo,
)
from reintegrate.cli.merge_command import _run_merge
from reintegrate.cli.passphrase import add_passphrase_option
from reintegrate.cli.serve_command import _run_serve
from reintegrate.cli.sync_command import _run_sync, add_sync_parser
from reintegrate.documents.formats import register_report_formats
from reintegrate.documents.letter_kinds import LETTER_KINDS, SUPPORTS, table_supports
from reintegrate.store import StoreError
from reintegrate.store.exchange import EXPORT_FORMATS
from reintegrate.store.paths import default_data_file

# --- arguments -------------------------------------------------------------------------


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date reintegrate understands; write it as YYYY-MM-DD, for example 2026-11-26"
        ) from None


def letter_kind(text: str) -> str:
    kind = text.strip().lower().replace("-", "_")
    if kind not in LETTER_KINDS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a kind of letter; choose one of: {', '.join(LETTER_KINDS)}"
        )
    return kind


def school_day_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= 60:
        raise argparse.ArgumentTypeError(f"'{text}' should be a number of school days from 1 to 60")
    return count


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number; choose one from 1024 to 65535, or 0 for any free one")
    return port


def accepted_supports() -> str:
    """Every support `letter request_supports --supports` accepts, in one sentence."""
    return (f"{', '.join(SUPPORTS)}, or one the app suggests that the school arranges "
            f"({'; '.join(table_supports('school'))}), or any other words")


def support_list(text: str) -> list[str]:
    """'flexible arrival, safe-space' -> ['flexible_arrival', 'safe_space']; words that
    are not one of the listed supports are kept as written and asked for as they are.
    A support carried out at home is not asked of the school: refused, with every
    support accepted (the letter says those kept at home as what the family does)."""
    chosen = []
    for part in text.split(","):
        words = " ".join(part.split())
        key = words.lower().replace(" ", "_").replace("-", "_")
        if words:
            chosen.append(key if key in SUPPORTS else words)
    if not chosen:
        raise argparse.ArgumentTypeError("name at least one support, separated by commas")
    from reintegrate.why.supports import is_home_side

    home = [s for s in chosen if s not in SUPPORTS and is_home_side(s)]
    if home:
        raise argparse.ArgumentTypeError(
            f"{', '.join(repr(s) for s in home)} {'is' if len(home) == 1 else 'are'} carried out at home, "
            "not asked of the school (keep supports at home in the app: the letter then says what the "
            f"family is doing at home); name supports the school arranges: {accepted_supports()}")
    return chosen


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
    register_report_formats()  # md, html and csv; their code loads only when used
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
    # Set by `serve` for the app in each browser tab when the file is a demo household.
    parser.add_argument("--shown-as-demo", action="store_true", help=argparse.SUPPRESS)
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
        "export", parents=[shared], help="write the records out: a backup, or a progress report for the team",
        description="Write the household's records. 'json' is the versioned format described in "
        "docs/data-format.md, which 'reintegrate import' reads back. 'md', 'html' and 'csv' are "
        "progress reports about one student, covering the current plan unless --from or --to "
        "say otherwise; each holds sensitive information about a child.",
    )
    export.add_argument(
        "--format", choices=sorted(EXPORT_FORMATS), default="json",
        help="; ".join(f"{f.name}: {f.description}" for f in EXPORT_FORMATS.values()),
    )
    export.add_argument("--from", dest="start", metavar="DATE", type=parse_date,
                        help="a report starts on this date (YYYY-MM-DD; default: the plan's start)")
    export.add_argument("--to", dest="end", metavar="DATE", type=parse_date,
                        help="a report ends on this date (YYYY-MM-DD; default: today)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (readable only by you) instead of the screen")
    export.add_argument("--force", action="store_true", help="with -o, replace FILE if it already exists")
    export.add_argument("--student", metavar="NAME",
                        help="only this student's records; a report is about this student (default: the one last opened)")
    export.add_argument("--encrypt", action="store_true",
                        help="with -o FILE.age: encrypt what is written with a passphrase (asked twice), in the age "
                        "format, for a USB stick or the therapist; 'merge' and 'import' read an encrypted json export "
                        "back (not --format csv)")
    add_passphrase_option(export, purpose="--encrypt")
    export.set_defaults(run=_run_export)

    kinds = "\n".join(f"  {kind:<24} {title}" for kind, title in LETTER_KINDS.items())
    letter = commands.add_parser(
        "letter", parents=[shared], help="print a letter to the school, filled from the records",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Print one letter to the school, ready to paste into an email. It quotes "
        "the records and asks for an answer within a number of school days.",
        epilog=f"Kinds of letter:\n{kinds}\n\nSupports for request_supports: {accepted_supports()}. "
        "Supports carried out at home are not asked of the school; the letter says those kept at home.",
    )
    letter.add_argument("kind", metavar="KIND", type=letter_kind, help="which letter (listed below)")
    letter.add_argument("--to", dest="to_name", metavar="NAME", default=None,
                        help="who it is addressed to; a name from the school's staff list brings their role "
                             "(default: as the app starts: for a follow-up, whoever the request went to, "
                             "else the first of the school's staff; --to '' greets the school's team)")
    letter.add_argument("--about", metavar="ID", default=None,
                        help="for follow_up: the request to follow up, by the id of any contact in its thread "
                             "(`status --json` lists them under waiting_on_school; default: the longest overdue "
                             "request, or with --to the longest overdue one that went to that person)")
    letter.add_argument("--within", metavar="N", type=school_day_count, default=5,
                        help="ask for an answer within N school days (default: 5)")
    letter.add_argument("--supports", metavar="A,B", type=support_list, default=[],
                        help="for request_supports: the supports to ask the school for, separated by commas "
                             "(default: those matched to why school is hard, else all, to discuss); listed below")
    letter.add_argument("--student", metavar="NAME", help="the student it is about (default: the one last opened)")
    letter.add_argument("-o", "--output", metavar="FILE", help="write to FILE (readable only by you) instead of the screen")
    letter.add_argument("--force", action="store_true", help="with -o, replace FILE if it already exists")
    letter.add_argument("--log", action="store_true",
                        help="also record it in the contact log as sent today, with the answer due, so the app reminds you")
    letter.set_defaults(run=_run_letter)

    calendar = commands.add_parser(
        "calendar", parents=[shared], help="write the next school days as a calendar file (.ics)",
        description="Write the next school days as an iCalendar file: one all-day event a school day "
        "with the planned step, its minutes, place and supports, and each answer still due from the "
        "school on its due date. Importing a newer file updates the same events instead of doubling them.",
    )
    calendar.add_argument("-o", "--output", metavar="FILE",
                          help="write to FILE (readable only by you) instead of the screen")
    calendar.add_argument("--days", metavar="N", type=school_day_count, default=None,
                          help="lay out N school days (default: the student's setting, 5 to 10)")
    calendar.add_argument("--student", metavar="NAME", help="the student it is about (default: the one last opened)")
    calendar.add_argument("--force", action="store_true",
                          help="with -o, replace FILE if it already exists (a newer calendar file updates the same events)")
    calendar.set_defaults(run=_run_calendar)

    serve = commands.add_parser(
        "serve", parents=[shared], help="open the app in a web browser on this computer",
        description="Serve the app to a web browser on this computer. It listens on 127.0.0.1 only, "
        "on a free port unless --port says otherwise, and prints the address to open; the address "
        "holds a secret made for this run, and any request without it is refused. Each browser tab "
        "runs its own app on the same data file, which only one window at a time can change.",
    )
    serve.add_argument("--port", metavar="N", type=port_number, default=0,
                       help="listen on this port (default: any free one)")
    serve.add_argument("--host", metavar="ADDRESS", default=None,
                       help="listen on this address instead of 127.0.0.1; other computers may then "
                       "reach it (a warning is printed)")
    serve.set_defaults(run=_run_serve)

    imp = commands.add_parser(
        "import", parents=[shared], help="read records from a JSON export, checking every one first",
        description="Read a file written by 'reintegrate export --format json', encrypted (--encrypt) or not: "
        "an encrypted one asks for its passphrase. Every record is checked "
        "first; if any is not valid, nothing is written and each problem is listed.",
    )
    imp.add_argument("file", metavar="FILE", type=Path, help="the export to read")
    imp.add_argument("--replace", action="store_true", help="replace the records already in the data file")
    imp.add_argument("--check", action="store_true", help="only check the file; write nothing")
    add_passphrase_option(imp, purpose="the export, if it is encrypted,")
    imp.set_defaults(run=_run_import)

    merge = commands.add_parser(
        "merge", parents=[shared], help="bring in the records of an export made on another computer",
        description="Merge a file written by 'reintegrate export --format json' on another computer, encrypted "
        "(--encrypt; its passphrase is asked) or not, into this data file. Records are matched by id; when both computers changed one, the later change wins "
        "and the other version is kept in a conflicts file beside the data file; deletions travel. Every "
        "record of FILE is checked first, the changes are listed, and a backup is kept before anything is written.",
    )
    merge.add_argument("file", metavar="FILE", type=Path, help="the export made on the other computer")
    merge.add_argument("--dry-run", action="store_true", help="only list what would change; write nothing")
    add_passphrase_option(merge, purpose="the export, if it is encrypted,")
    merge.set_defaults(run=_run_merge)

    add_sync_parser(commands, shared)
    return parser


def _options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> argparse.Namespace:
    for name, default in (("data", None), ("demo", False), ("date", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    if args.demo and args.data is not None:
        parser.error("choose either --demo or --data, not both")
    if args.demo and args.run in (_run_import, _run_merge):
        parser.error("--demo uses a throwaway household; there is nothing to import or merge into")
    if args.demo and args.run is _run_sync:
        parser.error("--demo uses a throwaway household, which is never synced")
    if args.run is _run_export:
        if not EXPORT_FORMATS[args.format].per_student and (args.start or args.end):
            parser.error("--from and --to choose the dates of a report (md, html or csv); "
                         "a json export always holds every record")
        if args.start and args.end and args.end < args.start:
            parser.error("--to must be on or after --from")
        _check_encrypt(args, parser)
    if args.run is _run_letter and args.supports and args.kind != "request_supports":
        parser.error("--supports is for the request_supports letter")
    if args.run is _run_letter and args.about is not None and args.kind != "follow_up":
        parser.error("--about is for the follow_up letter")
    return args


def _check_encrypt(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """--encrypt writes the json export or a report (md, html) to one file, and only a
    file --encrypt wrote is named .age: a plain export under an encrypted file's name would
    be trusted to be safe."""
    to_file = args.output not in (None, "-")
    if args.encrypt:
        if args.format == "csv":
            parser.error("--encrypt writes one file, and a CSV comes with its notice file beside it: "
                         "encrypt the json export or the html or md report instead")
        if not to_file:
            parser.error("--encrypt writes an encrypted file, never to the screen: add -o FILE.age")
    else:
        if args.passphrase_file is not None:
            parser.error("--passphrase-file is for --encrypt")
        if to_file and args.output.lower().endswith(".age"):
            parser.error(f"{args.output} ends in .age, the name of an encrypted file, but --encrypt was not given: "
                         "add --encrypt, or choose another name")


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


def _silence_stdout() -> None:
    """Stop Python complaining at exit about output it can no longer flush."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


