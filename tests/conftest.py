"""Shared test fixtures: fixed dates and stores on temporary files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from reintegrate.models import Household
from reintegrate.store import Store
from tests.fixtures import make_household, store_with

# A school day (Monday) and a weekend day (Saturday) of the same week.
MONDAY = date(2026, 11, 2)
SATURDAY = date(2026, 11, 7)


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path_factory, monkeypatch) -> None:
    """The user's config folder (keymap.toml) is never the real one in a test."""
    monkeypatch.setenv("REINTEGRATE_CONFIG", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def monday() -> date:
    return MONDAY


@pytest.fixture
def saturday() -> date:
    return SATURDAY


@pytest.fixture
def open_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """`open_store(household=None, today=MONDAY)`: a Store on a fresh temporary file.

    With no household, Sam's fixed household as of `today`; pass `Household()` for an
    empty file (the first run). Every store opened here is closed after the test.
    """
    opened: list[Store] = []

    def open_(household: Household | None = None, today: date = MONDAY) -> Store:
        folder = tmp_path / f"store-{len(opened)}"
        folder.mkdir()
        chosen = make_household(today) if household is None else household
        store = store_with(chosen, folder, today=today)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()
