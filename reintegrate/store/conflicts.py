"""The conflicts file: every version a merge did not keep, beside the data file.

When two computers changed the same record, the later change wins and the other
version comes here, so a parent can look at both; so does a record removed because
it was deleted on the other computer. It only grows, one entry per distinct version
(a repeated merge adds nothing), and, like the data file, is readable only by its owner.

    {"format": "reintegrate-conflicts", "version": 1, "kept": [
      {"kind": "attempts", "id": "...", "kept_at": "2026-11-26T08:30:00Z",
       "from": "this computer" | "<the export's file name>", "why": "...", "record": {...}}]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from reintegrate.store.storage import atomic_write, reason

FORMAT_NAME = "reintegrate-conflicts"
FORMAT_VERSION = 1


class ConflictsUnreadable(ValueError):
    """The conflicts file exists but cannot be read: a merge must not write over it."""


def conflicts_file(data_file: Path) -> Path:
    return data_file.with_name(f"{data_file.stem}-conflicts.json")


def key(kind: str, record: BaseModel | dict) -> str:
    """One version of one record, whatever order its fields were written in."""
    doc = record.model_dump(mode="json") if isinstance(record, BaseModel) else record
    return kind + "\n" + json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read(path: Path) -> list[dict]:
    """The entries kept so far ([] when there is no file yet)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ConflictsUnreadable(f"The conflicts file {path} cannot be read ({reason(exc)}).") from None
    try:
        document = json.loads(raw)
        entries = document["kept"]
        if document.get("format") != FORMAT_NAME or not isinstance(entries, list):
            raise ValueError
        if not all(isinstance(e, dict) and isinstance(e.get("kind"), str) and isinstance(e.get("record"), dict)
                   for e in entries):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ConflictsUnreadable(
            f"The conflicts file {path} is not in the form this app writes, so nothing was merged: "
            "it may hold versions a merge kept. Move it somewhere else and merge again."
        ) from None
    return entries


def kept_keys(path: Path) -> set[str]:
    return {key(entry["kind"], entry["record"]) for entry in read(path)}


def keep(path: Path, versions: Iterable, when: datetime) -> None:
    """Add versions (`merge.SetAside`) to the file, atomically, owner-only."""
    entries = read(path)
    for version in versions:
        entries.append({
            "kind": version.kind,
            "id": version.record.id,
            "kept_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "from": version.source,
            "why": version.why,
            "record": version.record.model_dump(mode="json"),
        })
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "kept": entries}
    atomic_write(path, json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


def discard(path: Path, version_key: str) -> None:
    """Take one version (by `key`) out of the file, atomically: it was decided on."""
    entries = read(path)
    left = [e for e in entries if key(e["kind"], e["record"]) != version_key]
    if len(left) != len(entries):
        document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "kept": left}
        atomic_write(path, json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


@dataclass(frozen=True)
class KeptVersion:
    """One version kept aside, beside the record as it is now, in a family's words.

    `kept` is the version as a record (None if it no longer reads as one), `current`
    the record as the file has it now (None: deleted, or never here). `title` names the
    record ("Sam's attempt on Tue 24 Nov 2026"), `lines` say where each version comes
    from and when it was saved, and what differs; `can_keep` is False (with
    `why_not`) when the kept version cannot be saved again.
    """

    key: str
    kind: str
    kept: BaseModel | None
    current: BaseModel | None
    title: str
    lines: tuple[str, ...]
    differs: tuple[str, ...]
    can_keep: bool
    why_not: str = ""
    from_here: bool = False  # kept aside from this computer (else from the other's export)


def review(path: Path, household) -> list[KeptVersion]:
    """Every version in the conflicts file, newest kept first, each beside its record now."""
    from reintegrate.store.merge import KINDS, describe

    found = []
    for entry in reversed(read(path)):
        kind, doc = entry["kind"], entry["record"]
        model = KINDS.get(kind)
        kept = None
        if model is not None:
            try:
                kept = model.model_validate(doc)
            except ValueError:
                kept = None
        record_id = doc.get("id")
        current = next((r for r in getattr(household, kind, []) if r.id == record_id), None) if model else None
        shown = current or kept  # a student by the name the records give now
        title = describe(kind, shown, household) if shown is not None else f"A record of a kind this app no longer knows ({kind})"
        whose = "this computer's version" if entry.get("from") == "this computer" else \
            f"the version from {entry.get('from') or 'another computer'}"
        lines = [f"Kept aside {_when_text(entry.get('kept_at'))}: {whose}, saved {_when_text(doc.get('changed_at'))}. "
                 f"Why: {entry.get('why') or 'not said'}."]
        if current is not None:
            lines.append(f"In the records now: a version saved {_when_text(current.model_dump(mode='json').get('changed_at'))}.")
        else:
            lines.append("In the records now: nothing (it is deleted here).")
        differs: list[str] = []
        if kept is not None and current is not None:
            differs = _differences(kept, current)
            lines.append("What differs: " + (", ".join(name for name, _ in differs) if differs
                                             else "nothing but the date it was saved") + ".")
            lines += [line for _, line in differs if line]
        why_not = ""
        if kept is None:
            why_not = "This version no longer reads as a record, so it can only be left as it is."
        elif "student_id" in type(kept).model_fields and kept.student_id not in {s.id for s in household.students}:
            why_not = "Its student is no longer in the records, so this version cannot be kept."
        found.append(KeptVersion(key(kind, doc), kind, kept, current, title, tuple(lines),
                                 tuple(name for name, _ in differs), not why_not, why_not,
                                 entry.get("from") == "this computer"))
    return found


def _differences(kept: BaseModel, current: BaseModel) -> list[tuple[str, str]]:
    """(field title, a line showing both values, or "" when they do not fit in one)."""
    from reintegrate.store.changes import BOOKKEEPING

    out = []
    ours, theirs = kept.model_dump(mode="json"), current.model_dump(mode="json")
    for name, info in type(kept).model_fields.items():
        if name in BOOKKEEPING or name == "id" or ours.get(name) == theirs.get(name):
            continue
        title = info.title or name.replace("_", " ").capitalize()
        a, b = _value_text(_worded(kept, name, ours)), _value_text(_worded(current, name, theirs))
        if name == "ladder":
            a, b = _ladder_text(ours[name]), _ladder_text(theirs[name])
        out.append((title, f"  {title}: kept aside {_quoted(a)}, now {_quoted(b)}" if a is not None and b is not None
                    else ""))
    return out


def _worded(record: BaseModel, name: str, dumped: dict):
    """A field's value as the app says it: a kind of outcome or day by its label
    ("Partly", "Not started"), not the word stored for it (walk 3, finding 7)."""
    label = getattr(getattr(record, name, None), "label", None)
    return label if isinstance(label, str) else dumped.get(name)


def _ladder_text(ladder: dict) -> str:
    """'3 steps, now at Drive past': a ladder in a few words."""
    steps = [s for s in ladder.get("steps", []) if not s.get("retired")]
    current = next((s.get("title", "") for s in steps if s.get("id") == ladder.get("current_step_id")), "")
    said = f"{len(steps)} {'step' if len(steps) == 1 else 'steps'}" + (f", now at {current}" if current else "")
    return said if len(said) <= 60 else said[:59].rstrip() + "…"


def _quoted(text: str) -> str:
    return f"“{text}”" if text else "empty"


def _value_text(value) -> str | None:
    """A field's value in one short line, or None for a structure (a ladder, settings)."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, str | int | float):
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def _when_text(value) -> str:
    """'on Tue 24 Nov 2026 at 18:02 UTC' from a moment as the file writes it."""
    if not isinstance(value, str):
        return "at a time not known"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "at a time not known"
    return f"on {moment:%a} {moment.day} {moment:%b %Y} at {moment:%H:%M} UTC"
