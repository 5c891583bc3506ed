"""A family's words shown as words: never read as markup.

Textual reads `[...]` in a string as markup: a trigger '[/]' stops the app with a
MarkupError, '[maths] lesson' shows as 'lesson', '[$accent]x' as a coloured 'x'.
`rich.markup.escape` is not enough for Textual's markup (it leaves '[$…]', '[B]' and
'[ b]' alone and doubles backslashes), so every screen uses the helpers here, and
`screens.widgets.table.PlainTable` for tables (apart, so that Today, which draws no
table, paints without loading Textual's DataTable).
"""

from __future__ import annotations

from rich.text import Text


def escape(text: str) -> str:
    """`text` for a markup string, shown exactly as written.

    Textual's markup opens a tag at any '[' that no backslash precedes, and reads '\\['
    as '['; nothing else is special. A trailing backslash would escape the markup that
    follows the text, so it is followed by an invisible zero-width space.
    """
    text = text.replace("[", "\\[")
    return text + "\u200b" if text.endswith("\\") else text


class Words(Text):
    """Text that equals the string it was made from, so whatever reads a table's cells
    back (a screen finding its row, a test) sees the words that were put in."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.plain == other
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def startswith(self, prefix: str | tuple[str, ...]) -> bool:
        return self.plain.startswith(prefix)

    def endswith(self, suffix: str | tuple[str, ...]) -> bool:
        return self.plain.endswith(suffix)


def plain(cell: object) -> object:
    """A string as Text, for a table cell: tables read strings as markup."""
    return Words(cell, end="") if isinstance(cell, str) else cell
