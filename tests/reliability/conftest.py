"""Fixtures of the reliability suite: a household file with real backups, and a way to
act as an ordinary user when the tests run as root (where permissions stop nothing)."""

from __future__ import annotations

import os
import pickle
import pwd
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from households import Household, write_household


@pytest.fixture
def household(tmp_path) -> Household:
    return write_household(tmp_path / "family" / "reintegrate.json")


def _nobody() -> tuple[int, int]:
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


@dataclass
class Outcome:
    """What a function did when run as another user: its value, or the exception's
    class names (most derived first) and message. Only builtins cross the pipe:
    StoreError subclasses cannot be rebuilt from pickled arguments."""

    value: object = None
    raised: tuple[str, ...] = ()
    message: str = ""


def _outcome(function: Callable[[], object]) -> tuple:
    try:
        return (function(), (), "")
    except BaseException as exc:  # noqa: BLE001 - reported back to the test
        return (None, tuple(c.__name__ for c in type(exc).__mro__), str(exc))


@pytest.fixture
def unprivileged():
    """Run a function as an ordinary user, so that permissions mean something.

    As a normal user the tests already are one: the function runs here. As root
    (containers, CI), a forked child drops to `nobody` and runs it there. Paths it
    uses must be reachable by `nobody`: use the `shared_folder` fixture for them.
    The function's value must be made of builtins (it is pickled).
    """

    def run(function: Callable[[], object]) -> Outcome:
        if os.geteuid() != 0:
            return Outcome(*_outcome(function))
        uid, gid = _nobody()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                os.close(read)
                try:
                    os.setgroups([])
                    os.setgid(gid)
                    os.setuid(uid)
                    result = ("ran", *_outcome(function))
                except PermissionError:
                    result = ("cannot-switch",)
                try:
                    payload = pickle.dumps(result)
                except Exception as exc:  # noqa: BLE001 - say so rather than die silently
                    payload = pickle.dumps(("ran", None, ("UnpicklableResult",), repr(exc)))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(pid, 0)
        assert payload, "the child running as 'nobody' died without a word"
        result = pickle.loads(payload)
        if result[0] == "cannot-switch":
            pytest.skip("cannot act as the unprivileged user 'nobody' here (no CAP_SETUID)")
        return Outcome(*result[1:])

    return run


@pytest.fixture
def shared_folder():
    """A folder an unprivileged user owns: under /tmp, not inside pytest's 0700 one."""
    folder = Path(tempfile.mkdtemp(prefix="reintegrate-perm-"))
    if os.geteuid() == 0:
        os.chown(folder, *_nobody())
    yield folder
    for item in [folder, *folder.rglob("*")]:
        if item.is_dir() and not item.is_symlink():
            item.chmod(0o700)  # so a read-only folder from a test can be removed
    shutil.rmtree(folder, ignore_errors=True)
