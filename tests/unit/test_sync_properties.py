"""Any interleaving of edits, syncs and the sync tool's deliveries (late, out of order,
an older version over a newer one, a version left as the tool's conflict copy) ends, once the tool has caught up and each home has
synced, with both homes holding the same records."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync_homes import Clock, Home, SyncTool, household_of, new_key


@pytest.fixture(scope="module")
def identity() -> str:
    return new_key()


step = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 1)),
    st.tuples(st.just("change"), st.integers(0, 1), st.integers(0, 5)),
    st.tuples(st.just("delete"), st.integers(0, 1), st.integers(0, 5)),
    st.tuples(st.just("sync"), st.integers(0, 1)),
    st.tuples(st.just("carry"), st.integers(0, 1)),  # the newest file of one home to the other
    st.tuples(st.just("carry old"), st.integers(0, 1), st.integers(0, 5)),  # an older version, late
    st.tuples(st.just("conflict copy"), st.integers(0, 1), st.integers(0, 5)),  # a version, as the tool's copy
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, max_size=12))
def test_any_interleaving_of_edits_and_syncs_ends_with_both_homes_holding_the_same_records(identity, steps):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        clock = Clock()
        homes = [Home(root, "a", identity, clock, household_of()), Home(root, "b", identity, clock)]
        tool = SyncTool(*homes)
        written: list[list[bytes]] = [[], []]
        for kind, who, *which in steps:
            home, other = homes[who], homes[1 - who]
            ids = sorted(home.notes())
            if kind == "add":
                with home.open() as store:
                    has_student = bool(store.students())
                if has_student:
                    home.add_attempt(f"note {clock.tick()}")
            elif kind == "change" and ids:
                home.change_notes(ids[which[0] % len(ids)], f"changed {clock.tick()}")
            elif kind == "delete" and ids:
                home.delete(ids[which[0] % len(ids)])
            elif kind == "sync":
                home.sync()
                if home.own_file.exists():
                    written[who].append(home.own_file.read_bytes())
            elif kind == "carry" and home.own_file.exists():
                tool.carry(home, other)
            elif kind == "carry old" and written[who]:
                tool.carry(home, other, raw=written[who][which[0] % len(written[who])])
            elif kind == "conflict copy" and written[who]:
                version = which[0] % len(written[who])
                tool.carry(home, other, name=f"{home.id}.reintegrate.sync-conflict-2026112{version}-0800-X.age",
                           raw=written[who][version])
        a, b = homes
        a.sync()
        tool.everywhere()
        b.sync()
        tool.everywhere()
        a.sync()
        assert a.records() == b.records()
