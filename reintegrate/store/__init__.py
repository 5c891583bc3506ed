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
- errors: what can go wrong, in words a family can act on
- files: the writer's lock and leftover temporaries
- tables: which record kind lives in which table
- backups: the copies kept before the first change of a day and before a merge
- changes: when a record last changed (the clock; dating records from old files)
- merge, conflicts: merging another computer's export; the versions it did not keep
- migrations, exchange (the export format), paths (where files live)
"""

from reintegrate.store.backups import BACKUPS_KEPT  # noqa: F401
from reintegrate.store.checks import Damage, check_file, newest_good_backup  # noqa: F401
from reintegrate.store.errors import (  # noqa: F401
    DataFileDamaged,
    DataFileLocked,
    DataFileTooNew,
    DataFileUnreadable,
    ReadOnlyStore,
    SaveFailed,
    StoreError,
)
from reintegrate.store.files import file_mode  # noqa: F401
from reintegrate.store.opening import SCHEMA_VERSION  # noqa: F401
from reintegrate.store.storage import atomic_write  # noqa: F401
from reintegrate.store.store import Store  # noqa: F401
from reintegrate.store.tables import TABLES  # noqa: F401
