"""Tables of a family's records, whose string cells are always text (`plain`).

Apart from `screens.widgets.plain` so that Today's first paint, which draws no table,
does not load Textual's DataTable."""

from __future__ import annotations

from textual.widgets import DataTable

from screens.widgets.plain import plain


class PlainTable(DataTable):
    """DataTable whose string cells are text. Use it for every table of records."""

    def add_row(self, *cells, **options):
        return super().add_row(*map(plain, cells), **options)

    def update_cell(self, row_key, column_key, value, **options) -> None:
        super().update_cell(row_key, column_key, plain(value), **options)

    def update_cell_at(self, coordinate, value, **options) -> None:
        super().update_cell_at(coordinate, plain(value), **options)
