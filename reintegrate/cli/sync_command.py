"""`reintegrate sync setup|join|now|status`: two homes kept in step through a folder a
sync tool keeps in step (`reintegrate.sync`)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from reintegrate.cli.commands import Failure, _data_file, _print, _say
from reintegrate.cli.passphrase import add_passphrase_option
from reintegrate.store import Store
from reintegrate.store.conflicts import conflicts_file
from reintegrate.store.files import data_path
from reintegrate.store.paths import backup_dir


def add_sync_parser(commands, shared: argparse.ArgumentParser) -> None:
    sync = commands.add_parser(
        "sync", parents=[shared], help="keep two homes in step through a shared folder, encrypted",
        description="Keep this data file in step with other computers through a folder your sync tool "
        "(Syncthing, Nextcloud, Dropbox, iCloud Drive, OneDrive, a NAS) already keeps in step. Each computer "
        "writes its own file there, encrypted to a household key, and merges the others' files: the later "
        "change wins, the other version is kept aside, deletions travel. Nothing is ever written there in "
        "plain text.",
    )
    sync.set_defaults(run=_run_sync_help, sync_parser=sync)
    actions = sync.add_subparsers(title="sync commands", metavar="ACTION")
    setup = actions.add_parser(
        "setup", parents=[shared], help="on the first computer: make the household key and start syncing",
        description="Make a household key, keep it (readable only by you) in your config folder, and put it "
        "in FOLDER as household.key.age, encrypted with a passphrase you choose (asked twice). Then write "
        "this home's file. On each other computer, run 'reintegrate sync join FOLDER' with the same passphrase.",
    )
    join = actions.add_parser(
        "join", parents=[shared], help="on another computer: fetch the household key and merge what is there",
        description="Open FOLDER/household.key.age with the passphrase chosen at setup (asked once), keep the "
        "household key, merge every home's file in FOLDER into this data file, and write this home's file.",
    )
    for action, verb in ((setup, "setup"), (join, "join")):
        action.add_argument("folder", metavar="FOLDER", type=Path, help="the folder your sync tool keeps in step")
        add_passphrase_option(action, purpose="the household key")
        action.set_defaults(run=_run_sync, sync_action=verb)
    now = actions.add_parser(
        "now", parents=[shared], help="merge the other homes' files now, and write this home's",
        description="Read every other home's file in the shared folder (and the copies a sync tool made when "
        "two computers wrote at once), merge each into this data file, and write this home's file. A file "
        "still being written, damaged, or from another household is skipped with a message.",
    )
    now.set_defaults(run=_run_sync, sync_action="now")
    status = actions.add_parser(
        "status", parents=[shared], help="say when each other home last wrote and what came in",
        description="Print the shared folder, and for each other home when it last wrote and what its "
        "last sync brought. Reads nothing from the folder.",
    )
    status.set_defaults(run=_run_sync, sync_action="status")


def _run_sync_help(args: argparse.Namespace, today: date) -> int:
    args.sync_parser.print_help()
    return 0


def _run_sync(args: argparse.Namespace, today: date) -> int:
    # pyrage and the merge load only when a sync command runs.
    from reintegrate import agefile
    from reintegrate.sync import kept, run

    action = args.sync_action
    try:
        if action == "status":
            return _status(args, today)
        if action == "setup":
            run.check_not_set_up(args.folder)
            passphrase = _passphrase(args, twice=True)
            with _data_file(args, today) as path, Store.open(path) as store:
                result = run.setup(args.folder, passphrase, store, today)
                print(f"Sync is set up with {Path(args.folder).expanduser().absolute()}. The household key is in "
                      f"{kept.config_folder(None)} (readable only by you), and in the folder encrypted with your "
                      "passphrase. On each other computer, run 'reintegrate sync join FOLDER'.")
                _tell(result, store)
            return 0
        if action == "join":
            folder, raw = run.check_can_join(args.folder)
            passphrase = _passphrase(args, twice=False)
            try:
                identity = run.open_key(raw, passphrase)
            except agefile.WrongPassphrase:
                raise Failure(f"That passphrase does not open {folder / 'household.key.age'}. Nothing was "
                              "written. Try again with the passphrase chosen at 'sync setup'.") from None
            except agefile.AgeFileError as exc:
                raise Failure(f"{folder / 'household.key.age'} cannot be used: {exc} Nothing was written.") from None
            with _data_file(args, today) as path, Store.open(path) as store:
                result = run.join(folder, identity, store, today)
                print(f"Joined the household in {folder}.")
                _tell(result, store)
            return 0
        with _data_file(args, today) as path:
            run.settings_for(data_path(path))  # said before the lock is taken
            with Store.open(path) as store:
                _tell(run.sync_now(store, today), store)
        return 0
    except (kept.SyncNotReady, ValueError) as exc:
        raise Failure(str(exc)) from None
    except BrokenPipeError:  # `sync now | head`: the merge is written; the reader has gone (cli.main)
        raise
    except OSError as exc:
        raise Failure(f"Sync could not finish: {exc.strerror or exc}"
                      + (f" ({exc.filename})" if exc.filename else "") + ".") from None


# Lines of each heading of a merge's report: a first join can bring years of records.
LINES_SHOWN = 10


def _tell(result, store) -> None:
    from reintegrate.sync import run

    for arrival in result.arrivals:  # in the order the homes wrote them
        if not arrival.counts and not arrival.children and not arrival.set_aside:
            continue
        print(f"From {arrival.name}: {run.counts_text(arrival.counts, arrival.children) or 'nothing new'}.")
        for heading, lines in arrival.report:
            print(f"  {heading}:")
            shown = lines if len(lines) <= LINES_SHOWN else lines[:LINES_SHOWN - 1]
            print("\n".join(f"    {line}" for line in shown))
            if len(shown) < len(lines):
                print(f"    … and {len(lines) - len(shown):,} more")
        print(f"  Merged: {arrival.summary}.")
    if not result.brought_anything:
        print("Nothing new from the other homes." if result.arrivals or result.skipped else "No other home's file yet.")
    for message in result.skipped:
        _say(message)
    if result.set_aside:
        print(f"The versions kept aside are in {conflicts_file(store.path)} (readable only by you). To keep one "
              "of them instead, open the app's school log (c) and press K.")
    if result.brought_anything:
        print(f"The file as it was before the merge is in {backup_dir(store.path)}.")
    print(f"Wrote this home's file, {result.wrote.name}." if result.wrote
          else "This home's file already holds every record.")
    sys.stdout.flush()  # a reader gone (`| head`) is found here, in main's hands, not at exit


def _status(args: argparse.Namespace, today: date) -> int:
    from reintegrate.store.changes import utc_now
    from reintegrate.store.conflicts import ConflictsUnreadable, read
    from reintegrate.sync import kept, run
    from reintegrate.sync.folder import home_file_name

    with _data_file(args, today) as path:
        settings = run.settings_for(data_path(path))
        try:
            kept_aside = len(read(conflicts_file(data_path(path))))
        except ConflictsUnreadable as exc:
            kept_aside = 0
            _say(str(exc))
    home = kept.home_id()
    own = settings.folder / home_file_name(home)
    lines = [f"Shared folder: {settings.folder}", f"This home's file: {own.name}"
             + ("" if own.exists() else " (not written yet)")]
    found = run.home_lines(today=today, now=utc_now())
    lines += found or ["No other home's file has been read yet."]
    if kept_aside:
        lines.append(run.kept_aside_line(kept_aside))
    _print("\n".join(lines) + "\n")
    return 0


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    """The household passphrase: chosen (typed twice, at least SHORTEST_PASSPHRASE
    characters) at setup, typed once at join; or read from --passphrase-file. Never
    echoed, never printed."""
    from reintegrate.cli.passphrase import passphrase_for_decrypting, passphrase_for_encrypting

    if twice:
        return passphrase_for_encrypting(args, "the household key")
    return passphrase_for_decrypting(args, "the household key")
