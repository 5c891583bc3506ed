"""The versions a merge kept aside: each beside the record as it is now, in plain words,
and a way to keep either one.

A merge that finds a record changed on both computers keeps the later change and puts
the other version in the conflicts file beside the data file (`reintegrate.store.
conflicts`). Here a person reads both (which record, what differs, when each was saved)
and keeps one: it is saved as an ordinary edit, dated now, so it travels to the other
computer like any edit, and its entry leaves the conflicts file.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from reintegrate.store.conflicts import ConflictsUnreadable, KeptVersion, conflicts_file, discard, review
from screens.base import HouseholdScreen
from screens.saving import ChangesNotSaved, ChangesSaved
from screens.widgets.plain import escape
from screens.widgets.table import PlainTable


class ConflictsTable(PlainTable):
    DEFAULT_CSS = """
    ConflictsTable { height: auto; max-height: 45%; }
    """


class ConflictsScreen(HouseholdScreen):
    """Every version kept aside by a merge, newest first; keep it, or keep the record as it is."""

    CSS_PATH = "conflicts.tcss"
    HELP_TITLE = "Versions kept aside"
    HELP = (
        "When a merge finds a record changed on both computers, it keeps the later change "
        "and puts the other version aside. Each is listed here with the record as it is "
        "now, what differs and when each was saved. Press k to keep the version kept "
        "aside, or n to keep the record as it is now: the choice is saved as an ordinary "
        "change, goes to the other computer with the next merge, and the entry leaves "
        "this list."
    )
    BINDINGS = [
        Binding("k", "keep_aside", "Keep this version", tooltip="Keep the version kept aside",
                id="conflicts.keep_aside"),
        Binding("n", "keep_now", "Keep as it is now", tooltip="Keep the record as it is now",
                id="conflicts.keep_now"),
        Binding("escape", "app.pop_screen", "Back", id="conflicts.back"),
    ]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.versions: dict[str, KeptVersion] = {}
        self._pending: str | None = None

    def compose(self) -> ComposeResult:
        self.title = "Versions kept aside by merges"
        yield Header()
        with Vertical(id="conflicts"):
            yield Static("", id="conflicts-intro")
            yield ConflictsTable(id="conflicts-table", cursor_type="row")
            with VerticalScroll(id="conflicts-detail-box"):
                yield Static("", id="conflicts-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(ConflictsTable)
        table.add_column("Record", key="record")
        table.add_column("Kept aside", key="from")
        table.add_column("What differs", key="differs")
        self.refresh_view()

    def refresh_view(self) -> None:
        table = self.query_one(ConflictsTable)
        row = table.cursor_row
        table.clear()
        intro = self.query_one("#conflicts-intro", Static)
        store = self.session.store
        try:
            found = review(conflicts_file(store.path), store.household())
        except ConflictsUnreadable as exc:
            found = []
            intro.update(escape(str(exc)))
        else:
            if found:
                intro.update(escape(
                    f"{len(found)} {'version' if len(found) == 1 else 'versions'} kept aside by merges, newest "
                    "first. k keeps the highlighted version, n keeps the record as it is now."))
            else:
                intro.update("No versions kept aside: every merge so far kept everything, or each "
                             "choice has been made.")
        self.versions = {v.key: v for v in found}
        width = max(20, self.app.size.width - 40)
        for version in found:
            where = "this computer" if version.from_here else "other computer"
            differs = ", ".join(version.differs) or ("deleted here" if version.current is None else "—")
            table.add_row(_clip(version.title, width), where, _clip(differs, 18), key=version.key)
        if found:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        else:
            self.query_one("#conflicts-detail", Static).update("")
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        version = self.versions.get(event.row_key.value or "") if event.row_key else None
        if version is not None:
            detail = [version.title, *version.lines]
            if not version.can_keep:
                detail.append(version.why_not)
            self.query_one("#conflicts-detail", Static).update(escape("\n".join(detail)))

    def _selected(self) -> KeptVersion | None:
        table = self.query_one(ConflictsTable)
        if not self.versions or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.versions.get(key or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_aside", "keep_now"):
            return bool(self.versions) and self._pending is None
        return True

    def action_keep_aside(self) -> None:
        version = self._selected()
        if version is None or self._pending is not None:
            return
        if not version.can_keep or version.kept is None:
            self.notify(version.why_not, title="Not kept", severity="warning", markup=False)
            return
        self._pending = version.key
        self.app.saver.save(self, put=[version.kept.model_copy(deep=True)],
                            summary=f"Kept the version that was kept aside: {version.title}.")

    def action_keep_now(self) -> None:
        version = self._selected()
        if version is None or self._pending is not None:
            return
        self._pending = version.key
        if version.current is None:  # deleted here: left deleted, and the entry goes
            self._discard(version.key, f"Left as it is now (deleted): {version.title}.")
            return
        self.app.saver.save(self, put=[version.current.model_copy(deep=True)],
                            summary=f"Kept as it is now: {version.title}.")

    @on(ChangesSaved)
    def _chosen(self, message: ChangesSaved) -> None:
        if self._pending is not None:
            self._discard(self._pending, "")

    @on(ChangesNotSaved)
    def _not_chosen(self, message: ChangesNotSaved) -> None:
        self._pending = None  # the entry stays: nothing was decided
        self.refresh_bindings()

    @work(thread=True, group="conflicts-discard", exit_on_error=False, description="clearing a version kept aside")
    def _discard(self, version_key: str, said: str) -> None:
        try:
            discard(conflicts_file(self.session.store.path), version_key)
        finally:
            self.app.call_from_thread(self._discarded, said)

    def _discarded(self, said: str) -> None:
        self._pending = None
        if said:
            self.notify(said, title="Done", markup=False)
        self.refresh_view()


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
