"""Working with the school: the contact log, the barriers, and the data statements.

Three tabs over the records the family already keeps. The contact log watches every
request for its answer; barriers name the concrete obstacles; data statements turn
attempts and days into sentences with numbers a school team can check, each number
listed with the dates it was counted from.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from reintegrate.contacts import (
    Thread,
    Waiting,
    barrier_for_trigger,
    barrier_from_trigger,
    request_label,
    threads,
    waiting_on_school,
)
from reintegrate.documents.statements import day_month
from reintegrate.models import Barrier, BarrierStatus, Contact, ProposalKind, Student
from reintegrate.planner import Proposal
from reintegrate.schooldays import short_date
from reintegrate.store.conflicts import ConflictsUnreadable, conflicts_file, read
from reintegrate.store.files import OutputRefused, write_private
from reintegrate.sync.words import kept_aside_line
from screens.base import HouseholdScreen
from screens.letter import free_path, letters_folder
from screens.modals.barrier_form import BarrierFormModal
from screens.modals.contact_form import AnswerModal, ContactFormModal
from screens.modals.school_info import SchoolInfoModal
from screens.planning import plan_view
from screens.school_words import (
    answer_cell,
    barrier_detail,
    barrier_status_text,
    clip,
    contact_detail,
    day_short,
    statements_text,
    who_cell,
)
from screens.widgets.plain import escape
from screens.widgets.statements_pane import StatementsPane
from screens.widgets.table import PlainTable

TABS = ("contacts", "barriers", "statements")
# Not the period inputs on the statements tab: digits typed there would not switch tabs.
FOCUS_TARGETS = {"contacts": "#contacts-table", "barriers": "#barriers-table", "statements": "#statements-list"}
class SchoolScreen(HouseholdScreen):
    """Contacts, barriers and data statements for the current student, one tab each."""

    CSS_PATH = "school.tcss"
    HELP_TITLE = "Working with the school"
    HELP = (
        "1, 2 and 3 switch tabs. Tab 1 is the log of every contact with the school: n logs "
        "one, a marks a request answered, Enter corrects it. A request whose answer date has "
        "passed is marked '! Overdue' here and on Today, and f writes the follow-up; a "
        "follow-up joins its request, and an answer to either answers both. Tab 2 "
        "lists barriers, the concrete obstacles behind hard mornings: n names one, Enter "
        "edits it, t names the one the planner suggests. Tab 3 turns the records into data "
        "statements for a period, each number with the dates it counts; x saves them to a "
        "file, y copies them. w writes a letter; i edits the school's name and staff. M merges "
        "the records of another computer (an export, or a copy of its data file), showing what "
        "would change first."
    )
    BINDINGS = [
        Binding("1", "show_tab('contacts')", "Contacts", show=False, id="school.tab_contacts"),
        Binding("2", "show_tab('barriers')", "Barriers", show=False, id="school.tab_barriers"),
        Binding("3", "show_tab('statements')", "Data statements", show=False, id="school.tab_statements"),
        Binding("n", "new_contact", "Log", tooltip="Log a call, email or meeting", id="school.new_contact"),
        Binding("a", "mark_answered", "Answered", tooltip="Mark the request answered", id="school.answered"),
        Binding("f", "follow_up", "Follow up", tooltip="Write a follow-up letter", id="school.follow_up"),
        Binding("n", "new_barrier", "New barrier", tooltip="Name a barrier", id="school.new_barrier"),
        Binding("t", "barrier_from_planner", "From planner", tooltip="The barrier the planner suggests",
                id="school.barrier_from_planner"),
        Binding("e", "edit", "Edit", tooltip="Correct the selected entry (Enter too)", id="school.edit"),
        Binding("x", "export_statements", "Export", tooltip="Save the statements to a file",
                id="school.export"),
        Binding("y", "copy_statements", "Copy", tooltip="Copy the statements", id="school.copy"),
        Binding("w", "app.write_letter", "Letter", tooltip="Write a letter to the school", id="school.letter"),
        Binding("i", "school_info", "School details", tooltip="School, staff and your name", show=False,
                id="school.info"),
        Binding("M", "app.merge", "Merge", tooltip="Merge the records of another computer (an export or a copy of its data file)",
                show=False, id="school.merge"),
        # In the footer while a merge's versions wait there (`check_action`); K works always.
        Binding("K", "open_conflicts", "Kept aside",
                tooltip="The versions merges kept aside: keep either one", id="school.conflicts"),
        Binding("escape", "app.pop_screen", "Back", id="school.back"),
    ]
    # Which tab each action belongs to; the others hide it from the footer.
    TAB_ACTIONS = {
        "new_contact": "contacts", "mark_answered": "contacts", "follow_up": "contacts",
        "new_barrier": "barriers", "barrier_from_planner": "barriers",
        "export_statements": "statements", "copy_statements": "statements",
    }

    def __init__(self, session, *, tab: str = "contacts", **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.initial_tab = tab if tab in TABS else "contacts"
        self.AUTO_FOCUS = FOCUS_TARGETS[self.initial_tab]
        self.contacts: list[Contact] = []
        # Each contact's thread (a request and its follow-ups), and what is waiting.
        self.threads: dict[str, Thread] = {}
        self.waiting: dict[str, Waiting] = {}
        self.barriers: list[Barrier] = []
        self.proposal: Proposal | None = None
        self.kept_aside = 0  # versions merges kept aside, waiting to be looked at
        self._tabs: TabbedContent | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        student = self.student
        if student is not None:
            self.title = f"Working with the school for {student.name}"
        yield Header()
        with TabbedContent(initial=self.initial_tab, id="school-tabs"):
            with TabPane("1 Contacts", id="contacts"):
                yield Static("", id="contacts-intro", classes="intro")
                yield PlainTable(id="contacts-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(classes="detail-box"):
                    yield Static("", id="contact-detail", classes="detail")
            with TabPane("2 Barriers", id="barriers"):
                yield Static("", id="barriers-intro", classes="intro")
                yield PlainTable(id="barriers-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(classes="detail-box"):
                    yield Static("", id="barrier-detail", classes="detail")
            yield StatementsPane("3 Data statements", self.session, id="statements")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#contacts-table", DataTable).add_columns("Date", "Who", "About", "Answer")
        self.query_one("#barriers-table", DataTable).add_columns("Noticed", "Barrier", "Owner", "Status")
        self._tabs = self.query_one("#school-tabs", TabbedContent)
        self.refresh_view()

    @property
    def active_tab(self) -> str:
        return (self._tabs.active if self._tabs is not None else "") or self.initial_tab

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#school-tabs", TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        self.query_one(FOCUS_TARGETS[tab]).focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.TAB_ACTIONS.get(action)
        if tab is not None and tab != self.active_tab:
            return False
        if action == "follow_up":
            waiting = self._waiting_of(self.selected_contact)
            return waiting is not None and waiting.overdue
        if action == "mark_answered":
            # Any contact of a thread still waiting: an answer to one answers them all.
            contact = self.selected_contact
            thread = self.threads.get(contact.id) if contact is not None else None
            return None if thread is None or thread.answered is not None else True
        if action == "barrier_from_planner":
            return self.planner_tag is not None
        if action == "edit":
            return self.active_tab != "statements"
        if action == "open_conflicts":
            return bool(self.kept_aside)  # hidden otherwise: K is then the app's, which opens the same screen
        return True

    def action_open_conflicts(self) -> None:
        self.app.action_open_conflicts()

    # --- showing the records -----------------------------------------------------------

    def refresh_view(self) -> None:
        student = self.student
        if student is None:
            return
        store = self.session.store
        self.contacts = sorted(store.all(Contact, student.id), key=lambda c: (c.on, c.due_on or c.on), reverse=True)
        self.threads = {c.id: thread for thread in threads(self.contacts) for c in thread.contacts}
        self.waiting = {w.thread.id: w for w in waiting_on_school(self.contacts, self.session.school_days(student), self.session.today)}
        self.barriers = sorted(store.all(Barrier, student.id),
                               key=lambda b: (b.status is BarrierStatus.resolved, b.opened_on))
        self.proposal = plan_view(self.session, student).proposal
        self.kept_aside = _kept_aside(store.path)
        self._fill_contacts(student)
        self._fill_barriers()
        self.statements_pane.show_statements(force=True)
        self.refresh_bindings()

    def _fill_contacts(self, student: Student) -> None:
        today = self.session.today
        table = self.query_one("#contacts-table", DataTable)
        # The summary column takes what the others leave: the date (10), who (14 or 18),
        # the answer ("! Overdue (due 12 Nov)", 22), cell padding and the scroll bar.
        who_width = 14 if self.app.size.width < 100 else 18
        about_width = max(10, self.app.size.width - 48 - who_width)
        row = table.cursor_row
        table.clear()
        for contact in self.contacts:
            about = contact.summary or contact.request
            table.add_row(short_date(contact.on), clip(who_cell(contact), who_width), clip(about, about_width),
                          answer_cell(contact, self.threads[contact.id], today), key=contact.id)
        overdue = sum(w.overdue for w in self.waiting.values())
        waiting = len(self.waiting) - overdue
        if not self.contacts:
            intro = "No contacts logged yet. Press n to log a call, an email or a meeting, or w to write a letter."
        else:
            n = len(self.contacts)
            intro = f"{n} {'contact' if n == 1 else 'contacts'}, newest first: {overdue} overdue, {waiting} waiting for an answer."
        if not student.school.staff:
            intro += " Press i to add the school's staff, so the log and the letters can name them."
        if self.session.sync_lines:  # with sync set up: what each other home last brought
            intro += "\n" + "\n".join(self.session.sync_lines)
        if self.kept_aside:
            intro += "\n" + kept_aside_line(self.kept_aside)
        self.query_one("#contacts-intro", Static).update(escape(intro))
        if self.contacts:
            table.move_cursor(row=min(row, len(self.contacts) - 1))
        self._show_contact()

    def _fill_barriers(self) -> None:
        table = self.query_one("#barriers-table", DataTable)
        row = table.cursor_row
        table.clear()
        for barrier in self.barriers:
            table.add_row(day_short(barrier.opened_on), clip(barrier.title, 34), barrier.owner.capitalize(),
                          barrier_status_text(barrier), key=barrier.id)
        unresolved = sum(b.status is not BarrierStatus.resolved for b in self.barriers)
        if not self.barriers:
            intro = "No barriers named yet. A barrier is a concrete obstacle, like a student on the van. Press n to name one."
        else:
            intro = f"{unresolved} not resolved yet, of {len(self.barriers)}. Unresolved first."
        tag = self.planner_tag
        if tag is not None:
            intro += f"\nThe planner suggests tackling '{tag}' as a barrier: press t to name it."
        self.query_one("#barriers-intro", Static).update(escape(intro))
        if self.barriers:
            table.move_cursor(row=min(row, len(self.barriers) - 1))
        self._show_barrier()

    @property
    def statements_pane(self) -> StatementsPane:
        return self.query_one("#statements", StatementsPane)

    @property
    def planner_tag(self) -> str | None:
        """The trigger the planner proposes tackling, when no barrier covers it yet."""
        p = self.proposal
        if p is None or p.barrier_tag is None:
            return None
        if p.kind is not ProposalKind.address_trigger and ProposalKind.address_trigger not in p.flags:
            return None
        return None if barrier_for_trigger(self.barriers, p.barrier_tag) else p.barrier_tag

    def _waiting_of(self, contact: Contact | None) -> Waiting | None:
        thread = self.threads.get(contact.id) if contact is not None else None
        return self.waiting.get(thread.id) if thread is not None else None

    @property
    def selected_contact(self) -> Contact | None:
        return self._selected("#contacts-table", self.contacts)

    @property
    def selected_barrier(self) -> Barrier | None:
        return self._selected("#barriers-table", self.barriers)

    def _selected(self, selector: str, records: list):
        found = self.query(selector)
        if not found or not records:
            return None
        table = found.first(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in records if r.id == key), None)

    @on(DataTable.RowHighlighted, "#contacts-table")
    def _show_contact(self) -> None:
        contact = self.selected_contact
        thread = self.threads.get(contact.id) if contact is not None else None
        text = contact_detail(contact, thread, self._waiting_of(contact)) if contact and thread else ""
        self.query_one("#contact-detail", Static).update(escape(text))
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#barriers-table")
    def _show_barrier(self) -> None:
        barrier = self.selected_barrier
        self.query_one("#barrier-detail", Static).update(escape(barrier_detail(barrier) if barrier else ""))

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    # --- acting on them ----------------------------------------------------------------

    @work(group="school-form", exclusive=True, exit_on_error=False, description="logging a contact")
    async def action_new_contact(self) -> None:
        student = self.student
        if student is None:
            return
        contact = await self.app.push_screen_wait(ContactFormModal(student, self.session.today, school=self.session.school_days(student)))
        if contact is not None:
            self._save(contact, f"Logged: {request_label(contact)} on {day_month(contact.on)}.")

    @work(group="school-form", exclusive=True, exit_on_error=False, description="noting the answer")
    async def action_mark_answered(self) -> None:
        contact = self.selected_contact
        if contact is None:
            return
        answered = await self.app.push_screen_wait(AnswerModal(contact, self.session.today))
        if answered is not None:
            self._save(answered, f"{request_label(answered)}: answered on {day_month(answered.answered_on)}.")

    async def action_follow_up(self) -> None:
        # Any contact of a thread: the letter is about the thread's request.
        contact = self.selected_contact
        if contact is not None:
            await self.app.run_action(f"write_letter('follow_up', {contact.id!r})")

    @work(group="school-form", exclusive=True, exit_on_error=False, description="changing the record")
    async def action_edit(self) -> None:
        student = self.student
        if student is None:
            return
        if self.active_tab == "contacts" and self.selected_contact is not None:
            contact = await self.app.push_screen_wait(
                ContactFormModal(student, self.session.today, self.selected_contact,
                                 school=self.session.school_days(student)))
            if contact is not None:
                self._save(contact, f"{request_label(contact)} corrected.")
        elif self.active_tab == "barriers" and self.selected_barrier is not None:
            barrier = await self.app.push_screen_wait(
                BarrierFormModal(student.id, self.session.today, self.selected_barrier, tags=self._tags(student)))
            if barrier is not None:
                self._save(barrier, f"Barrier saved: {barrier.title} ({barrier_status_text(barrier).lower()}).")

    @work(group="school-form", exclusive=True, exit_on_error=False, description="noting a barrier")
    async def action_new_barrier(self) -> None:
        student = self.student
        if student is None:
            return
        barrier = await self.app.push_screen_wait(
            BarrierFormModal(student.id, self.session.today, tags=self._tags(student)))
        if barrier is not None:
            self._save(barrier, f"Barrier saved: {barrier.title}.")

    @work(group="school-form", exclusive=True, exit_on_error=False, description="noting a barrier")
    async def action_barrier_from_planner(self) -> None:
        student, tag, proposal = self.student, self.planner_tag, self.proposal
        if student is None or tag is None or proposal is None:
            return
        draft = barrier_from_trigger(student.id, tag, self.session.today, evidence=proposal.reasons[:1])
        barrier = await self.app.push_screen_wait(
            BarrierFormModal(student.id, self.session.today, draft, tags=self._tags(student),
                             title="Name the barrier behind a trigger"))
        if barrier is not None:
            self._save(barrier, f"Barrier saved: {barrier.title}.")

    def _tags(self, student: Student) -> list[str]:
        seen: dict[str, None] = {}
        for attempt in reversed(self.session.store.attempts(student.id)):
            seen.update(dict.fromkeys(attempt.triggers))
        return list(seen)

    @work(group="school-form", exclusive=True, exit_on_error=False, description="saving the school's details")
    async def action_school_info(self) -> None:
        student = self.student
        if student is None:
            return
        info = await self.app.push_screen_wait(SchoolInfoModal(student.school))
        if info is not None:
            self._save(student.model_copy(update={"school": info}), "School details saved.")

    def _save(self, record, summary: str) -> None:
        self.app.saver.save(self, put=[record], summary=summary)

    def action_copy_statements(self) -> None:
        student, pane = self.student, self.statements_pane
        if student is None or pane.period is None:
            return
        self.app.copy_to_clipboard(statements_text(student, pane.statements, *pane.period, self.session.school_days(student)))
        self.notify("The statements are on the clipboard, ready to paste.", title="Copied")

    def action_export_statements(self) -> None:
        student, pane = self.student, self.statements_pane
        if student is None or pane.period is None:
            return
        text = statements_text(student, pane.statements, *pane.period, self.session.school_days(student))
        stem = f"{self.session.today.isoformat()}-data-statements"
        self._export(free_path(letters_folder(self.session), stem), text)

    @work(thread=True, group="export", exit_on_error=False, description="writing the statements")
    def _export(self, path: Path, text: str) -> None:
        try:
            write_private(path, text, data_file=self.session.store.path, make_folder=True)
        except (OSError, OutputRefused) as error:
            self.app.call_from_thread(self.notify, f"The file could not be written: {error}",
                                      title="Not saved", severity="error", timeout=12)
            return
        self.app.call_from_thread(self.notify, f"Saved to {path} (only you can read it).", title="Exported")


def _kept_aside(data_file: Path) -> int:
    """How many versions merges kept aside; -1 when the file cannot be read (K is
    shown, and its screen says what is wrong; no count is said)."""
    try:
        return len(read(conflicts_file(data_file)))
    except ConflictsUnreadable:
        return -1
