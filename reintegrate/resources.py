"""Where the shipped content (ladder templates, letters, the demo household) lives.

The wheel carries the repository's `data/` folder as `reintegrate/_data/` (see the
force-include in pyproject.toml); a source checkout, editable install included, has it
beside the package at the repository root. Both are found relative to this file, so
nothing here depends on the working directory, and nothing is read at import time.
"""

from __future__ import annotations

from pathlib import Path


def _candidates() -> tuple[Path, Path]:
    # Resolved on use, not at import: importing the core touches no files.
    package = Path(__file__).resolve().parent
    # Installed wheel first: in a checkout `_data` does not exist, and an installed
    # package has no repository root beside it.
    return package / "_data", package.parent / "data"


def data_dir() -> Path:
    """The folder holding the shipped data, from a wheel or from a source checkout."""
    candidates = _candidates()
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    searched = " or ".join(str(path) for path in candidates)
    raise FileNotFoundError(
        f"The app's shipped data folder is missing (looked in {searched}). "
        "Reinstalling reintegrate should bring it back."
    )


def data_file(*parts: str) -> Path:
    """A path inside the shipped data folder, e.g. data_file("templates", "x.json").

    The path is not checked for existence: callers report a missing file in their
    own words.
    """
    return data_dir().joinpath(*parts)
