"""`reintegrate serve`: check the data file can be opened, then serve the app to a browser.

The web server itself is `screens.serve` (textual-serve: the UI layer), imported only when this command runs:
it loads aiohttp and rich.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
from datetime import date
from pathlib import Path

from reintegrate.cli.commands import Failure, _data_file, _say
from reintegrate.store import Store


def _run_serve(args: argparse.Namespace, today: date) -> int:
    from screens import serve as web

    host = args.host or web.LOOPBACK
    with _data_file(args, today) as path:
        # Refused now, not in the browser, if another window has the file open (or it
        # is damaged); each browser tab's app then takes the lock itself.
        with Store.open(path):
            pass
        if not web.is_loopback(host):
            _say(f"Warning: listening on {host}, so other computers that can reach it may try to open "
                 "the app. Only the secret in the address lets them in; share it with no one, and "
                 "stop the server (Ctrl+C) when you are done.")
        try:
            sock = web.listen(host, args.port)
        except OSError as exc:
            raise Failure(f"Could not listen on {host} port {args.port}: {exc.strerror or exc}.") from None
        server = web.GuardedServer(_served_command(args, path), host=host, port=sock.getsockname()[1],
                                   secret=web.new_secret(), title="reintegrate")

        def started() -> None:
            print(f"Open {server.address} in a browser on this computer.", flush=True)
            print("The address holds a secret made for this run. Press Ctrl+C to stop.", flush=True)

        asyncio.run(web.run_until_stopped(server, sock, started))
    return 0


def _served_command(args: argparse.Namespace, path: Path) -> str:
    """The app each browser tab runs: the same file and date as the server."""
    argv = [sys.executable, "-m", "reintegrate", "--data", str(path)]
    if args.date is not None:
        argv += ["--date", args.date.isoformat()]
    if args.demo:
        argv.append("--shown-as-demo")
    return shlex.join(argv)
