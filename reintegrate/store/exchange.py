"""Export and import: every record, in a documented and versioned JSON format.

docs/data-format.md describes the format field by field. An export is
`{"format": "reintegrate-export", "version": 2, "exported_on": ..., "household": {...}}`
where `household` holds one list per kind of record, each record exactly as the
models dump it in JSON mode, and the tombstones of deleted records. Version 2 added
`changed_at` and tombstones, which merging two copies relies on; version 1 files are
still read, their records dated by the days they speak of.

Reading checks every record before anything is written, and reports each bad one by
where it is ("attempts[12] (2026-10-05): ...") and never by what it says: these are a
family's private notes, and error messages end up in terminals, emails and bug reports.

Other export formats (the Markdown, HTML and CSV reports of
`reintegrate.documents.formats`) register themselves in `EXPORT_FORMATS`; the command
line offers exactly the formats listed there.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reintegrate import __version__
from reintegrate.models import (
    Household,
    Student,
    plain_errors,
)
from reintegrate.store.changes import backfill
from reintegrate.store.checks import RepeatedKey, _no_repeated_keys
from reintegrate.store.migrations import link_follow_ups
from reintegrate.store.tables import TABLES, record_key

FORMAT_NAME = "reintegrate-export"
FORMAT_VERSION = 2

# Household field -> the model of each record in it, in the order of the format: the
# same names as the data file's tables.
RECORD_KINDS: dict[str, type[BaseModel]] = {table: model for model, table in TABLES.items()}


# --- writing ---------------------------------------------------------------------------


def export_document(household: Household, exported_on: date) -> dict[str, Any]:
    """The whole household as an export document (plain JSON types)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_on": exported_on.isoformat(),
        "app_version": __version__,
        "household": household.model_dump(mode="json"),
    }


def render_json(household: Household, today: date) -> str:
    return json.dumps(export_document(household, today), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class ExportRequest:
    """What `reintegrate export` was asked for.

    `household` holds every record, or only `student`'s when a student was chosen.
    `start` and `end` are the dates a report was asked to cover (None: its default).
    """

    household: Household
    today: date
    student: Student | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class ExportFormat:
    """One way of writing records out: `reintegrate export --format NAME`.

    A `per_student` format (a report) is always about one student and may be given
    dates; the others write the household as it is.
    """

    name: str
    description: str
    render: Callable[[ExportRequest], str]
    suffix: str
    per_student: bool = False
    label: str = ""  # "Markdown report": how messages name what was written


EXPORT_FORMATS: dict[str, ExportFormat] = {}


def register_format(fmt: ExportFormat) -> None:
    """Reports (Markdown, HTML, CSV) add themselves here; the command line follows."""
    EXPORT_FORMATS[fmt.name] = fmt


register_format(
    ExportFormat(
        name="json",
        description="every record, in the versioned format of docs/data-format.md (can be imported again)",
        render=lambda request: render_json(request.household, request.today),
        suffix=".json",
        label="JSON export",
    )
)


# --- reading ---------------------------------------------------------------------------


# Problems said one by one; beyond these, only how many more there are (a hostile or
# badly broken file of 100,000 bad records would otherwise print megabytes).
PROBLEMS_SHOWN = 10

# An export larger than this is refused before it is read: ten school years of five
# children export to about 15 MB.
MAX_EXPORT_BYTES = 256 * 1024 * 1024


class ImportRejected(ValueError):
    """The file cannot be imported. `problems` holds one sentence for each of the first
    PROBLEMS_SHOWN problems found; `count` says how many were found in all."""

    def __init__(self, problems: list[str], count: int | None = None):
        self.count = len(problems) if count is None else count
        self.problems = problems[:PROBLEMS_SHOWN]
        more = self.count - len(self.problems)
        super().__init__("\n".join(self.problems + ([f"(and {more:,} more)"] if more else [])))


class DataFileGiven(ImportRejected):
    """The file is a reintegrate data file (a copy of another computer's), not an export:
    `merge` reads it as the store reads its own (`read_to_merge`); `import` says how to
    make an export of it."""


def data_file_not_export(path: Path | None = None) -> str:
    """What to do with a data file where only an export is read (`import`): the command
    that makes an export of it, naming `path` when known."""
    if path is None:
        data, export = "FILE", "EXPORT.json"
    else:
        data, export = shlex.quote(str(path)), shlex.quote(str(path.with_name(f"{path.stem}-export.json")))
    return ("It is a reintegrate data file (a copy of one), not an export. Make an export of it with "
            f"'reintegrate export --format json --data {data} -o {export}' and use that.")


def read_export_file(path: Path) -> Household:
    """Read and check the plain export at `path` (`read_export_bytes`, `read_export`)."""
    return read_export(read_export_bytes(path))


def read_to_merge(path: Path, raw: bytes) -> Household:
    """The records to merge from `path`, whose plain bytes are `raw`: an export, read as
    `read_export` reads one, or a data file copied from another computer, read by the
    store itself (`Store.open(read_only=True)`: every record checked as when the app
    opens its own file, migrated in memory, never locked, never written, no backup).
    ImportRejected if it is neither, or a data file that cannot be opened, said as such.
    The command line and the app both merge through this."""
    try:
        return read_export(raw)
    except DataFileGiven:
        pass
    from reintegrate.store.errors import DataFileDamaged, StoreError
    from reintegrate.store.store import Store

    try:
        with Store.open(path, read_only=True) as store:
            return store.household()
    except DataFileDamaged as exc:
        problem = exc.reason.rstrip(".")
    except StoreError as exc:
        problem = str(exc).rstrip(".")
    raise ImportRejected([f"It is a reintegrate data file, but it cannot be read: {problem}."])


def read_export_bytes(path: Path) -> bytes:
    """The bytes of the file at `path`, plain or encrypted, before any checking. Only a
    regular file of at most MAX_EXPORT_BYTES is read: a FIFO or a device (`/dev/zero`)
    would make the reader wait or read for ever. ImportRejected if it is not one;
    OSError if it cannot be read."""
    fd = os.open(Path(path).expanduser(), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb", closefd=True) as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ImportRejected(["It is not a regular file (a folder, a pipe or a device), so it is not an export."])
        raw = file.read(MAX_EXPORT_BYTES + 1)
    if len(raw) > MAX_EXPORT_BYTES:
        raise ImportRejected([f"It is larger than {MAX_EXPORT_BYTES // 2**20} MB, far larger than any export."])
    return raw


def read_export(raw: bytes | str) -> Household:
    """Parse and check a whole export; raise ImportRejected naming every bad record."""
    if isinstance(raw, bytes):
        from reintegrate.agefile import is_age

        if is_age(raw):  # opened only where a passphrase can be asked (cli.commands.read_any_export)
            raise ImportRejected(
                ["It is an encrypted export (an age file). Merge or import it with 'reintegrate merge FILE' "
                 "or 'reintegrate import FILE', which ask for its passphrase."]
            )
    try:
        # A key given twice in one object is refused, as in the data file: plain
        # json.loads keeps the last and drops the first without a word.
        document = json.loads(raw, object_pairs_hook=_no_repeated_keys)
    except RepeatedKey as exc:
        raise ImportRejected(
            [f"The key {exc.args[0]} appears twice in one object; one of the two would be lost, so nothing is read."]
        ) from None
    except UnicodeDecodeError:
        raise ImportRejected(["The file is not text in UTF-8, so it is not a reintegrate export."]) from None
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}), so it is not a reintegrate export."]
        ) from None
    except (ValueError, RecursionError):
        # json raises these for a number of thousands of digits and for values nested
        # thousands deep: no export has either.
        raise ImportRejected(
            ["The file holds a number too long or values nested too deeply, so it is not a reintegrate export."]
        ) from None
    household = _household_part(document)
    # Records from before `changed_at` (a version 1 export) are dated as the data file's
    # migration dates them; a list that is not one is reported below.
    backfill({kind: [d for d in items if isinstance(d, dict)] for kind, items in household.items() if isinstance(items, list)})
    # Follow-ups exported before `follows_up` existed are linked as the data file's
    # migration links them, so both homes hold the same thread.
    if isinstance(household.get("contacts"), list):
        link_follow_ups(household["contacts"])
    problems: list[str] = []
    unsaid = 0
    checked: dict[str, list[tuple[int, BaseModel]]] = {}
    for kind, model in RECORD_KINDS.items():
        items = household.get(kind, [])
        if not isinstance(items, list):
            problems.append(f"household.{kind}: This should be a list of records.")
            items = []
        checked[kind] = []
        for index, item in enumerate(items):
            where = _where(kind, index, item)
            if not isinstance(item, dict):
                problems.append(f"{where}: This should be a record (a JSON object).")
                continue
            try:
                checked[kind].append((index, model.model_validate(item)))
            except ValidationError as exc:
                if len(problems) < PROBLEMS_SHOWN:
                    problems.append(f"{where}: {' '.join(_unique(plain_errors(exc, model)))}")
                else:
                    unsaid += 1  # only counted: putting it into words costs most of the time
    for kind in household:
        if kind not in RECORD_KINDS:
            problems.append(f"household.{kind}: This is not a kind of record this app knows.")
    problems += _cross_check(household, checked)
    if problems:
        raise ImportRejected(problems, len(problems) + unsaid)
    return Household(**{kind: [record for _, record in found] for kind, found in checked.items()})


def _household_part(document: Any) -> dict:
    if isinstance(document, dict) and "format" not in document:
        from reintegrate.store.storage import META_TABLE  # the data file's own table

        if META_TABLE in document:
            raise DataFileGiven([data_file_not_export()])
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportRejected([f"This is not a reintegrate export (it has no \"format\": \"{FORMAT_NAME}\")."])
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRejected(["The export has no usable \"version\" number."])
    if version > FORMAT_VERSION:
        raise ImportRejected(
            [
                f"This export was written by a newer version of reintegrate (format version {version}; "
                f"this version reads up to {FORMAT_VERSION}). Please update reintegrate and try again."
            ]
        )
    household = document.get("household")
    if not isinstance(household, dict):
        raise ImportRejected(["The export has no \"household\" section holding the records."])
    return household


def _cross_check(raw: dict, checked: dict[str, list[tuple[int, BaseModel]]]) -> list[str]:
    """Problems no single record shows: repeated ids, tombstones of unknown kinds.

    Only records that are valid on their own are compared, so one pass reports
    everything that needs fixing. A record whose student is not in the file is read, as
    the data file reads it (a merge can bring an attempt made on another computer for a
    student deleted here): an export must always import back into what it came from.
    """
    problems: list[str] = []
    for kind, found in checked.items():
        first_at: dict = {}
        for index, record in found:
            where = _where(kind, index, raw[kind][index])
            key = record_key(RECORD_KINDS[kind], record)  # tombstones: by kind and id
            if key in first_at:
                same = "kind and id" if kind == "tombstones" else "id"
                problems.append(f"{where}: It has the same {same} as {kind}[{first_at[key]}].")
            else:
                first_at[key] = index
            if kind == "tombstones" and (record.kind not in RECORD_KINDS or record.kind == kind):
                problems.append(f"{where}: It is the tombstone of a kind of record this app does not know.")
    return problems


def _where(kind: str, index: int, item: Any) -> str:
    """'attempts[12] (2026-10-05)': the place of a record, and its date if it has one.

    Only the date is ever shown, never names or notes.
    """
    where = f"{kind}[{index}]"
    if isinstance(item, dict):
        for key in ("on", "opened_on"):
            value = item.get(key)
            if isinstance(value, str):
                try:
                    return f"{where} ({date.fromisoformat(value).isoformat()})"
                except ValueError:
                    pass
    return where


def _unique(sentences: list[str]) -> list[str]:
    return list(dict.fromkeys(sentences))


def summarise(household: Household) -> str:
    """'1 student, 33 attempts, 3 days without an attempt, ...' for messages."""
    counts = [
        (len(household.students), "student", "students"),
        (len(household.attempts), "attempt", "attempts"),
        (len(household.days), "day without an attempt", "days without an attempt"),
        (len(household.decisions), "decision", "decisions"),
        (len(household.contacts), "contact with the school", "contacts with the school"),
        (len(household.barriers), "barrier", "barriers"),
    ]
    if household.checkins:  # named only when there are some: most households have none
        counts.append((len(household.checkins), "check-in", "check-ins"))
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def record_count(household: Household) -> int:
    """Records the family made (tombstones are not: they only say what was deleted)."""
    return sum(len(getattr(household, kind)) for kind in RECORD_KINDS if kind != "tombstones")
