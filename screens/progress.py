"""Progress: is the plan working? Attendance, charts, patterns and decisions for a period.

The figures for a long history take a noticeable fraction of a second, so the screen
paints first ("Working out the figures…") and a thread worker computes them with the
pure functions of `reintegrate.stats`; the result comes back as a message. The same
Progress object then feeds a report, so a report always shows the screen's numbers.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static, Tab, Tabs
from textual.worker import Worker, get_current_worker

from reintegrate.models import Decision, Student
from reintegrate.preferences import remember
from reintegrate.stats import RANGE_LABELS, DateRange, Progress, RangePreset, progress
from reintegrate.store.files import OutputRefused
from screens.base import HouseholdScreen
from screens.modals.date_range import DateRangeModal
from screens.modals.export_report import (
    REPORT_FORMATS,
    ExportChoice,
    ExportReportModal,
    write_progress_report,
)
from screens.widgets.plain import escape
from screens.widgets.progress_text import (
    attendance_lines,
    decision_rows,
    pattern_sections,
    period_line,
)
from screens.widgets.table import PlainTable

WORKING = "Working out the figures…"
FAILED = "The figures could not be worked out this time. Choose a period to try again."
# The keys 1–5, in the order of the tabs.
PRESETS = [RangePreset.two_weeks, RangePreset.six_weeks, RangePreset.plan, RangePreset.all,
           RangePreset.custom]


@dataclass
class Figures:
    """One period's figures for one student, as the screen shows them."""

    student: Student
    progress: Progress
    patterns: list[str] = field(default_factory=list)


class ProgressScreen(HouseholdScreen):
    """Attendance, charts, patterns and decisions for the current student and a period."""

    CSS_PATH = "progress.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    HELP_TITLE = "Progress"
    HELP = (
        "Is the plan working? This screen answers with the records rather than memory. "
        "Choose the period with 1 to 5: the last 2 weeks, the last 6 weeks, this plan, "
        "all records, or dates you choose. Below are attendance (school days in full, in "
        "part and missed, with the tier), the ladder step over time, peak distress with "
        "its trend, minutes in school each week, what tends to go with the harder days, "
        "and the decisions taken. Press e to save a report to take to a meeting."
    )
    BINDINGS = [
        Binding("1", "period('two_weeks')", "Last 2 weeks", show=False, id="progress.two_weeks"),
        Binding("2", "period('six_weeks')", "Last 6 weeks", show=False, id="progress.six_weeks"),
        Binding("3", "period('plan')", "This plan", show=False, id="progress.plan"),
        Binding("4", "period('all')", "All records", show=False, id="progress.all"),
        Binding("5,c", "choose_dates", "Choose dates", key_display="5", id="progress.dates"),
        Binding("e", "export", "Save report", id="progress.export"),
        Binding("escape", "app.pop_screen", "Back", id="progress.back"),
    ]

    @dataclass
    class FiguresReady(Message):
        """The worker has the figures for the period asked for in request `request`."""

        request: int
        figures: Figures

    def __init__(self, session, preset: RangePreset = RangePreset.plan, **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.preset = preset
        self.chosen: DateRange | None = None  # the dates for the custom preset
        self.figures: Figures | None = None
        self._request = 0

    def compose(self) -> ComposeResult:
        student = self.student
        if student is not None:
            self.title = f"Progress for {student.name}"
        yield Header()
        tabs = Tabs(*(Tab(f"{n} {RANGE_LABELS[p]}", id=f"period-{p.value}")
                      for n, p in enumerate(PRESETS, start=1)),
                    active=f"period-{self.preset.value}", id="progress-tabs")
        tabs.can_focus = False  # the digits choose; Tab moves through the figures
        yield tabs
        with VerticalScroll(id="progress"):
            yield Static(WORKING, id="progress-working")
            yield Vertical(id="progress-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # After the first paint: a busy worker thread would otherwise hold it up.
        self.call_after_refresh(self.work_out)

    def refresh_view(self) -> None:
        # Back from a dialog: work the figures out again, quietly. They only replace
        # what is shown if something changed.
        self.work_out(quietly=True)

    # --- the period --------------------------------------------------------------------

    def action_period(self, preset: str) -> None:
        chosen = RangePreset(preset)
        if chosen is RangePreset.custom:
            self.action_choose_dates()
            return
        self.preset = chosen
        self._sync_tabs()
        self.work_out()

    def action_choose_dates(self) -> None:
        figures = self.figures
        self.app.push_screen(
            DateRangeModal(self.session.today, figures.progress.range if figures else None),
            self._dates_chosen,
        )

    def _dates_chosen(self, chosen: DateRange | None) -> None:
        if chosen is not None:
            self.preset = RangePreset.custom
            self.chosen = chosen
            self.work_out()
        self._sync_tabs()

    def _sync_tabs(self) -> None:
        self.query_one(Tabs).active = f"period-{self.preset.value}"

    @on(Tabs.TabActivated, "#progress-tabs")
    def _tab_clicked(self, event: Tabs.TabActivated) -> None:
        # Setting `active` from the keys posts this message too: only a tab that
        # differs from the period shown is a click.
        preset = RangePreset(str(event.tab.id).removeprefix("period-"))
        if preset is not self.preset:
            self.action_period(preset.value)

    # --- working out the figures --------------------------------------------------------

    def work_out(self, *, quietly: bool = False) -> None:
        student = self.student
        if student is None:
            return
        self._request += 1
        if not quietly:
            working = self.query_one("#progress-working", Static)
            working.update(WORKING)
            working.display = True
        self._compute(self._request, student, self.preset, self.chosen, self.figures)

    @work(thread=True, exclusive=True, group="figures", exit_on_error=False, description="working out the figures")
    def _compute(self, request: int, student: Student, preset: RangePreset,
                 chosen: DateRange | None, shown: Figures | None) -> None:
        # Slow imports happen here, off the UI thread and only when needed: the
        # reports module (its template engine) and plotext, for the charts.
        import textual_plotext  # noqa: F401

        from reintegrate.documents.reports import main_patterns

        store, today = self.session.store, self.session.today
        attempts = store.attempts(student.id)
        days = store.days(student.id)
        decisions = store.all(Decision, student.id)
        if chosen is not None and preset is RangePreset.custom:
            rng = DateRange.custom(chosen.start, chosen.end, today)
        else:
            rng = DateRange.preset_for(preset, student, attempts, days, today)
        figures = progress(student, attempts, days, decisions, rng, today=today)
        if get_current_worker().is_cancelled:
            return
        if shown is not None and shown.student == student and shown.progress == figures:
            self.post_message(self.FiguresReady(request, shown))
            return
        self.post_message(self.FiguresReady(request, Figures(student, figures, main_patterns(student, figures))))

    def worker_failed(self, worker: Worker) -> None:
        # The failure itself has been reported; the screen must stop saying it is working.
        if worker.group == "figures":
            working = self.query_one("#progress-working", Static)
            working.update(FAILED)
            working.display = True

    @on(FiguresReady)
    async def _show(self, message: FiguresReady) -> None:
        if message.request != self._request:
            return  # a later request is on its way
        self.query_one("#progress-working", Static).display = False
        if message.figures is self.figures:
            return
        self.figures = message.figures
        body = self.query_one("#progress-body", Vertical)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(self._summary(message.figures))
        # Charts and tables take longer to lay out and draw: the numbers go up first.
        self.call_after_refresh(self._show_details, message.request, message.figures)

    async def _show_details(self, request: int, figures: Figures) -> None:
        if request != self._request:
            return
        await self.query_one("#progress-body", Vertical).mount_all(self._details(figures))
        self._fill_decisions(figures)

    def _summary(self, figures: Figures) -> list:
        """The period, attendance and what stands out: quick to draw, read first."""
        p, student = figures.progress, figures.student
        widgets: list = [Static(escape(period_line(p, student)), id="progress-period")]
        widgets.append(Static("Attendance", classes="section-title"))
        for n, line in enumerate(attendance_lines(p)):
            widgets.append(Static(escape(line), id=f"attendance-{n}", classes="attendance-line"))
        if figures.patterns:
            widgets.append(Static("What stands out", classes="section-title"))
            bullets = "\n".join(f"• {line}" for line in figures.patterns)
            widgets.append(Static(escape(bullets), id="progress-standout"))
        return widgets

    def _details(self, figures: Figures) -> list:
        """The charts, the patterns and the decisions."""
        from screens.widgets.charts import progress_charts  # brings plotext in: lazily

        p, student = figures.progress, figures.student
        widgets: list = [Vertical(*progress_charts(p, student), id="progress-charts")]
        widgets.append(Static("Patterns", classes="section-title"))
        widgets.append(Vertical(
            *(Vertical(Static(title, classes="pattern-title"), Static(escape(renderable) if isinstance(renderable, str) else renderable, id=section_id),
                       classes="pattern")
              for section_id, title, renderable in pattern_sections(p, student)),
            id="progress-patterns"))
        widgets += self._why(student)
        widgets.append(Static("Decisions and step changes", classes="section-title"))
        widgets.append(PlainTable(id="progress-decisions", cursor_type="none", zebra_stripes=True))
        return widgets

    def _why(self, student: Student) -> list:
        """The latest check-in, one line per purpose (only once there is one); y on Today opens more."""
        from reintegrate.models import CheckIn
        from reintegrate.why.profile import function_profile
        from screens.why import profile_lines, trimmed

        profile = function_profile(self.session.store.all(CheckIn, student.id), self.session.today)
        if profile is None:
            return []
        return [Static("Why school is hard (y on Today for more)", classes="section-title"),
                Static(trimmed(profile_lines(profile)), id="progress-why")]

    def _fill_decisions(self, figures: Figures) -> None:
        table = self.query_one("#progress-decisions", DataTable)
        rows = decision_rows(figures.progress, figures.student)
        table.add_columns("Date", "Decision", "What was proposed, and why")
        if not rows:
            table.display = False
            self.query_one("#progress-body", Vertical).mount(
                Static("No decisions recorded in this period.", id="progress-no-decisions"))
            return
        # Three columns, the words wrapped to the screen: at 80 columns a fourth and fifth
        # column left "Why" three characters wide, or out of sight.
        width = max(24, self.app.size.width - 36)
        for day, step, decided, proposed, why in rows:
            words = textwrap.wrap(proposed, width) + (textwrap.wrap(f"Why: {why}", width) if why else [])
            table.add_row(day, f"{step}\n{decided}", "\n".join(words), height=None)

    # --- reports ------------------------------------------------------------------------

    def action_export(self) -> None:
        figures = self.figures
        if figures is None:
            self.notify("The figures are still being worked out: try again in a moment.")
            return
        p = figures.progress
        self.app.push_screen(
            ExportReportModal(figures.student.name, self.session.today,
                              period_line(p, figures.student), data_file=self.session.store.path,
                              folder=self._report_folder()),
            self._export_chosen,
        )

    def _report_folder(self) -> Path | None:
        """The folder the last report went to, while it still exists."""
        folder = getattr(self.app, "preferences", None) and self.app.preferences.report_folder
        return Path(folder) if folder and Path(folder).is_dir() else None

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is not None and self.figures is not None:
            self.app.preferences = remember(getattr(self.app, "config", None),
                                            report_folder=str(choice.path.parent))
            self._export(choice, self.figures)

    @work(thread=True, group="export", exit_on_error=False, description="saving the report")
    def _export(self, choice: ExportChoice, figures: Figures) -> None:
        try:
            path = write_progress_report(self.session.store, figures.student, figures.progress,
                                         self.session.today, choice)
        except (OSError, OutputRefused) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.app.call_from_thread(
                self.notify, f"The report could not be saved to {choice.path} ({reason}). "
                             "Nothing was written there.",
                title="Report not saved", severity="error", timeout=15)
            return
        label = REPORT_FORMATS[choice.format][0]
        self.app.call_from_thread(
            self.notify, f"{label} report saved to {path} (readable only by you).",
            title="Report saved", timeout=12)
