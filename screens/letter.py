"""Write a letter to the school from the records, edit it, then log it and keep a copy.

The letter is filled by the core (`reintegrate.documents.letters`) and shown in an editable
text area: the family's words win. Saving logs it as a contact whose answer is due a
number of *school* days later, writes a private copy to a file and puts the text on
the clipboard, ready to paste into an email.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Footer, Header, Input, Label, Select, Static, TextArea
from textual.widgets.text_area import Selection

from reintegrate.contacts import Waiting, request_label, waiting_on_school
from reintegrate.documents.formats import plan_fields
from reintegrate.documents.letters import (
    LETTER_KINDS,
    Letter,
    LetterInput,
    default_recipient,
    own_words,
    render_letter,
    to_contact,
)
from reintegrate.models import Barrier, Contact, Student
from reintegrate.planner.view import plan_view
from reintegrate.schooldays import SchoolDays, long_date
from reintegrate.store.files import OutputRefused, write_private
from screens.modals.confirm import ConfirmModal
from screens.modals.letter import SaveLetterModal, SendChoice
from screens.saving import ChangesNotSaved, ChangesSaved
from screens.session import Session
from screens.widgets.fields import FormInput, TickBox
from screens.widgets.plain import escape
from screens.workers import ReportsFailures

# Short labels for the ticks; the letter itself uses reintegrate.documents.letters.SUPPORTS.
SUPPORT_TICKS = {
    "shortened_day": "Shorter day",
    "flexible_arrival": "Flexible arrival",
    "safe_space": "Safe space",
    "reduced_workload": "Less work",
    "transport": "Other transport",
}
# Letters that lay out the next school days from the planner.
WITH_PLAN = {"request_meeting", "plan_not_working"}
# The letter that asks for a plan review: suggested when the planner says one is due.
REVIEW_LETTER = "plan_not_working"


def review_note(kind: str, reasons: list[str], student: Student) -> str:
    """What the screen says about a plan review: the review letter suggested when the
    planner says the plan needs one, and why it was not suggested when picked anyway."""
    if kind == REVIEW_LETTER and not reasons:
        settings = student.settings
        return (f"The planner does not say this plan needs review yet (it does after "
                f"{settings.review_after_school_days} school days without a move up, or when "
                "time managed over two weeks is not more than the two before). ")
    if kind != REVIEW_LETTER and reasons and kind != "follow_up":
        return (f"The planner says the plan needs review: '{LETTER_KINDS[REVIEW_LETTER]}' asks "
                "for one, with its reasons. ")
    return ""


def letters_folder(session: Session) -> Path:
    """Letters and exports sit beside the data file, in a folder only the family reads."""
    return session.store.path.parent / "letters"


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """`folder/stem.md`, or `stem-2.md`... when that name is taken: nothing is overwritten."""
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def split_text(text: str, fallback_subject: str) -> tuple[str, str]:
    """The edited text as (subject, body): a first 'Subject:' line is the subject."""
    first, _, rest = text.partition("\n")
    if first.startswith("Subject:"):
        return first.removeprefix("Subject:").strip() or fallback_subject, rest.lstrip("\n")
    return fallback_subject, text


class LetterScreen(ReportsFailures, Screen[Contact | None]):
    """Choose a kind of letter and its options; edit the text; Ctrl+S logs and saves it."""

    CSS_PATH = "letter.tcss"
    AUTO_FOCUS = "#letter-text"
    IS_FORM = True
    HELP_TITLE = "Write a letter to the school"
    HELP = (
        "Choose the kind of letter, who it is to and within how many school days you ask "
        "for an answer; the letter below is filled from your records and quotes the numbers. "
        "Edit it freely. Ctrl+S logs it as sent today with its answer date, saves a private "
        "copy and puts it on the clipboard; Ctrl+L only copies it. Ctrl+R fills the letter "
        "again from the options. The letters make no legal claims: they ask, with the facts."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save and log", id="letter.save", priority=True),
        Binding("ctrl+l", "copy", "Copy letter", id="letter.copy", priority=True),
        Binding("ctrl+r", "refill", "Fill again", id="letter.refill", priority=True),
        Binding("escape", "leave", "Back", id="letter.leave"),
    ]

    def __init__(self, session: Session, student: Student, kind: str = "",
                 follow_up_id: str = "") -> None:
        super().__init__()
        self.session = session
        self.student = student
        self._plan: dict | None = None
        # No kind asked for: the review letter when the planner says the plan needs one.
        if kind not in LETTER_KINDS:
            kind = REVIEW_LETTER if self.plan_values()["review_reasons"] else "request_meeting"
        self.kind = kind
        store = session.store
        self.contacts = store.all(Contact, student.id)
        self.barriers = store.all(Barrier, student.id)
        self.attempts = [a for a in store.attempts(student.id) if a.on <= session.today]
        # Every day status, those marked ahead too: a deadline skips a day marked closed.
        self.days = list(store.days(student.id))
        self.follow_choices = self._follow_choices()
        # Any contact of a thread chooses the thread (the school log's selected row).
        chosen = next((w for _, w in self.follow_choices if any(c.id == follow_up_id for c in w.thread.contacts)),
                      None)
        ids = [w.thread.id for _, w in self.follow_choices]
        self.follow_up_id = chosen.thread.id if chosen else (ids[0] if ids else "")
        self.letter: Letter | None = None
        self.rendered = ""
        # The letter being logged and written, its contact and where it goes.
        self.sending: tuple[Letter, Contact, SendChoice] | None = None

    # --- options -------------------------------------------------------------------------

    def _follow_choices(self) -> list[tuple[Content, Waiting]]:
        """What is waiting on the school, as Today and `status` list it: overdue requests
        first (longest overdue first), then those still waiting; one per thread."""
        choices = []
        for item in waiting_on_school(self.contacts, SchoolDays.of(self.student, self.days), self.session.today):
            request = item.contact
            said = f"{request_label(request)}, sent {request.on.day} {request.on:%b}"
            if item.thread.follow_ups:
                latest = item.thread.follow_ups[-1].on
                said += f", followed up {latest.day} {latest:%b}"
            state = "overdue" if item.overdue else f"due {item.due_on.day} {item.due_on:%b}"
            choices.append((Content(f"{said} ({state})"), item))
        return choices

    def _default_to(self) -> str:
        return default_recipient(self.kind, LetterInput(
            student=self.student, today=self.session.today, contacts=self.contacts,
            follow_up_on=self._chosen() if self.kind == "follow_up" else None))

    def compose(self) -> ComposeResult:
        self.title = f"A letter to the school about {self.student.name}"
        staff = [s.name for s in self.student.school.staff]
        yield Header()
        with Vertical(id="letter"):
            with Horizontal(classes="form-row"):
                yield Label("Letter", classes="form-label")
                yield Select([(title, kind) for kind, title in LETTER_KINDS.items()], value=self.kind,
                             allow_blank=False, id="letter-kind", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("To", classes="form-label")
                yield FormInput(self._default_to(), id="letter-to", compact=True, placeholder="name, or empty",
                                suggester=SuggestFromList(staff, case_sensitive=False))
                yield Label("answer within", classes="inline-label")
                yield FormInput("5", id="letter-within", compact=True, restrict=r"\d{0,2}", classes="short")
                yield Label("school days", classes="inline-label")
            with Horizontal(classes="form-row option-row", id="team-row"):
                yield Label("Team", classes="form-label")
                yield FormInput("", id="letter-team", compact=True,
                                placeholder="optional, e.g. IEP team, 504 team, pastoral team")
            with Horizontal(classes="form-row option-row", id="supports-row"):
                yield Label("Supports", classes="form-label")
                with Container(id="supports-grid"):
                    for key, label in SUPPORT_TICKS.items():
                        yield TickBox(label, id=f"support-{key}", compact=True)
            with Horizontal(classes="form-row option-row", id="follow-row"):
                yield Label("About", classes="form-label")
                options = [(label, item.thread.id) for label, item in self.follow_choices]
                if options:
                    yield Select(options, value=self.follow_up_id, allow_blank=False, id="letter-follow",
                                 compact=True)
                else:
                    yield Static("There is no request waiting for an answer to follow up on.",
                                 id="letter-follow-none")
            yield Static("", id="letter-note")
            yield TextArea("", id="letter-text", soft_wrap=True, show_line_numbers=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        text = self.query_one("#letter-text", TextArea)
        if self.app.is_headless:
            text.cursor_blink = False
        self._show_options()
        self.fill()

    def _show_options(self) -> None:
        self.query_one("#team-row").display = self.kind == "request_meeting"
        self.query_one("#supports-row").display = self.kind == "request_supports"
        self.query_one("#follow-row").display = self.kind == "follow_up"

    def _chosen(self) -> Waiting | None:
        return next((w for _, w in self.follow_choices if w.thread.id == self.follow_up_id), None)

    def plan_values(self) -> dict:
        """The plan view's next school days and review reasons, as every letter and report
        carries them, worked out once."""
        if self._plan is None:
            fields = plan_fields(plan_view(self.session.store, self.student, self.session.today))
            self._plan = {"next_days": fields["next_days"], "next_days_follow": fields["next_days_follow"],
                          "matched_supports": fields["supports_to_try"],
                          "review_reasons": fields["review_reasons"]}
        return self._plan

    def plan(self) -> dict:
        if self.kind not in WITH_PLAN:  # the supports letter: only the matched supports
            return {"matched_supports": self.plan_values()["matched_supports"]}
        return self.plan_values()

    def letter_input(self) -> LetterInput | str:
        """What the letter is filled from, or a sentence saying what is missing."""
        within_text = self.query_one("#letter-within", FormInput).value.strip()
        if not within_text or not 1 <= int(within_text) <= 60:
            return "Ask for an answer within 1 to 60 school days."
        if self.kind == "follow_up" and self._chosen() is None:
            return "There is no request waiting for an answer, so there is nothing to follow up yet."
        supports = [key for key in SUPPORT_TICKS if self.query_one(f"#support-{key}", TickBox).value]
        return LetterInput(
            student=self.student,
            today=self.session.today,
            attempts=self.attempts,
            days=self.days,
            contacts=self.contacts,
            barriers=self.barriers,
            to_name=self.query_one("#letter-to", FormInput).value,
            within_school_days=int(within_text),
            supports=supports,
            follow_up_on=self._chosen() if self.kind == "follow_up" else None,
            **(self.plan() if self.kind in WITH_PLAN or self.kind == "request_supports" else {}),
            team=self.query_one("#letter-team", FormInput).value,
        )

    # --- filling and editing ---------------------------------------------------------

    @property
    def edited(self) -> bool:
        return self.query_one("#letter-text", TextArea).text != self.rendered

    def fill(self, *, force: bool = False) -> None:
        """Fill the letter from the options, unless the family has edited it (then say so)."""
        note = self.query_one("#letter-note", Static)
        if self.edited and not force:
            note.update("Your edits are kept. Ctrl+R fills the letter again from the options "
                        "(and drops the edits).")
            return
        inp = self.letter_input()
        if isinstance(inp, str):
            note.update(escape(inp))
            return
        try:
            letter = render_letter(self.kind, inp)
        except ValueError as error:
            note.update(escape(str(error)))
            return
        self.letter = letter
        self.rendered = letter.text
        area = self.query_one("#letter-text", TextArea)
        area.load_text(letter.text)
        due = f"Asks for an answer by {long_date(letter.due_on)}. " if letter.due_on else ""
        review = review_note(self.kind, self.plan_values()["review_reasons"], self.student)
        places = own_words(letter.text)
        if places:
            # Show where the parent's own words go: the first place is selected, ready to type over.
            first = places[0]
            area.selection = Selection(area.document.get_location_from_index(first.start()),
                                       area.document.get_location_from_index(first.end()))
            mine = (f"Write your own words in place of {'the part' if len(places) == 1 else 'the parts'} "
                    "in [brackets] (the first is selected).")
        else:
            mine = "Edit the letter freely below."
        note.update(escape(f"{due}{review}{mine}"))

    @on(Select.Changed, "#letter-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value == self.kind:
            return
        self.kind = str(event.value)
        self._show_options()
        if not self.edited:
            self.query_one("#letter-to", FormInput).value = self._default_to()
        self.fill()

    @on(Select.Changed, "#letter-follow")
    def _follow_changed(self, event: Select.Changed) -> None:
        if event.value == self.follow_up_id:
            return
        self.follow_up_id = str(event.value)
        chosen = self._chosen()
        if chosen is not None and chosen.contact.person and not self.edited:
            self.query_one("#letter-to", FormInput).value = chosen.contact.person
        self.fill()

    @on(Input.Changed, "#letter-to")
    @on(Input.Changed, "#letter-within")
    @on(Input.Changed, "#letter-team")
    @on(Checkbox.Changed)
    def _option_changed(self) -> None:
        if self.is_mounted and self.letter is not None:
            self.fill()

    @work(group="letter-refill", exclusive=True, exit_on_error=False, description="filling the letter again")
    async def action_refill(self) -> None:
        if self.edited:
            sure = await self.app.push_screen_wait(ConfirmModal(
                "Fill the letter again from the options? Your edits to the text will be lost.",
                yes="Fill again", title="Drop your edits?"))
            if not sure:
                return
        self.fill(force=True)

    def edited_letter(self) -> Letter | None:
        """The letter with the family's subject and body, as it will be sent."""
        if self.letter is None:
            return None
        subject, body = split_text(self.query_one("#letter-text", TextArea).text, self.letter.subject)
        return replace(self.letter, subject=subject, body=body)

    def action_copy(self) -> None:
        letter = self.edited_letter()
        if letter is None:
            return
        self.app.copy_to_clipboard(letter.text)
        self.notify("The letter is on the clipboard, ready to paste into an email.", title="Copied")

    # --- saving --------------------------------------------------------------------------

    @work(group="letter-save", exclusive=True, exit_on_error=False, description="saving the letter")
    async def action_save(self) -> None:
        letter = self.edited_letter()
        if letter is None:
            self.notify("There is no letter to save yet.", severity="warning")
            return
        stem = f"{self.session.today.isoformat()}-{letter.kind.replace('_', '-')}"
        path = free_path(letters_folder(self.session), stem)
        choice = await self.app.push_screen_wait(
            SaveLetterModal(letter.title, self.session.today, letter.due_on, path,
                            data_file=self.session.store.path))
        if choice is None:
            return
        try:
            contact = to_contact(letter, on=self.session.today, channel=choice.channel)
        except ValueError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=12)
            return
        self.app.copy_to_clipboard(letter.text)
        # The contact is logged first (the reminder matters most), then the copy written.
        self.sending = (letter, contact, choice)
        self.app.saver.save(self, put=[contact], summary="")

    @on(ChangesSaved)
    def _logged(self) -> None:
        if self.sending is not None:
            self._write_copy(*self.sending)

    @work(thread=True, group="letter-copy", exit_on_error=False, description="writing the letter's copy")
    def _write_copy(self, letter: Letter, contact: Contact, choice: SendChoice) -> None:
        try:
            path = write_private(choice.path, letter.text, data_file=self.session.store.path, replace=choice.replace,
                                 make_folder=True)
        except OutputRefused as error:
            where = f"The copy was not written ({error}); the letter is on the clipboard."
        except OSError as error:
            where = f"The copy could not be written ({error.strerror or error}); the letter is on the clipboard."
        else:
            where = f"A copy is in {path}, and the text is on the clipboard."
        self.app.call_from_thread(self._saved, contact, where)

    def worker_failed(self, worker) -> None:
        # The contact is logged whatever happened to the copy: leave, so that saving
        # again cannot log it twice.
        if worker.group == "letter-copy" and self.sending is not None:
            self.dismiss(self.sending[1])

    def _saved(self, contact: Contact, where: str) -> None:
        due = f" The answer is due {long_date(contact.due_on)}." if contact.due_on else ""
        self.app.notify(f"Logged: {request_label(contact)}.{due} {where}", title="Letter saved",
                        timeout=10)
        self.dismiss(contact)

    @on(ChangesNotSaved)
    def _not_saved(self, message: ChangesNotSaved) -> None:
        self.sending = None
        self.notify(message.reason, title="Not saved", severity="error", timeout=12)

    @work(group="letter-leave", exclusive=True, exit_on_error=False, description="leaving the letter")
    async def action_leave(self) -> None:
        if self.edited:
            leave = await self.app.push_screen_wait(ConfirmModal(
                "Leave without saving? Your changes to the letter will be lost.",
                yes="Leave", no="Stay", title="Unsaved letter"))
            if not leave:
                return
        self.dismiss(None)
