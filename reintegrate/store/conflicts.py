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
