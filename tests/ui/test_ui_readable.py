"""What a parent reads at 80x24: every column, the footer, the proposal and its reasons."""

from __future__ import annotations

import pytest

from reintegrate.models import DayKind, DayStatus
from screens.app import make_app
from screens.history import HistoryScreen, HistoryTable
from tests.fixtures import STUDENT_ID
from tests.ui.pilot_helpers import until_shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_history_shows_every_column(open_store, monday, size):
    store = open_store()
    note = "Migraine, in bed most of the day; the doctor said to rest until Wednesday."
    store.put(DayStatus(id="day-note", student_id=STUDENT_ID, on=monday, kind=DayKind.ill, note=note))
    app = make_app(store, monday)
    async with app.run_test(size=size) as pilot:
        await pilot.press("h")
        await until_shown(pilot, HistoryScreen)
        await pilot.pause()
        table = app.screen.query_one(HistoryTable)
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        assert len(widths) == 5
        assert sum(widths) <= table.scrollable_content_region.width
        # The step column gives way by wrapping: the long note is kept whole, on more lines.
        [ill] = [row for row in table.ordered_rows if row.key.value == "day:day-note"]
        assert ill.height >= 2
