"""The one module that knows the data file.

Promises (DESIGN section 5): every write is atomic and durable; a damaged file is never
overwritten; rolling daily backups; a schema version with forward migrations; one
writer at a time. The rest of the app sees pydantic models, never documents.

TinyDB keeps the tables; `AtomicJSONStorage` replaces its stock JSONStorage, which
rewrites the file in place and truncates last, so a crash mid-write tears the file.

The package, by concept:
- store: the Store class (reading, atomic saves, backups)
- opening: finding the file, the writer's lock, the first read of a file
- storage: TinyDB's storage that writes atomically and encodes incrementally
- checks: parsing, migrating and validating a file; the newest good backup
- partial: one student's attempts and days from a large file, the others' left unparsed
- errors: what can go wrong, in words a family can act on
- files: the writer's lock and leftover temporaries
- tables: which record kind lives in which table
- backups: the copies kept before the first change of a day and before a merge
- changes: when a record last changed (the clock; dating records from old files)
- merge, conflicts: merging another computer's export; the versions it did not keep
- migrations, exchange (the export format), paths (where files live)

Names are imported when first asked for (`from reintegrate.store import Store`), so
taking the writer's lock (`store.files`) does not load the models the records need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Public name -> the module that defines it.
_PUBLIC = {
    "BACKUPS_KEPT": "backups",
    "Damage": "checks", "check_file": "checks", "newest_good_backup": "checks",
    "ChangedElsewhere": "errors", "DataFileDamaged": "errors", "DataFileLocked": "errors", "DataFileTooNew": "errors",
    "DataFileUnreadable": "errors", "ReadOnlyStore": "errors", "SaveFailed": "errors", "StoreError": "errors",
    "file_mode": "files",
    "SCHEMA_VERSION": "opening",
    "atomic_write": "storage",
    "Store": "store",
    "TABLES": "tables",
}
__all__ = [
    "BACKUPS_KEPT", "SCHEMA_VERSION", "TABLES", "ChangedElsewhere", "DataFileDamaged", "DataFileLocked", "DataFileTooNew",
    "DataFileUnreadable", "Damage", "ReadOnlyStore", "SaveFailed", "Store", "StoreError", "atomic_write",
    "check_file", "file_mode", "newest_good_backup",
]

if TYPE_CHECKING:
    from reintegrate.store.backups import BACKUPS_KEPT
    from reintegrate.store.checks import Damage, check_file, newest_good_backup
    from reintegrate.store.errors import (
        ChangedElsewhere,
        DataFileDamaged,
        DataFileLocked,
        DataFileTooNew,
        DataFileUnreadable,
        ReadOnlyStore,
        SaveFailed,
        StoreError,
    )
    from reintegrate.store.files import file_mode
    from reintegrate.store.opening import SCHEMA_VERSION
    from reintegrate.store.storage import atomic_write
    from reintegrate.store.store import Store
    from reintegrate.store.tables import TABLES


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'reintegrate.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"reintegrate.store.{module}"), name)
    globals()[name] = value
    return value
