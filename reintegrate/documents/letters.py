"""Letters to the school, filled from the records.

Templates live in `data/letters/<kind>.md.j2` (jinja2, plain text / Markdown ready to
paste into an email); the first line of each is `Subject: ...`. Every letter frames
the situation as access to education, quotes the data statements that matter for it,
and asks for an answer by a date counted in school days, so saving it can log a
`Contact` that the overdue reminders then watch. No letter cites a law: families use
this in many countries, and the wording must hold in all of them.

Every sentence is either the records' words or the parent's own. Where a letter
characterises the situation (how things have changed, what mornings are like), the
sentence comes from the records (`statements.change_statement`) or is left for the
parent to write: a `[In your own words: ...]` place the letter screen selects and a
saved letter should not keep (`own_words`). No fixed sentence the records could
contradict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reintegrate.contacts import (
    REQUEST_NOUNS,
    Thread,
    Waiting,
    due_after_school_days,
    request_label,
    request_to_follow_up,
    school_days_waited,
    thread_of,
)
from reintegrate.documents import statements as st
from reintegrate.documents.letter_kinds import LETTER_KINDS
from reintegrate.documents.letter_supports import support_lines
from reintegrate.models import Attempt, Barrier, BarrierStatus, Channel, Contact, DayStatus, Student
from reintegrate.resources import data_file
from reintegrate.schooldays import SchoolDays, long_date
from reintegrate.why.home import tried_at_home

if TYPE_CHECKING:
    import jinja2

# Where a letter leaves the parent to write: '[your name]' and '[In your own words: ...]'.
OWN_WORDS = re.compile(r"\[(?:your name|In your own words:[^\]\n]*)\]")


def own_words(text: str) -> list[re.Match[str]]:
    """The places in a letter's text still waiting for the parent's own words."""
    return list(OWN_WORDS.finditer(text))

# Which statements each letter quotes, in order. A letter about a plan quotes the step
# and its results; a notice quotes only what a school needs to know straight away.
_FACTS = {
    "notify_unable_to_attend": [st.ATTENDANCE, st.MORNINGS],
    "request_meeting": [st.ATTENDANCE, st.CURRENT_STEP, st.REPEATED_UNSUCCESSFUL, st.TRIGGER, st.MORNINGS],
    "request_evaluation": [st.ATTENDANCE, st.MORNINGS, st.TRIGGER],
    "request_supports": [st.ATTENDANCE, st.CURRENT_STEP, st.TRIGGER],
    "ask_homebound_hybrid": [st.ATTENDANCE, st.REPEATED_UNSUCCESSFUL],
    "follow_up": [st.ATTENDANCE],
    "plan_not_working": [st.ATTENDANCE, st.CURRENT_STEP, st.REPEATED_UNSUCCESSFUL, st.TRIGGER],
}
# Letters that say what changed over the period, from the records.
_CHANGE = {"plan_not_working", "request_meeting"}
# What was asked, as logged in the contact (and quoted by a later follow-up).
_REQUESTS = {
    "notify_unable_to_attend": (
        "Please confirm you have received this notice, name our main contact at school, "
        "and tell us how {child} can receive schoolwork in the meantime."
    ),
    "request_meeting": (
        "A team meeting within {within} school days to agree the plan for the next 5 to 10 "
        "school days, the supports that can be put in place now, and what we will do if "
        "attendance does not improve."
    ),
    "request_evaluation": (
        "An evaluation of {child}'s needs: who will carry it out, when it can start, and "
        "what support can be put in place while we wait."
    ),
    "request_supports": "Temporary supports: {supports}.",
    "ask_homebound_hybrid": (
        "Which options for teaching at home or hybrid teaching are possible for {child}, "
        "and how they fit with the plan to return."
    ),
    "follow_up": "A reply to my earlier request of {earlier}.",
    "plan_not_working": (
        "A meeting within {within} school days to review {child}'s plan: what is working "
        "and what is not, what needs to change, what has been tried and what comes next."
    ),
}
_CHANNEL_WORDS = {
    Channel.email: "email",
    Channel.phone: "phone call",
    Channel.meeting: "request at our meeting",
    Channel.letter: "letter",
    Channel.in_person: "conversation",
}


def _letters_dir() -> Path:
    folder = data_file("letters")
    if not folder.is_dir():
        raise FileNotFoundError("The letter templates are missing from this installation.")
    return folder


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Imported with the first letter, not with this module: the command line lists the
    # kinds of letter on every start, and the app opens without writing one.
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_letters_dir()),
        autoescape=False,  # plain text for an email, not HTML
        undefined=jinja2.StrictUndefined,  # a misspelt variable fails loudly in tests
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True, kw_only=True)
class LetterInput:
    """Everything a letter is filled from. Plan lines come in as plain values so the
    letters do not depend on how the planner computes them."""

    student: Student
    today: date
    attempts: Sequence[Attempt] = ()
    days: Sequence[DayStatus] = ()
    contacts: Sequence[Contact] = ()
    barriers: Sequence[Barrier] = ()
    to_name: str = ""
    within_school_days: int = 5
    supports: Sequence[str] = ()  # keys of SUPPORTS; any other text is used as written
    # The request a follow-up is about (any contact in its thread); default: the
    # longest overdue request.
    follow_up_on: Contact | Waiting | None = None
    next_days: Sequence[tuple[date, str]] = ()
    next_days_follow: str = ""  # 'as proposed (repeat)', 'as chosen on Tue 3 Dec: ...'
    current_step_title: str = ""  # default: the ladder's current step
    since: date | None = None  # default: plan start, else the first record
    team: str = ""  # e.g. "IEP team", "504 team", "pastoral team"
    # Supports matched to why school is hard (the planner's supports_to_try, as
    # (support, purpose, why)): with nothing ticked, the supports letter asks for these.
    matched_supports: Sequence[tuple[str, str, str]] = ()
    # Why the plan needs review, when the planner says it does (the plan view's
    # proposal.review_reasons); empty when it does not.
    review_reasons: Sequence[str] = ()

    @property
    def school_days(self) -> SchoolDays:
        """The student's school days: the calendar and the days marked closed in `days`
        (pass every day status, those marked ahead too, so a deadline skips them)."""
        return SchoolDays.of(self.student, self.days)


@dataclass(frozen=True)
class Letter:
    """A filled letter. To keep the family's edits, make a new one with
    `dataclasses.replace(letter, subject=..., body=...)` before `to_contact`."""

    kind: str
    title: str
    subject: str
    body: str
    due_on: date | None
    student_id: str
    written_on: date
    to_name: str = ""
    to_role: str = ""
    to_email: str = ""
    request: str = ""
    statements: tuple[st.Statement, ...] = field(default=())
    follows_up: str | None = None  # a follow-up: the request it follows up (its thread)

    @property
    def text(self) -> str:
        """Subject and body together, as saved to a file."""
        return f"Subject: {self.subject}\n\n{self.body}"


def _first_record(inp: LetterInput) -> date | None:
    dates = [r.on for r in (*inp.attempts, *inp.days) if r.student_id == inp.student.id]
    return min(dates) if dates else None


def _since(inp: LetterInput) -> date:
    if inp.since is not None:
        start = inp.since
    elif inp.student.plan is not None:
        start = inp.student.plan.start
    else:
        start = _first_record(inp) or inp.today
    return min(start, inp.today)  # a plan starting next week has no data yet


def default_recipient(kind: str, inp: LetterInput) -> str:
    """Who a letter goes to when the family has not said: for a follow-up, the person the
    earlier request went to; otherwise the first of the school's staff; else nobody (the
    letter then greets the school's team). The app's letter screen and `reintegrate
    letter` both start from this."""
    if kind == "follow_up":
        try:
            person = _earlier(inp).request.person
        except ValueError:
            person = ""
        if person:
            return person
    staff = inp.student.school.staff
    return staff[0].name if staff else ""


def _recipient(inp: LetterInput) -> tuple[str, str, str]:
    name = inp.to_name.strip()
    for staff in inp.student.school.staff:
        if name and staff.name.casefold() == name.casefold():
            return staff.name, staff.role, staff.email
    return name, "", ""


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"}


def salutation_name(name: str) -> str:
    """'Mr Daniel Hughes' -> 'Mr Hughes': a letter is addressed by title and surname.
    A name without a title is kept whole ('Daniel Hughes', 'Ms Reyes')."""
    words = name.split()
    if len(words) > 2 and words[0].rstrip(".").casefold() in _TITLES:
        return f"{words[0]} {words[-1]}"
    return " ".join(words)


def _greeting(inp: LetterInput, name: str) -> str:
    if name:
        return f"Dear {salutation_name(name)},"
    school = inp.student.school.name
    return f"Dear {school} team," if school else "Dear team,"


def _tried(inp: LetterInput, since: date) -> list[str]:
    """Each step attempted in the period with its results, then barrier workarounds,
    then the supports kept at home in the period, with their dates."""
    by_step: dict[str, list[Attempt]] = {}
    for attempt in sorted(inp.attempts, key=lambda a: a.on):
        if attempt.student_id == inp.student.id and since <= attempt.on <= inp.today:
            by_step.setdefault(attempt.step_id, []).append(attempt)
    lines = []
    for attempts in by_step.values():
        done = sum(1 for a in attempts if st.is_success(a))
        n = len(attempts)
        lines.append(
            f"'{attempts[-1].step_title}': {n} {'attempt' if n == 1 else 'attempts'}, "
            f"{done} succeeded."
        )
    for barrier in inp.barriers:
        if barrier.student_id != inp.student.id or not barrier.workaround:
            continue
        done = " (now resolved)" if barrier.status is BarrierStatus.resolved else ""
        lines.append(f"{barrier.title}: {barrier.workaround.rstrip('.')}{done}.")
    return lines + tried_at_home(inp.student, since, inp.today)


def _earlier(inp: LetterInput) -> Thread:
    """The thread a follow-up is about: the request and every reminder sent so far."""
    mine = [c for c in inp.contacts if c.student_id == inp.student.id]
    chosen = inp.follow_up_on
    if isinstance(chosen, Waiting):
        return chosen.thread
    if chosen is not None:
        return thread_of([c for c in mine if c.id != chosen.id] + [chosen], chosen.id) or Thread(chosen)
    return request_to_follow_up(mine, inp.school_days, inp.today).thread


def _dates_words(days: Sequence[date]) -> str:
    words = [long_date(day) for day in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _earlier_context(inp: LetterInput, thread: Thread, recipient: str) -> dict:
    contact = thread.request
    # "my email to Ms Patel" reads oddly in a letter that is itself to Ms Patel.
    to = ""
    if contact.person and contact.person.casefold() != recipient.casefold():
        to = contact.person + (f" ({contact.role})" if contact.role else "")
    sent = [c.on for c in thread.follow_ups if c.on <= inp.today]
    reminders = ""
    if sent:
        reminders = f"my {'reminder' if len(sent) == 1 else 'reminders'} of {_dates_words(sent)}"
    due = thread.due_on
    return {
        "label": REQUEST_NOUNS.get(contact.letter_kind, "").lower() or "my request",
        "sent": long_date(contact.on),
        "channel": _CHANNEL_WORDS[contact.channel],
        "to": to,
        # "my email of 2 November and my reminder of 9 November": every earlier reminder.
        "reminders": reminders,
        # Quoted as a Markdown block: every line of a long request keeps its marker.
        "request": "\n> ".join((contact.request or contact.summary or "A reply to my message.").splitlines()),
        "waited": school_days_waited(inp.school_days, contact.on, inp.today),
        "due": long_date(due) if due else "",
    }


def _meeting_with(child: str, team: str) -> str:
    team = re.sub(r"^(the|a)\s+", "", team.strip(), flags=re.IGNORECASE)
    if team:
        return f"a meeting of {child}'s {team}"
    return f"a team meeting with the staff who support {child}"


# Where a template wants a Markdown hard break (two spaces before the line's end, so
# the sign-off's name and "Parent of ..." stay on two lines when the letter is shown as
# Markdown): marked in the template, made after trailing spaces are tidied away.
_HARD_BREAK = "\ue000"


def _tidy(text: str) -> str:
    """No trailing spaces but hard breaks, never more than one blank line, one final newline."""
    lines = [line.rstrip().replace(_HARD_BREAK, "  ") for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def render_letter(kind: str, inp: LetterInput) -> Letter:
    """One letter of `kind` (a key of LETTER_KINDS), filled from `inp`."""
    if kind not in LETTER_KINDS:
        raise ValueError(f"'{kind}' is not a kind of letter. Choose one of: {', '.join(LETTER_KINDS)}.")
    student = inp.student
    child = student.name
    since = _since(inp)
    due = due_after_school_days(inp.school_days, inp.today, inp.within_school_days)
    name, role, email = _recipient(inp)

    found = {
        s.kind: s
        for s in st.data_statements(student, inp.attempts, inp.days, since, inp.today, today=inp.today)
    }
    chosen = tuple(found[k] for k in _FACTS[kind] if k in found)
    current = student.ladder.current
    current_step = inp.current_step_title or (current.title if current else "")
    lines = support_lines(student, inp.today, child, inp.supports, inp.matched_supports)
    supports = lines.asked
    plan = student.plan
    # The run of unsuccessful attempts is said once: by the statement about them, if quoted.
    change = st.change_statement(student, inp.attempts, inp.days, since, inp.today, today=inp.today,
                                 with_runs=st.REPEATED_UNSUCCESSFUL not in {s.kind for s in chosen})
    if change is not None and kind in _CHANGE:
        chosen += (change,)

    context = {
        "child": child,
        "school": student.school.name or "the school",
        "parent_name": student.school.parent_name or "[your name]",
        "greeting": _greeting(inp, name),
        "within": inp.within_school_days,
        "due": long_date(due),
        "facts": [s.sentence for s in chosen if s.kind != st.CHANGE],
        "change": change.sentence if change is not None and kind in _CHANGE else "",
        "review_reasons": list(inp.review_reasons),
        "current_step": current_step,
        "next_days": [(long_date(day), title) for day, title in inp.next_days],
        "next_days_follow": inp.next_days_follow,
        "supports": supports,
        "supports_ticked": lines.ticked,
        "supports_matched": lines.matched,
        "supports_at_home": lines.at_home,
        "meeting_with": _meeting_with(child, inp.team),
        "hard_break": _HARD_BREAK,
        "tried": _tried(inp, since) if kind == "plan_not_working" else [],
        "plan_start": long_date(plan.start) if plan else "",
        "plan_review": long_date(plan.review_on) if plan and plan.review_on > inp.today else "",
    }
    request_values = {"child": child, "within": inp.within_school_days, "supports": "; ".join(supports)}
    follows_up = None
    if kind == "follow_up":
        earlier = _earlier(inp)
        follows_up = earlier.id
        # The person followed up keeps the role the request was logged with, when the
        # school's staff list does not know them.
        request = earlier.request
        if name and request.person.casefold() == name.casefold():
            role = role or request.role
        context["earlier"] = _earlier_context(inp, earlier, name)
        request_values["earlier"] = f"{context['earlier']['sent']} ({request_label(earlier.request)})"

    rendered = _environment().get_template(f"{kind}.md.j2").render(context)
    first, _, body = rendered.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"The template for '{kind}' must start with a 'Subject:' line.")
    return Letter(
        kind=kind,
        title=LETTER_KINDS[kind],
        subject=first.removeprefix("Subject:").strip(),
        body=_tidy(body),
        due_on=due,
        student_id=student.id,
        written_on=inp.today,
        to_name=name,
        to_role=role,
        to_email=email,
        request=_REQUESTS[kind].format(**request_values),
        statements=chosen,
        follows_up=follows_up,
    )


def to_contact(letter: Letter, *, on: date | None = None, channel: Channel = Channel.email) -> Contact:
    """The contact-log entry for a letter that has been sent (on `on`, default the day
    it was written), with the answer due on the date the letter asks for."""
    sent = on or letter.written_on
    if letter.due_on is not None and letter.due_on < sent:
        raise ValueError(
            f"This letter asks for an answer by {long_date(letter.due_on)}, which has "
            "passed; write it again so the date is right."
        )
    return Contact(
        student_id=letter.student_id,
        on=sent,
        person=letter.to_name,
        role=letter.to_role,
        channel=channel,
        summary=letter.subject,
        request=letter.request,
        due_on=letter.due_on,
        letter_kind=letter.kind,
        follows_up=letter.follows_up,
    )
