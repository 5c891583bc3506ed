"""Running the `reintegrate` command in the test's own process, as the command-line
tests do: `run(capsys, "export", ...)` gives the exit code and what was printed, and
fails the test if anything printed a traceback or the catch-all "unexpected problem"."""

from __future__ import annotations

from reintegrate.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected problem" not in out + err
    return code, out, err
