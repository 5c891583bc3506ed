"""Durable writing: the TinyDB storage under the store, and atomic file replacement.

TinyDB's stock JSONStorage rewrites the file in place and truncates last, so a crash
mid-write leaves a torn file. Here every write goes to a temporary file beside the
target, is flushed and fsynced, renamed over it, and the folder is fsynced.
Only `reintegrate.store` uses this module; nothing else touches the data file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from operator import is_
from pathlib import Path

from tinydb.storages import Storage
from tinydb.table import Table

from reintegrate.store.atomic import atomic_write, fsync_dir, reason  # noqa: F401 (imported from here too)

# The table of file-wide facts (schema version, the student last shown).
META_TABLE = "_meta"



class KeyedTable(Table):
    """TinyDB's table, changed without turning every document number of the table into
    an int and back at each save (two Python loops over 10,000 attempts, about half
    of a save's time). The updater sees the numbers as ints through `_Numbered`; the
    storage gets a new dict for the changed table, as from TinyDB, so it still knows
    an unchanged table by identity."""

    def _update_table(self, updater: Callable[[MutableMapping[int, dict]], None]) -> None:
        tables = self._storage.read()
        changed = dict(tables.get(self.name, {}))
        updater(_Numbered(changed))
        tables[self.name] = changed
        self._storage.write(tables)
        self.clear_cache()


class _Numbered(MutableMapping):
    """A table stored with string keys ("12"), seen with the int keys TinyDB uses."""

    def __init__(self, stored: dict[str, dict]) -> None:
        self.stored = stored

    def __getitem__(self, number: int) -> dict:
        return self.stored[str(number)]

    def __setitem__(self, number: int, document: dict) -> None:
        self.stored[str(number)] = document

    def __delitem__(self, number: int) -> None:
        del self.stored[str(number)]

    def __contains__(self, number: object) -> bool:
        return str(number) in self.stored

    def __iter__(self):
        return (int(key) for key in self.stored)

    def __len__(self) -> int:
        return len(self.stored)


def encode(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage that keeps the tables in memory and writes atomically.

    TinyDB mutates what `read` returns before calling `write`; if the write fails, the
    in-memory tables are restored from the last bytes known to be on disk, so memory
    and file never disagree.

    Saving one attempt must not cost as much as encoding ten thousand, so encoded JSON
    is kept at three levels: each document's, each block of documents' (as bytes, in
    file order), and each unchanged table's. The file is written from those pieces.
    """

    def __init__(self, path: Path, data: dict, on_disk: bytes | None, before_write, validated: frozenset[str]):
        self.path = path
        self._validated = validated
        self._data = data
        self._on_disk: list[bytes] | None = None if on_disk is None else [on_disk]
        self._before_write = before_write
        self._held = 0
        self._dirty = False
        # TinyDB replaces a table's dict whenever it changes one of its documents, so
        # an unchanged table is recognised by identity; a document likewise, except
        # when changed in place, which `forget` reports. Cached objects are held, so
        # an identity can never be reused by a newer object.
        self._tables: dict[str, tuple[dict, list[bytes]]] = {}
        self._docs: dict[str, dict[str, tuple[dict, str]]] = {}
        self._blocks: dict[str, tuple[list[str], list[dict], list[bytes]]] = {}
        self._changed: dict[str, set[str]] = {}  # keys of documents changed in place

    def read(self) -> dict:
        return self._data

    def write(self, data: dict) -> None:
        self._data = data
        if self._held:
            self._dirty = True
            return
        self.flush()

    def forget(self, table: str, doc_id: int) -> None:
        """A document was changed in place: encode it afresh on the next save."""
        self._tables.pop(table, None)
        self._docs.get(table, {}).pop(str(doc_id), None)
        self._changed.setdefault(table, set()).add(str(doc_id))

    def encode(self) -> list[bytes]:
        """The whole file, as pieces to be written one after another."""
        tables: dict[str, tuple[dict, list[bytes]]] = {}
        pieces = [b"{"]
        for name, table in self._data.items():
            cached = self._tables.get(name)
            if cached is None or cached[0] is not table or name == META_TABLE:
                cached = (table, self._encode_table(name, table))
            tables[name] = cached
            if len(pieces) > 1:
                pieces.append(b",")
            pieces += cached[1]
        pieces.append(b"}")
        self._tables = tables
        return pieces

    def _encode_table(self, name: str, table: dict) -> list[bytes]:
        # Records in our tables were validated by pydantic, which refuses lone surrogates
        # and unknown keys. The meta table and tables from elsewhere were not: their keys
        # are escaped and their text kept ASCII, so whatever was read can be written back.
        dumps = _dumps if name in self._validated else _dumps_ascii
        if name == META_TABLE:
            # set_meta changes the one meta document in place: never trust a cache here.
            return [f"{dumps(name)}:{dumps(table)}".encode()]
        # New attempts go at the end of their table, so usually only the last block
        # has to be joined and encoded again. A block is reused only if it holds the
        # very same documents, compared by identity in C (`map(is_)`), and none was
        # changed in place since.
        cache = self._docs.setdefault(name, {})
        changed = self._changed.pop(name, set())
        keys, docs = list(table), list(table.values())
        old_keys, old_docs, old_blocks = self._blocks.get(name, ([], [], []))
        blocks = []
        for number, start in enumerate(range(0, len(keys), _BLOCK)):
            end = start + _BLOCK
            part = keys[start:end]
            if (
                number < len(old_blocks)
                and old_keys[start:end] == part
                and all(map(is_, old_docs[start:end], docs[start:end]))
                and changed.isdisjoint(part)
            ):
                blocks.append(old_blocks[number])
                continue
            fragments = []
            for key, doc in zip(part, docs[start:end]):
                hit = cache.get(key)
                if hit is None or hit[0] is not doc:
                    hit = cache[key] = (doc, f"{dumps(key)}:{dumps(doc)}")
                fragments.append(hit[1])
            blocks.append(",".join(fragments).encode("utf-8"))
        self._blocks[name] = (keys, docs, blocks)
        if len(cache) > len(table):
            self._docs[name] = {key: cache[key] for key in keys if key in cache}
        pieces = [f"{dumps(name)}:{{".encode()]
        for number, encoded in enumerate(blocks):
            if number:
                pieces.append(b",")
            pieces.append(encoded)
        pieces.append(b"}")
        return pieces

    def flush(self) -> None:
        try:
            pieces = self.encode()
            self._before_write(self._on_disk)
            atomic_write(self.path, pieces)
        except BaseException:
            self.rollback()
            raise
        self._on_disk = pieces
        self._dirty = False

    def changed_on_disk(self) -> bool:
        """Does the file at `path` hold anything but the bytes this storage last read or
        wrote? Another program may have rewritten or replaced it since (a backup copied
        over it, a copy moved back over it): a save would then silently undo that."""
        return not holds(self.path, self._on_disk or [])

    def read_from(self, raw: bytes) -> bool:
        """Were the records held here read from exactly `raw`, and not changed since?
        A comparison of bytes (memcmp), for a caller that holds them: no hash."""
        pieces = self._on_disk or []
        return sum(map(len, pieces)) == len(raw) and b"".join(pieces) == raw

    def content_key(self) -> str:
        """The SHA-256 of the bytes on disk, as this storage last read or wrote them."""
        digest = hashlib.sha256()
        for piece in self._on_disk or ():
            digest.update(piece)
        return digest.hexdigest()

    def rollback(self) -> None:
        # The bytes on disk may be an older schema that was migrated in memory when the
        # file opened: migrate them again, or the next save would write old-shaped
        # tables under an old version number.
        from reintegrate.store import migrations

        self._data = migrations.migrate(json.loads(b"".join(self._on_disk))) if self._on_disk else {}
        self._tables, self._docs, self._blocks, self._changed = {}, {}, {}, {}
        self._dirty = False

    @contextmanager
    def held(self) -> Iterator[None]:
        """Several TinyDB operations, one write: all of them land or none does."""
        self._held += 1
        try:
            yield
        except BaseException:
            self._held -= 1
            if not self._held:
                self.rollback()
            raise
        self._held -= 1
        if not self._held and self._dirty:
            self.flush()

    def close(self) -> None:
        pass


def holds(path: Path, pieces: Sequence[bytes]) -> bool:
    """Is `path` a regular file holding exactly `pieces`, one after another? Never
    follows a link, never waits on a FIFO put in the file's place."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    with open(fd, "rb", closefd=True) as file:
        size = sum(len(piece) for piece in pieces)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        found = file.read(size + 1)
    if len(found) != size:
        return False
    offset = 0
    for piece in pieces:
        if not found.startswith(piece, offset):  # memcmp, no copy
            return False
        offset += len(piece)
    return True


_BLOCK = 256  # documents per encoded block: small to re-encode, few to write
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_dumps_ascii = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
