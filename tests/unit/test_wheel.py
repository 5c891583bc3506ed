"""The wheel carries the shipped data, and the installed package finds it.

Builds the real wheel once per run (a few seconds). Part of the default suite on
purpose: a packaging slip would otherwise only show up on a family's machine.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "data" / "templates").glob("*.json"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(out)]
    # With hatchling already installed the build needs no index at all.
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        if "hatchling" in result.stderr and "No matching distribution" in result.stderr:
            pytest.skip("the build backend (hatchling) cannot be fetched: no network and not installed")
        pytest.fail(f"building the wheel failed:\n{result.stdout}\n{result.stderr}")
    (built,) = out.glob("reintegrate-*.whl")
    return built


def test_the_wheel_contains_every_shipped_template(wheel: Path):
    assert SHIPPED
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for path in SHIPPED:
            inside = f"reintegrate/_data/templates/{path.name}"
            assert inside in names
            assert archive.read(inside) == path.read_bytes()
        assert "reintegrate/ladder/templates.py" in names and "reintegrate/resources.py" in names


def test_the_installed_package_finds_its_templates(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import json, reintegrate, reintegrate.resources as r, reintegrate.ladder.templates as t;"
        "print(json.dumps({'package': reintegrate.__file__, 'data': str(r.data_dir()),"
        " 'ids': sorted(x.id for x in t.list_templates())}))"
    )
    # PYTHONPATH puts the unpacked wheel ahead of the editable install of the checkout;
    # running from an empty folder keeps the checkout off the path.
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["package"]).is_relative_to(site)
    assert Path(found["data"]) == site / "reintegrate" / "_data"
    assert found["ids"] == sorted(path.stem for path in SHIPPED)


def test_the_wheel_installs_the_command_and_carries_every_data_file(wheel: Path):
    """What `pipx install .` and `uv tool install .` put on the path: the `reintegrate`
    command, with its pinned dependencies and the letter and report templates."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "reintegrate = screens.launch:main" in archive.read(entry_points).decode()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        requires = archive.read(metadata).decode()
        for pinned in ("textual==", "textual-serve==1.1.3", "icalendar==7.3.0"):
            assert f"Requires-Dist: {pinned}" in requires
        shipped = sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
        assert len(shipped) > len(SHIPPED)  # letters and reports as well as ladder templates
        for path in shipped:
            inside = f"reintegrate/_data/{path.relative_to(ROOT / 'data').as_posix()}"
            assert archive.read(inside) == path.read_bytes(), inside
        stylesheets = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "screens").rglob("*.tcss"))
        assert stylesheets and set(stylesheets) <= names
        assert "screens/serve.py" in names and "reintegrate/documents/calendar.py" in names
        assert "screens/web/app_index.html" in names  # the browser's page: `serve` without it serves nothing
