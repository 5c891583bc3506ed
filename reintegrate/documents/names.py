"""Names inside tags, shown with their capitals.

Tags keep what was typed (models.base); they are matched and counted by `tag_key`, so
"Van", "van" and "VAN " are one trigger. Files written before kept their tags lower-cased,
so a support such as "Mrs Okafor" saved then reads "mrs okafor". Documents restore the
case of the names they know when they show a tag: the child's, the school's and the
staff's names as typed in the school details, and any title followed by a name ("mrs
okafor" -> "Mrs Okafor"). Counting and matching never see this; it is only how a tag is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reintegrate.models import Student

_TITLED = re.compile(r"\b(mr|mrs|ms|miss|mx|dr)(\.?)\s+([a-z][\w'-]*)", re.IGNORECASE)


def known_names(student: Student) -> list[str]:
    """The proper names a household has typed with their capitals, longest first."""
    school = student.school
    names = [student.name, school.name, *(member.name for member in school.staff)]
    return sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)


def shown_tag(tag: str, names: Iterable[str]) -> str:
    """A stored tag with the capitals of the names in it put back."""
    shown = tag
    for name in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        shown = pattern.sub(name, shown)
    return _TITLED.sub(lambda m: f"{m[1].capitalize()}{m[2]} {m[3][:1].upper()}{m[3][1:]}", shown)


def shown_tags(tags: Iterable[str], student: Student) -> list[str]:
    names = known_names(student)
    return [shown_tag(tag, names) for tag in tags]
