"""Privacy: the records stay on this machine and readable by their owner only.

Files are checked for owner-only modes where the app creates them; the code is
checked for network clients; and tests/no_network.py makes the whole test run fail
if anything opens an internet socket (these tests check that it is on and works).
"""

from __future__ import annotations

import ast
import asyncio
import os
import socket
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from households import TODAY, make_attempt, make_student

import reintegrate
from reintegrate.store import Store
from reintegrate.store.paths import backup_dir, default_data_file, lock_file

ROOT = Path(reintegrate.__file__).resolve().parent.parent
PACKAGES = ("reintegrate", "screens")

# Modules that talk to a network, and asyncio's ways of opening a connection. Nothing
# in the app needs any of them; an entry here must be argued for in review.
NETWORK_MODULES = {
    "socket", "ssl", "socketserver", "http", "urllib", "urllib3", "requests", "httpx",
    "aiohttp", "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib",
    "xmlrpc", "websocket", "websockets", "paramiko", "grpc", "asyncssh", "zmq", "textual_serve",
}
NETWORK_CALLS = {"open_connection", "start_server", "create_connection", "create_server",
                 "create_datagram_endpoint", "open_unix_connection", "sock_connect"}
# (module file, what it imports or calls). `reintegrate serve` is the one server: it
# listens on 127.0.0.1 unless --host says otherwise, and refuses every request without
# the run's secret (tests/unit/test_serve.py).
ALLOWED: set[tuple[str, str]] = {
    ("serve.py", "aiohttp"), ("serve.py", "socket"), ("serve.py", "textual_serve.server"),
    ("serve.py", "textual_serve.app_service"), ("serve.py", "create_server"),
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- owner-only files ---------------------------------------------------------------------


def test_the_default_folder_file_lock_and_backups_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("REINTEGRATE_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = default_data_file()
    assert path == tmp_path / "xdg" / "reintegrate" / "reintegrate.json"
    old = os.umask(0)  # the most permissive umask: the app's own modes must hold
    try:
        student = make_student()
        with Store.open(path, today=TODAY) as store:
            store.put(student)
        with Store.open(path, today=TODAY + timedelta(1)) as store:
            store.put(make_attempt(student))
    finally:
        os.umask(old)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    assert mode(lock_file(path)) == 0o600
    assert mode(backup_dir(path)) == 0o700
    backups = sorted(backup_dir(path).iterdir())
    assert len(backups) == 2 and {mode(b) for b in backups} == {0o600}


def test_backups_are_owner_only_inside_a_shared_folder(tmp_path):
    # A family may keep the file in a folder others can list; the backups folder the
    # app makes there is still theirs alone.
    folder = tmp_path / "Shared"
    folder.mkdir()
    folder.chmod(0o755)
    path = folder / "kids.json"
    student = make_student()
    with Store.open(path, today=TODAY) as store:
        store.put(student)
    assert mode(folder) == 0o755  # not ours to change
    assert mode(path) == 0o600 and mode(backup_dir(path)) == 0o700
    assert {mode(b) for b in backup_dir(path).iterdir()} == {0o600}


def test_the_temporary_file_of_a_save_is_owner_only_from_the_start(tmp_path, monkeypatch):
    path = tmp_path / "family" / "reintegrate.json"
    seen: list[int] = []
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        seen.append(mode(Path(src)))
        return real(src, dst, *args, **kwargs)

    store = Store.open(path, today=TODAY)
    old = os.umask(0)
    monkeypatch.setattr(os, "replace", replace)
    try:
        store.put(make_student())
    finally:
        os.umask(old)
        monkeypatch.undo()
        store.close()
    assert seen and set(seen) == {0o600}


# --- no network client in the code --------------------------------------------------------


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES if (ROOT / package).is_dir() for p in (ROOT / package).rglob("*.py"))


def _network_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names = [first.value]
            elif called in NETWORK_CALLS and (path.name, called) not in ALLOWED:
                found.append(f"line {node.lineno}: calls {called}()")
        for name in names:
            if name.split(".")[0] in NETWORK_MODULES and (path.name, name) not in ALLOWED:
                found.append(f"line {node.lineno}: imports {name}")
    return found


def test_no_module_of_the_app_uses_a_network_client():
    modules = _modules()
    assert ROOT / "reintegrate" / "store" / "__init__.py" in modules  # the scan sees the real code
    offenders = {str(p.relative_to(ROOT)): uses for p in modules if (uses := _network_uses(p))}
    assert offenders == {}


def test_the_scan_would_notice_a_network_client(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import json\nimport urllib.request\nfrom http import client\n"
        "import importlib\nimportlib.import_module('socket')\n"
        "async def f(loop):\n    await asyncio.open_connection('example.org', 80)\n"
    )
    assert _network_uses(sample) == [
        "line 2: imports urllib.request",
        "line 3: imports http",
        "line 5: imports socket",
        "line 7: calls open_connection()",
    ]


# --- the whole test run refuses the network -------------------------------------------------


def test_the_no_network_plugin_is_on_for_this_run():
    plugin = sys.modules.get("tests.no_network")
    assert plugin is not None and plugin.installed(), (
        "tests/no_network.py is not loaded: add -p tests.no_network to pytest's addopts"
    )


@pytest.fixture
def no_network():
    return sys.modules["tests.no_network"]


@pytest.mark.parametrize(
    ("family", "action"),
    [
        (socket.AF_INET, lambda s: s.connect(("127.0.0.1", 9))),
        (socket.AF_INET, lambda s: s.connect_ex(("127.0.0.1", 9))),
        (socket.AF_INET, lambda s: s.bind(("127.0.0.1", 0))),
        (socket.AF_INET6, lambda s: s.connect(("::1", 9))),
    ],
)
def test_an_internet_socket_is_refused_even_on_loopback(no_network, family, action):
    with no_network.expected_attempts() as seen:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            with pytest.raises(no_network.NetworkBlocked):
                action(sock)
    assert len(seen) == 1


def test_connection_helpers_and_name_lookups_are_refused(no_network):
    with no_network.expected_attempts() as seen:
        with pytest.raises(no_network.NetworkBlocked):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with pytest.raises(no_network.NetworkBlocked):
            socket.getaddrinfo("example.org", 443)
        with pytest.raises(no_network.NetworkBlocked):
            asyncio.run(asyncio.open_connection("127.0.0.1", 9))
    assert len(seen) == 3


def test_loopback_only_allows_this_computer_and_nothing_else(no_network):
    with no_network.loopback_only():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            with socket.create_connection(server.getsockname(), timeout=5):
                pass
        with no_network.expected_attempts() as seen:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                with pytest.raises(no_network.NetworkBlocked):
                    sock.connect(("192.0.2.1", 9))
                with pytest.raises(no_network.NetworkBlocked):
                    sock.bind(("0.0.0.0", 0))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                with pytest.raises(no_network.NetworkBlocked):
                    sock.sendto(b"x", ("127.0.0.1", 9))
            with pytest.raises(no_network.NetworkBlocked):
                socket.getaddrinfo("example.org", 443)
        assert len(seen) == 4
    with no_network.expected_attempts() as seen:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            with pytest.raises(no_network.NetworkBlocked):
                sock.bind(("127.0.0.1", 0))  # closed again after the block
    assert len(seen) == 1


def test_a_swallowed_attempt_still_fails_the_test(no_network):
    # Code that catches every exception must not hide its network use: the plugin
    # remembers the attempt and fails the test at teardown. Here it is forgiven.
    with no_network.expected_attempts() as seen:
        try:
            urllib_like_fetch()
        except Exception:  # noqa: BLE001 - what careless code would do
            pass
    assert seen == ["socket.connect(('127.0.0.1', 9))"]


def urllib_like_fetch() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.connect(("127.0.0.1", 9))


def test_unix_sockets_and_the_asyncio_loop_still_work():
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"wake")
        assert right.recv(4) == b"wake"

    async def main() -> str:
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        loop.call_soon_threadsafe(done.set_result, "woke")  # through the loop's self-pipe
        return await asyncio.wait_for(done, 1)

    assert asyncio.run(main()) == "woke"
