"""The core never loads the terminal UI: `reintegrate` must work, and be tested, without
a terminal. Checked in a fresh interpreter, because this test process may already
have imported textual for other tests."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import importlib, json, pkgutil, sys
import reintegrate

skipped = {"reintegrate.cli", "reintegrate.__main__"}
imported, failed = [], {}
for info in pkgutil.walk_packages(reintegrate.__path__, prefix="reintegrate."):
    name = info.name
    # The command line (and anything under it) is the boundary that starts the UI.
    if name in skipped or any(name.startswith(s + ".") for s in skipped):
        continue
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
    imported.append(name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"imported": imported, "failed": failed, "ui": ui}))
"""


def test_no_core_module_loads_textual_or_rich():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(done.stdout)
    assert found["failed"] == {}
    # The modules this test exists to watch must have been imported, or it proves nothing.
    assert {"reintegrate.models", "reintegrate.store", "reintegrate.schooldays"} <= set(found["imported"])
    assert found["ui"] == [], f"the core loaded {found['ui']}"
