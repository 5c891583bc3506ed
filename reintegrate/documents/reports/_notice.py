"""The privacy notice at the top of every report."""

from __future__ import annotations

from reintegrate.models import Student


def sensitive_notice(student: Student) -> str:
    return (f"Private: this report holds sensitive information about a child, "
            f"{student.name}. Share it only with people who support {student.name}, "
            f"and keep it somewhere safe.")
