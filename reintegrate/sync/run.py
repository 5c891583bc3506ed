"""Setting sync up, joining it, and one sync: read every other home's file, merge it,
write this home's file.

A sync runs on a store opened for writing (the writer's lock held: the command line's
`sync` commands, or the app, which holds it), so no other program changes the data
file meanwhile. Each other home's file is merged with `store.merge` as `reintegrate
merge` merges an export: the later change wins, the version that lost is kept in the
conflicts file, deletions travel, and a backup is kept before the merge writes.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from reintegrate import agefile
from reintegrate.models.student import STUDENT_PARTS
from reintegrate.store.conflicts import ConflictsUnreadable, conflicts_file, kept_keys
from reintegrate.store.merge import MergePlan, apply_merge, plan_merge, report, summary
from reintegrate.sync import folder as shared
from reintegrate.sync.kept import (
    HomeSeen,
    SyncNotReady,
    SyncSettings,
    home_id,
    household_key,
    identity_in,
    keep_key,
    keep_settings,
    keep_state,
    kept_key_or_none,
    key_text,
    read_settings,
    read_state,
)
from reintegrate.sync.words import KIND_WORDS, ChildChange, counts_text, home_label, home_line, kept_aside_line

__all__ = ["KIND_WORDS", "counts_text", "home_label", "kept_aside_line"]  # said here too, for the callers


@dataclass(frozen=True)
class Arrival:
    """What one other home's file brought: `counts` (kind of record -> how many were
    added or changed, "deletions" -> how many went), the merge's `summary` and `report`."""

    home: str
    name: str
    counts: dict[str, int]
    summary: str
    report: list[tuple[str, list[str]]]
    set_aside: int
    children: tuple[ChildChange, ...] = ()  # the children's records it brought (not in `counts`)
    written_at: datetime | None = None  # when the file says it was written


@dataclass
class SyncResult:
    arrivals: list[Arrival] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    wrote: Path | None = None  # this home's file, when it was written

    @property
    def brought_anything(self) -> bool:
        return any(a.counts or a.children for a in self.arrivals)

    @property
    def set_aside(self) -> int:
        return sum(a.set_aside for a in self.arrivals)


# --- setting up -----------------------------------------------------------------------


def check_not_set_up(folder: Path, config: Path | None = None) -> Path:
    """The shared folder for `setup`; SyncNotReady if this computer or the folder
    already has a household, ValueError if the folder cannot be used."""
    folder = shared.check_folder(folder)
    settings = read_settings(config)
    if settings is not None:
        raise SyncNotReady(f"Sync is already set up on this computer, with {settings.folder}.")
    if os.path.lexists(folder / shared.KEY_FILE):
        raise SyncNotReady(f"{folder} already holds a household's key ({shared.KEY_FILE}). To use it on this "
                           f"computer, run 'reintegrate sync join {folder}'.")
    return folder


def setup(folder: Path, passphrase: str, store, today: date, config: Path | None = None) -> SyncResult:
    """Make the household key, put it in the folder encrypted with `passphrase`, keep it
    here, and write this home's file."""
    folder = check_not_set_up(folder, config)
    identity = agefile.new_identity()
    text = key_text(identity, store.clock())
    shared.write_key_file(folder, text, passphrase)
    keep_key(identity, store.clock(), config)
    keep_settings(SyncSettings(folder, store.path), config)
    return sync_now(store, today, config=config)


def check_can_join(folder: Path, config: Path | None = None) -> tuple[Path, bytes]:
    """The shared folder and its encrypted key, before the passphrase is asked for."""
    folder = shared.check_folder(folder)
    settings = read_settings(config)
    if settings is not None and settings.folder != folder:
        raise SyncNotReady(f"Sync is already set up on this computer, with {settings.folder}.")
    return folder, shared.read_key_file(folder)


def open_key(raw: bytes, passphrase: str) -> str:
    """The household key in `household.key.age`. agefile.WrongPassphrase, Damaged, …"""
    return identity_in(agefile.decrypt_with_passphrase(raw, passphrase))


def join(folder: Path, identity: str, store, today: date, config: Path | None = None) -> SyncResult:
    """Keep the household key opened from the folder, merge what the folder holds, and
    write this home's file."""
    held = kept_key_or_none(config)
    if held is not None and held != identity:
        raise SyncNotReady("This computer already holds another household's key. Nothing was written.")
    keep_key(identity, store.clock(), config)
    keep_settings(SyncSettings(folder, store.path), config)
    return sync_now(store, today, config=config)


def settings_for(data_file: Path, config: Path | None = None) -> SyncSettings:
    """The settings, when sync is set up for `data_file`; SyncNotReady otherwise."""
    settings = read_settings(config)
    if settings is None:
        raise SyncNotReady("Sync is not set up on this computer. Run 'reintegrate sync setup FOLDER' on the first "
                           "computer, then 'reintegrate sync join FOLDER' on each other one.")
    if settings.data_file != data_file:
        raise SyncNotReady(f"Sync is set up for the data file {settings.data_file}, not {data_file}.")
    return settings


def syncs(data_file: Path, config: Path | None = None) -> bool:
    """Is sync set up for this data file (the app asks, and never syncs otherwise)?"""
    try:
        settings_for(data_file, config)
    except SyncNotReady:
        return False
    return True


# --- one sync -------------------------------------------------------------------------


def sync_now(store, today: date, *, config: Path | None = None, only_changed: bool = False) -> SyncResult:
    """Merge every other home's file in the folder into `store`, then write this home's
    file. `only_changed`: a file merged before is read again only if its bytes
    changed (the app, at every open); the command line reads them all.

    SyncNotReady if sync is not set up for this store's file or the folder cannot be used.
    """
    settings = _writer_settings(store, config)
    identity = household_key(config)
    home = home_id(config)
    _reachable(settings.folder)
    try:
        listing = shared.list_folder(settings.folder, home)
    except ValueError as exc:
        raise SyncNotReady(str(exc)) from None
    state = read_state(config)
    result = SyncResult(skipped=[f"{name} is still being written by the sync tool: it is read at the next sync."
                                 for name in listing.unfinished])
    present = set()
    for found in listing.files:
        name = found.path.name
        present.add(name)
        try:
            raw = shared.read_bounded(found.path, shared.MAX_HOME_FILE)
            digest = hashlib.sha256(raw).hexdigest()
            if only_changed and state.merged_files.get(name) == digest:
                continue
            theirs, written_at = shared.read_home_file(raw, name, identity)
        except shared.Skipped as exc:
            result.skipped.append(str(exc))
            continue
        try:
            plan = plan_merge(store.household(), theirs, name, kept_keys(conflicts_file(store.path)), store.clock())
        except ConflictsUnreadable as exc:
            result.skipped.append(str(exc))
            break
        apply_merge(store, plan)
        _in_date_order(plan)
        arrival = Arrival(found.home, name, came_in(plan), summary(plan), report(plan), len(plan.set_aside),
                          tuple(children_in(plan)), written_at)
        result.arrivals.append(arrival)
        if found.home != home:  # (a copy of this home's own file is merged, but is no other home)
            _remember(state.homes.setdefault(found.home, HomeSeen()), arrival, written_at, store.clock())
        state.merged_files[name] = digest
    state.merged_files = {n: d for n, d in state.merged_files.items() if n in present}
    result.arrivals.sort(key=lambda a: (a.written_at is None, a.written_at or datetime.min, a.name))
    _choose_a_student(store)
    result.wrote = _write_own(store, settings.folder, home, identity, today, state)
    keep_state(state, config)
    return result


def _writer_settings(store, config: Path | None) -> SyncSettings:
    """Only the data file's writer syncs: a copy opened to read must not write this
    home's file beside the writer's."""
    if store.read_only:
        raise SyncNotReady(f"{store.path} is open only to read here, so it is not synced.")
    return settings_for(store.path, config)


def _reachable(folder: Path) -> None:
    if not folder.is_dir():
        raise SyncNotReady(f"The shared folder {folder} cannot be reached, so nothing was synced. If it is on a "
                           "drive or a NAS, connect it: the next sync catches up, and nothing is lost meanwhile.")


def _remember(seen: HomeSeen, arrival: Arrival, written_at: datetime | None, now: datetime) -> None:
    if written_at is not None and (seen.wrote_at is None or written_at > seen.wrote_at):
        seen.wrote_at = min(written_at, now)  # a clock ahead is not believed past now
    seen.merged_at = now
    if arrival.counts or arrival.children:
        seen.came_in = dict(arrival.counts)
        seen.children = list(arrival.children)
        seen.came_on = min(written_at, now) if written_at else now


def _choose_a_student(store) -> None:
    if store.meta("current_student_id") is None and store.students():
        store.set_meta("current_student_id", store.students()[0].id)


def _write_own(store, folder: Path, home: str, identity: str, today: date, state) -> Path | None:
    """Write this home's file, unless it already holds what the data file holds."""
    target = folder / shared.home_file_name(home)
    with store.steady() as data_key:
        household = None
        try:
            info = os.stat(target, follow_symlinks=False)
            same_file = (state.written.get("size"), state.written.get("mtime_ns")) == (info.st_size, info.st_mtime_ns)
        except OSError:
            same_file = False
        if same_file and state.written.get("data_key") == data_key:
            return None
        household = store.household()
    plain = shared.home_document(household, home, today, store.clock())
    info = shared.write_home_file(folder, home, plain, identity)
    state.written = {"data_key": data_key, "size": info.st_size, "mtime_ns": info.st_mtime_ns}
    return target


def write_own_file(store, today: date, config: Path | None = None) -> Path | None:
    """Write this home's file alone (the app, after saves and on quit); None when it
    already held what the data file holds."""
    settings = _writer_settings(store, config)
    identity = household_key(config)
    home = home_id(config)
    _reachable(settings.folder)
    state = read_state(config)
    wrote = _write_own(store, settings.folder, home, identity, today, state)
    if wrote is not None:
        keep_state(state, config)
    return wrote


# --- in words (reintegrate.sync.words) ------------------------------------------------


def came_in(plan: MergePlan) -> dict[str, int]:
    """Kind of record -> how many a merge added or changed here, and the deletions; the
    children's records are said by `children_in`, not counted."""
    counts: dict[str, int] = {}
    for kind, *_ in [*plan.added, *plan.updated]:
        if kind != "students":
            counts[kind] = counts.get(kind, 0) + 1
    if plan.deleted:
        counts["deletions"] = len(plan.deleted)
    return {kind: counts[kind] for kind in KIND_WORDS if kind in counts}


def children_in(plan: MergePlan) -> list[ChildChange]:
    """The children's records a merge brought: new ones, and the parts that changed."""
    found = [ChildChange(r.name, True) for kind, r in plan.added if kind == "students"]
    for kind, ours, theirs in plan.updated:
        if kind == "students":
            parts = tuple(p for p in STUDENT_PARTS if getattr(ours, p) != getattr(theirs, p))
            found.append(ChildChange(theirs.name, False, parts))
    return found


def _in_date_order(plan: MergePlan) -> None:
    """What a merge brought, listed by the day each record is about (children first)."""
    def day(record) -> date:
        return getattr(record, "on", None) or getattr(record, "opened_on", None) or date.min

    order = {kind: n for n, kind in enumerate(KIND_WORDS)}
    for listed in (plan.added, plan.updated, plan.kept_ours, plan.deleted, plan.not_brought_back):
        listed.sort(key=lambda item: (day(item[1]), order.get(item[0], len(order))))


def home_lines(config: Path | None = None, *, today: date, now: datetime) -> list[str]:
    """For each other home: what came in last and when it last wrote, in a family's
    words, days said from `today` (the app's date; `now` is the real clock). The app
    and `sync status` say the same, each followed by `kept_aside_line`."""
    homes = read_state(config).homes
    return [home_line(home_label(home, list(homes)), seen.came_in, seen.children, seen.came_on, seen.wrote_at,
                      seen.merged_at, today, now)
            for home, seen in sorted(homes.items())]


def arrival_line(result: SyncResult, config: Path | None = None) -> str:
    """One calm line for Today when a sync brought something ("Sync: from the other
    home, a change to Zoë's ladder, 2 attempts."); "" when nothing came."""
    arrived = [a for a in result.arrivals if a.counts or a.children]
    if not arrived:
        return ""
    homes = sorted(read_state(config).homes) or sorted({a.home for a in arrived})
    total: dict[str, int] = {}
    children: list[ChildChange] = []
    for arrival in arrived:
        children += arrival.children
        for kind, n in arrival.counts.items():
            total[kind] = total.get(kind, 0) + n
    who = {home_label(a.home, homes) for a in arrived}
    source = next(iter(who)) if len(who) == 1 else "the other homes"
    ordered = {k: total[k] for k in KIND_WORDS if k in total}
    aside = f" {kept_aside_line(result.set_aside)}" if result.set_aside else ""
    return f"Sync: from {source}, {counts_text(ordered, children)}.{aside}"
