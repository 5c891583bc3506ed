"""`reintegrate serve` in a real browser: the system's Chromium, driven by Playwright.

One server for the module (the real `reintegrate serve` command, in its own process, on
a free loopback port, on a copy of the demo household) and one browser; each test opens
its own tabs in a fresh browser context and closes them. Every request the page makes to
any host but 127.0.0.1 is aborted (the network is unplugged for the page) and listed, and
a test fails if there was one.

Playwright never downloads a browser here: it is given the system's `chromium`, and the
module is skipped where there is none (CI installs Debian's).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reintegrate.cli import write_demo
from reintegrate.store import DataFileLocked, Store

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("the browser tests need the system's Chromium (Debian's chromium package)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

# One worker runs the whole module (`make test` distributes by group): one server, one browser.
pytestmark = pytest.mark.xdist_group("chromium")

TODAY = "2026-11-26"
ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds: the server and each tab's app start in a few, far more on a loaded machine
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REFUSED = "This address needs the secret printed by 'reintegrate serve'."

# What the terminal is given, as text: recorded after the page's own handling of each message.
RECORD_THE_TERMINAL = """
(() => {
  window.__drawn = "";
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const decoder = new TextDecoder();
      setTimeout(() => this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          window.__drawn += decoder.decode(event.data, { stream: true });
        }
      }), 0);
    }
  };
})();
"""


@dataclass
class Served:
    address: str  # http://127.0.0.1:PORT/SECRET/
    data: Path

    @property
    def base(self) -> str:
        return self.address.rstrip("/").rsplit("/", 1)[0]

    @property
    def secret(self) -> str:
        return self.address.rstrip("/").rsplit("/", 1)[1]


@dataclass
class Tabs:
    """A browser context whose pages may ask 127.0.0.1 only; every other request is listed."""

    context: object
    elsewhere: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def new(self):
        return self.context.new_page()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    data = folder / "family.json"
    write_demo(data, date.fromisoformat(TODAY))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REINTEGRATE_DATA": str(folder / "unused.json"),
           "REINTEGRATE_CONFIG": str(folder / "config")}
    output = folder / "server.txt"
    with open(output, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "reintegrate", "serve", "--data", str(data), "--date", TODAY],
                                   stdout=out, stderr=subprocess.STDOUT, env=env, cwd=folder)
    try:
        deadline = time.monotonic() + WAIT
        address = ""
        while not address:
            assert process.poll() is None and time.monotonic() < deadline, output.read_text()
            time.sleep(0.1)
            address = next((line.split()[1] for line in output.read_text().splitlines() if line.startswith("Open ")), "")
        yield Served(address, data)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=WAIT)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def tabs(browser, served) -> Iterator[Tabs]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    tabs = Tabs(context)

    def only_this_computer(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            tabs.elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_this_computer)
    context.on("request", lambda request: tabs.asked.append(request.url))
    context.add_init_script(RECORD_THE_TERMINAL)
    try:
        yield tabs
    finally:
        context.close()
        # The next test's tab is the only one: wait until this one's app has let the records go.
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                with Store.open(served.data):
                    break
            except DataFileLocked:
                time.sleep(0.1)
    assert tabs.elsewhere == [], "the page asked another host"


def drawn(page) -> str:
    return page.evaluate("window.__drawn")


def wait_drawn(page, text: str) -> None:
    page.wait_for_function("(text) => window.__drawn.includes(text)", arg=text, timeout=WAIT * 1000)


def test_the_app_draws_its_footer_and_takes_keys_without_a_click(served, tabs):
    page = tabs.new()
    page.goto(served.address)
    wait_drawn(page, "Today's step")
    assert page.evaluate("document.activeElement.classList.contains('xterm-helper-textarea')")
    # The footer shows Today's keys, though nothing was clicked.
    wait_drawn(page, "Mark day")
    page.keyboard.press("l")
    wait_drawn(page, "Ladder for Sam")
    assert page.is_visible("#terminal") and not page.is_visible("#starting")
    # Reloaded, the tab is still the one with the records: its old app is waited for.
    page.reload()
    wait_drawn(page, "Today's step")
    assert not page.is_visible("#open-in-another-tab")
    page.keyboard.press("q")  # the app quits: the page says the session ended
    page.locator("#ended").wait_for(state="visible", timeout=WAIT * 1000)


def test_with_the_network_unplugged_the_page_asks_no_other_host_and_draws_all_of_itself(served, tabs):
    page = tabs.new()
    response = page.goto(served.address)
    wait_drawn(page, "Today's step")
    assert {urlsplit(url).hostname for url in tabs.asked} == {"127.0.0.1"}, tabs.asked
    assert tabs.elsewhere == []
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "http" not in policy.replace(served.base, "")
    assert "https:" not in page.content()
    # The terminal's font came from this server, and the header's icon reaches the
    # terminal as a character that font has, so it is drawn (it was an empty box).
    assert page.evaluate("document.fonts.check(\"16px 'Roboto Mono'\")")
    screen = drawn(page)
    assert "\u2b58" not in screen and "\u2022" in screen
    inked = page.evaluate("""() => {
        const canvas = document.createElement("canvas");
        const context = canvas.getContext("2d");
        const ink = (character) => {
            context.clearRect(0, 0, 40, 40);
            context.font = "24px 'Roboto Mono'";
            context.fillText(character, 4, 30);
            return Array.from(context.getImageData(0, 0, 40, 40).data).join();
        };
        return ink("\u2022") !== ink("\ue000");
    }""")
    assert inked, "the terminal's font has no glyph for the header's icon"


def test_a_second_tab_is_told_the_records_are_open_and_offered_them_once_the_first_closes(served, tabs):
    first = tabs.new()
    first.goto(served.address)
    wait_drawn(first, "Today's step")
    second = tabs.new()
    second.goto(served.address)
    told = second.locator("#open-in-another-tab")
    told.wait_for(state="visible", timeout=WAIT * 1000)
    assert "The records are open in another tab" in told.inner_text()
    assert second.is_disabled("#take-over")
    assert drawn(second) == ""  # no app was started for it
    with pytest.raises(DataFileLocked):  # the first tab's app is the one writer
        Store.open(served.data)
    first.close()
    second.wait_for_selector("#take-over:enabled", timeout=WAIT * 1000)
    assert second.is_visible("#now-free")
    second.click("#take-over")
    wait_drawn(second, "Today's step")
    second.keyboard.press("l")
    wait_drawn(second, "Ladder for Sam")


def test_every_path_needs_the_secret_and_the_address_without_its_slash_is_redirected(served, tabs):
    page = tabs.new()
    wrong = "x" * len(served.secret)
    for path in ("/", "/ws", "/tabs", "/static/js/textual.js", f"/{wrong}/", f"/{wrong}/tabs",
                 f"/{served.secret}x/", f"/{served.secret[:-1]}/", f"/static/{served.secret}/"):
        response = page.goto(served.base + path)
        assert response.status == 403, path
        assert page.inner_text("body").strip() == REFUSED, path
    # A websocket without the secret is refused before it opens: no app starts.
    ws = served.base.replace("http:", "ws:")
    for path in ("/ws", f"/{wrong}/ws", f"/{served.secret}ws", "/static/ws"):
        opened = page.evaluate("""(url) => new Promise((resolve) => {
            const socket = new WebSocket(url);
            socket.onopen = () => { socket.close(); resolve(true); };
            socket.onerror = () => resolve(false);
        })""", ws + path)
        assert opened is False, path
    with Store.open(served.data):  # no app was started: the records are free
        pass
    # The address as typed without its last "/" is sent to the one with it, and works.
    page.goto(f"{served.base}/{served.secret}")
    assert page.url == served.address
    wait_drawn(page, "Today's step")


def test_a_tab_whose_app_cannot_start_says_so_instead_of_waiting_forever(served, tabs):
    page = tabs.new()
    with Store.open(served.data):  # the records open in a terminal window
        page.goto(served.address)
        told = page.locator("#not-started")
        told.wait_for(state="visible", timeout=WAIT * 1000)
    assert "could not start" in told.inner_text() and not page.is_visible("#starting")
    page.click("#not-started button")  # closed in the terminal: try again
    wait_drawn(page, "Today's step")
