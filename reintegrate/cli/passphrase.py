"""The one way the command line gets a passphrase: from `--passphrase-file FILE`, or
typed on the terminal (twice when something is encrypted, once when it is opened).

Without a terminal and without a file, the command stops with a plain message: it never
waits on stdin for a passphrase nobody can type. Typed passphrases are read from the
terminal itself (getpass), never echoed, never from a pipe.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from reintegrate import agefile
from reintegrate.cli.commands import Failure

OPTION = "--passphrase-file"

# A passphrase chosen to encrypt guards a child's records in a file anyone who holds it can
# try passphrases on, as fast as their computers allow: it must not be one guessed quickly.
SHORTEST_PASSPHRASE = 10


def add_passphrase_option(parser: argparse.ArgumentParser, *, purpose: str = "the file") -> None:
    """Give a command `--passphrase-file FILE` (for scripts and tests)."""
    parser.add_argument(
        OPTION, dest="passphrase_file", metavar="FILE", type=Path, default=None,
        help=f"read the passphrase for {purpose} from the first line of FILE instead of asking on the "
        "terminal (for scripts; keep FILE readable only by you)",
    )


def passphrase_for_encrypting(args: argparse.Namespace, what: str = "the file") -> str:
    """The passphrase to encrypt `what` with: from --passphrase-file, or typed twice.

    Failure (exit 1) when the two do not match, when nothing was typed, when it is
    shorter than SHORTEST_PASSPHRASE, when the file holds no passphrase, or when there is
    no terminal to ask on.
    """
    chosen = _from_file(args)
    if chosen is None:
        chosen = _ask(f"Choose a passphrase for {what}: ")
        _long_enough(chosen)  # said before it is typed again, not after
        if _ask("Type the same passphrase again: ") != chosen:
            raise Failure("The two passphrases were not the same, so nothing was written. Run the command again.")
    _long_enough(chosen)
    return chosen


def _long_enough(chosen: str) -> None:
    if len(chosen) < SHORTEST_PASSPHRASE:
        raise Failure(f"Choose a passphrase of at least {SHORTEST_PASSPHRASE} characters: anyone holding the file "
                      "can try passphrases on it. A few words you will remember make a good one. "
                      "Nothing was written.")


def passphrase_for_decrypting(args: argparse.Namespace, what: str = "the file") -> str:
    """The passphrase that opens `what`: from --passphrase-file, or typed once."""
    given = _from_file(args)
    if given is not None:
        return given
    return _ask(f"Passphrase for {what}: ")


def _from_file(args: argparse.Namespace) -> str | None:
    path = getattr(args, "passphrase_file", None)
    if path is None:
        return None
    try:
        return agefile.read_passphrase_file(path)
    except agefile.AgeFileError as exc:
        raise Failure(f"{exc} Nothing was written.") from None
    except OSError as exc:
        raise Failure(f"Could not read the passphrase file {path}: {exc.strerror or exc}. Nothing was written.") from None


def _ask(prompt: str) -> str:
    if not has_terminal():
        raise Failure(
            "A passphrase is needed, and there is no terminal to type it on. Run the command in a "
            f"terminal, or give the passphrase in a file with {OPTION} FILE. Nothing was written."
        )
    try:
        typed = getpass.getpass(prompt)
    except EOFError:
        typed = ""
    if not typed:
        raise Failure("No passphrase was typed, so nothing was written.")
    if len(typed) > agefile.MAX_PASSPHRASE_CHARS:
        raise Failure(f"The passphrase is longer than {agefile.MAX_PASSPHRASE_CHARS} characters. Nothing was written.")
    return typed


def has_terminal() -> bool:
    """Whether a passphrase can be typed: the process has a terminal of its own.

    getpass reads from /dev/tty and, without one, falls back to stdin, where a command
    run from a script would wait for ever (or read the script's own input). So the
    terminal is checked first; on Windows, stdin must be one.
    """
    if os.name == "nt":  # pragma: no cover - no Windows in the test runs
        return sys.stdin is not None and sys.stdin.isatty()
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True
