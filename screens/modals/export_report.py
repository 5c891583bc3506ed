"""Save a progress report to take away: Markdown, HTML or CSV, and where to put it.

The dialog only chooses; rendering and writing happen in the progress screen's thread
worker, through `write_progress_report` here (no Textual in it), so a slow disk never
freezes the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioSet, Static

from reintegrate.models import Contact, Student
from reintegrate.stats import Progress
from reintegrate.store import Store
from reintegrate.store.files import output_problem, write_private
from screens.widgets.choices import NumberedChoice
from screens.widgets.fields import FormInput
from screens.widgets.plain import escape

# format -> (what the family reads, file suffix, what it is for)
# In the dialog's order: the page to hand over first, and the first is the default.
REPORT_FORMATS = {
    "html": ("HTML", ".html", "a page with charts that prints on A4 or Letter"),
    "md": ("Markdown", ".md", "a summary to paste into an email"),
    "csv": ("CSV", ".csv", "every record, for a spreadsheet"),
}


@dataclass(frozen=True)
class ExportChoice:
    format: str  # a REPORT_FORMATS key
    path: Path


def report_folder(home: Path | None = None) -> Path:
    """Documents when there is one, else the home folder: somewhere the family looks."""
    home = home or Path.home()
    documents = home / "Documents"
    return documents if documents.is_dir() else home


def default_report_path(student_name: str, today: date, fmt: str, home: Path | None = None) -> Path:
    """'~/Documents/progress-report-sam-2026-11-26.md': dated, so reports never collide
    across meetings and sort by date in a folder."""
    slug = re.sub(r"[^a-z0-9]+", "-", student_name.lower()).strip("-") or "child"
    return report_folder(home) / f"progress-report-{slug}-{today.isoformat()}{REPORT_FORMATS[fmt][1]}"


def check_target(text: str, fmt: str, data_file: Path | None = None) -> Path | str:
    """The file to write, or a sentence saying why not."""
    text = text.strip()
    if not text:
        return "Write where to save the report, for example ~/Documents/report" + REPORT_FORMATS[fmt][1]
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.home() / path
    if path.is_dir():
        return f"{path} is a folder: add a file name, for example {path / ('report' + REPORT_FORMATS[fmt][1])}"
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist. Choose a folder that does."
    return output_problem(path, data_file) or path


def write_progress_report(store: Store, student: Student, figures: Progress, today: date,
                          choice: ExportChoice) -> Path:
    """Render the report on `figures` (the progress screen's, so the numbers match) in
    the chosen format, with the planner's proposal and next school days as of `today`,
    and write it owner-only. Slow (planner, templates, disk): run it in a worker."""
    from reintegrate.documents.formats import plan_fields
    from reintegrate.documents.reports import (
        ReportInput,
        csv_readme,
        csv_readme_path,
        render_csv,
        render_html,
        render_markdown,
    )
    from reintegrate.planner.view import plan_view

    view = plan_view(store, student, today)
    records = view.records
    inp = ReportInput(
        student, records.attempts, records.days, records.decisions, records.barriers,
        store.all(Contact, student.id), figures.range, today, **plan_fields(view),
    )
    if choice.format == "csv":
        text = render_csv(inp)
    elif choice.format == "html":
        text = render_html(inp, figures=figures)
    else:
        text = render_markdown(inp, figures=figures)
    # The dialog has asked before replacing a file that exists.
    write_private(choice.path, text, data_file=store.path, replace=True)
    if choice.format == "csv":  # the privacy notice, outside the table
        write_private(csv_readme_path(choice.path), csv_readme(student), data_file=store.path, replace=True)
    return choice.path


class ExportReportModal(ModalScreen[ExportChoice | None]):
    """The format (1–3) and the file. Dismisses with an ExportChoice, or None."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="export.save"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, student_name: str, today: date, period: str, *, data_file: Path | None = None,
                 home: Path | None = None, fmt: str = "html", folder: Path | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.student_name = student_name
        self.today = today
        self.period = period
        self.data_file = data_file
        self.home = home
        self.folder = folder  # the folder the last report went to (remembered)
        self.fmt = fmt
        self._replace_ok: Path | None = None

    def compose(self) -> ComposeResult:
        options = [(key, f"{label}: {use}") for key, (label, _, use) in REPORT_FORMATS.items()]
        path = default_report_path(self.student_name, self.today, self.fmt, self.home)
        if self.folder is not None:
            path = self.folder / path.name
        with Vertical(classes="dialog", id="export-dialog") as dialog:
            dialog.border_title = "Save a progress report"
            dialog.border_subtitle = "Ctrl+S saves · Escape cancels"
            yield Static(escape(f"{self.period} The file is readable only by you: it holds "
                                "private information about a child."), id="export-note")
            yield Label("Format (press 1–3):", classes="form-heading")
            yield NumberedChoice(options, self.fmt, id="export-format", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Save to", classes="form-label")
                yield FormInput(str(path), id="export-path", compact=True)
            yield Static("", id="export-path-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-format", NumberedChoice).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        """Keep the file's suffix in step with the format, unless it was made something else."""
        fmt = self.query_one("#export-format", NumberedChoice).value or self.fmt
        field = self.query_one("#export-path", FormInput)
        path = Path(field.value.strip())
        suffixes = {suffix for _, suffix, _ in REPORT_FORMATS.values()}
        if path.suffix in suffixes or not path.suffix:
            field.value = str(path.with_suffix(REPORT_FORMATS[fmt][1]))
        self.fmt = fmt

    @on(FormInput.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        fmt = self.query_one("#export-format", NumberedChoice).value or self.fmt
        error = self.query_one("#export-path-error", Static)
        target = check_target(self.query_one("#export-path", FormInput).value, fmt, self.data_file)
        if isinstance(target, Path) and target.exists() and target != self._replace_ok:
            # Asked once, here, rather than in another dialog: save again to replace.
            self._replace_ok = target
            target = f"{target.name} already exists. Press Ctrl+S again to replace it."
        if isinstance(target, str):
            error.update(escape(target))
            error.add_class("shown")
            return
        self.dismiss(ExportChoice(fmt, target))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
