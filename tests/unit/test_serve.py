"""`reintegrate serve`: a real server on 127.0.0.1 that refuses every request without
the run's secret, and serves the app (in a child process, on the same data file, under
its lock) with it.

These are the only tests allowed an internet socket, and only on loopback
(`tests.no_network.loopback_only`). Every wait is bounded, and every server and child
process is stopped in a `finally`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import signal
import subprocess
import sys
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import aiohttp
import pytest

from reintegrate.cli import main, write_demo
from reintegrate.store import DataFileLocked, Store
from screens.serve import (
    NOT_STARTED,
    OPEN_IN_ANOTHER_TAB,
    GuardedServer,
    inline_script_hashes,
    is_loopback,
    listen,
    new_secret,
    run_until_stopped,
)
from tests.no_network import expected_attempts, loopback_only

TODAY = "2026-11-26"
ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds: the child app starts in a few, far more on a loaded machine


@pytest.fixture(autouse=True)
def real_data(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REINTEGRATE_DATA", str(tmp_path / "real" / "reintegrate.json"))


@asynccontextmanager
async def serving(data: Path):
    """A GuardedServer on a free loopback port, running the real app on `data`."""
    command = shlex.join([sys.executable, "-m", "reintegrate", "--data", str(data), "--date", TODAY])
    with loopback_only():
        sock = listen("127.0.0.1", 0)
        server = GuardedServer(command, host="127.0.0.1", port=sock.getsockname()[1],
                               secret=new_secret(), title="reintegrate")
        stop = asyncio.Event()
        task = asyncio.create_task(run_until_stopped(server, sock, stop=stop))
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as client:
                yield server, client
        finally:
            stop.set()
            await asyncio.wait_for(task, WAIT)


async def status(client: aiohttp.ClientSession, url: str) -> int:
    async with client.get(url, allow_redirects=False) as response:
        return response.status


async def test_every_request_without_the_secret_is_refused(tmp_path):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        base = server.public_url
        wrong = new_secret()
        for path in ("/", "/ws", "/static/js/textual.js", "/static/", "/download/x", f"/{wrong}/",
                     f"/{wrong}/ws", f"/{wrong}", f"/{server.secret}x", f"/{server.secret[:-1]}", f"/?key={server.secret}",
                     f"/static/{server.secret}/", f"/{server.secret[:-1]}/", f"//{server.secret}/"):
            async with client.get(base + path, allow_redirects=False) as response:
                assert response.status == 403, path
                assert await response.text() == "This address needs the secret printed by 'reintegrate serve'.\n"
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"{base}/ws")
        assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await client.ws_connect(f"{base}/{wrong}/ws")
        # Nothing was started for them: the data file is still free.
        with Store.open(data):
            pass


async def test_the_address_without_its_last_slash_is_sent_to_the_address_with_it(tmp_path):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        for asked, sent_to in ((f"/{server.secret}", f"/{server.secret}/"),
                               (f"/{server.secret}?fontsize=20", f"/{server.secret}/?fontsize=20")):
            async with client.get(server.public_url + asked, allow_redirects=False) as response:
                assert response.status == 302, asked
                assert response.headers["Location"] == sent_to
                assert response.headers["Referrer-Policy"] == "no-referrer"
        async with client.get(server.public_url + f"/{server.secret}") as followed:
            assert followed.status == 200 and str(followed.url) == server.address


async def test_with_the_secret_the_page_its_scripts_and_the_app_are_served(tmp_path):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        async with client.get(server.address) as page:
            assert page.status == 200
            html = await page.text()
        socket_url = f"ws://127.0.0.1:{server.port}/{server.secret}/ws"
        assert socket_url in html
        assert f"/{server.secret}/static/" in html
        # Our own page: it names no other site (textual-serve's asks Google for a font).
        assert "googleapis" not in html
        assert {url.split("/")[2] for url in re.findall(r"\w+://[^\s\"')]+", html)} == {f"127.0.0.1:{server.port}"}
        assert await status(client, f"{server.address}static/js/textual.js") == 200

        page_origin = f"http://127.0.0.1:{server.port}"  # a browser says where the page came from
        async with client.ws_connect(f"{socket_url}?width=100&height=30", origin=page_origin) as ws:
            screen = b""
            async with asyncio.timeout(WAIT):
                while b"Sam" not in screen:
                    message = await ws.receive()
                    assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                    if message.type == aiohttp.WSMsgType.BINARY:
                        screen += message.data
            # The app in the browser holds the data file: a terminal app is refused, as ever.
            with pytest.raises(DataFileLocked):
                Store.open(data)


async def drawn(ws: aiohttp.ClientWebSocketResponse, text: bytes) -> None:
    screen = b""
    async with asyncio.timeout(WAIT):
        while text not in screen:
            message = await ws.receive()
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
            if message.type == aiohttp.WSMsgType.BINARY:
                screen += message.data


async def closed_with(ws: aiohttp.ClientWebSocketResponse, within: float = WAIT) -> int:
    """The code the server closed the websocket with (whatever the app drew before)."""
    async with asyncio.timeout(within):
        while True:
            message = await ws.receive()
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                return ws.close_code


async def tab_open(client: aiohttp.ClientSession, server: GuardedServer) -> bool:
    async with client.get(f"{server.address}tabs") as answer:
        return (await answer.json())["open_in_another_tab"]


async def test_one_tab_at_a_time_runs_the_app_and_a_second_is_told_so_then_let_in(tmp_path):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        socket_url = f"ws://127.0.0.1:{server.port}/{server.secret}/ws"
        origin = f"http://127.0.0.1:{server.port}"
        assert not await tab_open(client, server)
        first = await client.ws_connect(socket_url, origin=origin)
        await drawn(first, b"Sam")
        assert await tab_open(client, server)
        # A second tab gets no app (it would only be refused the lock), but a code its page explains.
        async with client.ws_connect(socket_url, origin=origin) as second:
            assert await closed_with(second) == OPEN_IN_ANOTHER_TAB
        with pytest.raises(DataFileLocked):  # still one writer: the first tab's app
            Store.open(data)
        await first.close()
        # Once the first is closed, the next tab is let in: its app takes the records.
        async with client.ws_connect(socket_url, origin=origin) as third:
            await drawn(third, b"Sam")
        async with asyncio.timeout(WAIT):
            while await tab_open(client, server):
                await asyncio.sleep(0.05)


async def test_a_tab_whose_app_cannot_start_is_closed_with_a_code_saying_so(tmp_path):
    """The records open in a terminal: the tab's app is refused the lock and stops at
    once. The tab is closed, not left on its splash."""
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        with Store.open(data):  # the terminal app
            async with client.ws_connect(f"ws://127.0.0.1:{server.port}/{server.secret}/ws",
                                         origin=f"http://127.0.0.1:{server.port}") as ws:
                assert await closed_with(ws, within=WAIT / 2) == NOT_STARTED
        assert not await tab_open(client, server)


async def test_a_page_from_any_other_origin_cannot_open_the_app_even_with_the_secret(tmp_path):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        port = server.port
        socket_url = f"ws://127.0.0.1:{port}/{server.secret}/ws"
        for origin in ("http://evil.example", "null", f"http://127.0.0.1:{port + 1}", f"https://127.0.0.1:{port}",
                       f"http://127.0.0.1:{port}.evil.example", f"http://localhost:{port}/", "file://"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(socket_url, origin=origin)
            assert refused.value.status == 403, origin
            async with client.get(server.address, headers={"Origin": origin}) as page:
                assert page.status == 403, origin
        # A websocket is only ever opened by a page, and a browser always names its origin.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(socket_url)
        assert refused.value.status == 403
        # The page's own origin, by either name of this computer, is served.
        for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            async with client.get(server.address, headers={"Origin": origin}) as page:
                assert page.status == 200, origin
        # No app was started for any of them: the data file is still free.
        with Store.open(data):
            pass


def policy(header: str) -> dict[str, list[str]]:
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


async def test_every_response_sends_a_policy_of_this_server_only_and_no_referrer(tmp_path):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    async with serving(data) as (server, client):
        base = server.public_url
        async with client.get(server.address) as page:
            html = await page.text()
        scripts = inline_script_hashes(html)  # as served: the page's own scripts must still run
        assert scripts
        seen = []
        for url in (server.address, f"{server.address}static/js/textual.js", f"{server.address}no-such-page",
                    f"{base}/", f"{base}/ws"):
            async with client.get(url, headers={"Origin": "null"} if url == server.address else {}) as response:
                seen.append(response.status)
                headers = response.headers
            assert headers["Referrer-Policy"] == "no-referrer", url
            assert server.secret not in headers["Content-Security-Policy"]  # sent without the secret too
            rules = policy(headers["Content-Security-Policy"])
            assert rules["default-src"] == ["'none'"] and rules["frame-ancestors"] == ["'none'"]
            assert f"ws://127.0.0.1:{server.port}" in rules["connect-src"]
            assert set(scripts) <= set(rules["script-src"])
            sources = {source for values in rules.values() for source in values}
            others = {s for s in sources if not s.startswith("'sha256-")} - {
                "'self'", "'none'", "'unsafe-inline'", "'unsafe-hashes'", "data:", base, f"ws://127.0.0.1:{server.port}"}
            assert others == set(), url
        assert seen == [403, 200, 404, 403, 403]
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"ws://127.0.0.1:{server.port}/{server.secret}/ws", origin="http://evil.example")
        assert refused.value.headers["Referrer-Policy"] == "no-referrer"


def test_serve_refuses_a_file_another_window_has_open_before_listening(tmp_path, capsys):
    data = tmp_path / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    with Store.open(data):  # the terminal app
        assert main(["serve", "--data", str(data)]) == 1
    assert "open" in capsys.readouterr().err.lower()


def test_listening_beyond_this_computer_needs_host_and_prints_a_warning(capsys):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1") and not is_loopback("example.org")
    # The plugin stops the bind itself: the address tried is the one typed, after the warning.
    with expected_attempts() as seen:
        assert main(["serve", "--demo", "--host", "192.0.2.1", "--port", "8765"]) == 1
    assert seen == ["socket.bind(('192.0.2.1', 8765))"]
    assert "Warning: listening on 192.0.2.1" in capsys.readouterr().err
    assert main(["serve", "--demo", "--port", "70000"]) == 2


def test_the_serve_command_prints_the_address_and_stops_on_ctrl_c(tmp_path):
    """The real command in its own process: the address it prints works, nothing else does."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REINTEGRATE_DATA": str(tmp_path / "real.json")}
    process = subprocess.Popen(
        [sys.executable, "-m", "reintegrate", "serve", "--demo", "--date", TODAY],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )
    try:
        line = ""
        for _ in range(5):  # the address is on one of the first lines
            line = process.stdout.readline()
            if line.startswith("Open "):
                break
        address = line.split()[1]
        assert address.startswith("http://127.0.0.1:") and address.endswith("/")

        async def check() -> tuple[int, int]:
            base = address.rsplit("/", 2)[0]
            with loopback_only():
                async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as client:
                    return await status(client, address), await status(client, base + "/")

        assert asyncio.run(check()) == (200, 403)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT)
        process.stdout.close()
        process.stderr.close()


def test_each_tab_runs_the_app_on_the_same_file_date_and_demo_title(tmp_path):
    from reintegrate.cli import _options, build_parser
    from reintegrate.cli.serve_command import _served_command

    data = tmp_path / "a folder" / "demo.json"
    args = argparse.Namespace(date=date(2026, 11, 26), demo=True)
    argv = shlex.split(_served_command(args, data))
    assert argv[1:] == ["-m", "reintegrate", "--data", str(data), "--date", TODAY, "--shown-as-demo"]
    parser = build_parser()
    parsed = _options(parser.parse_args(argv[3:]), parser)
    assert parsed.data == data and parsed.shown_as_demo and not parsed.demo
