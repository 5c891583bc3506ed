"""One student's attempts and days from a file, without parsing everyone else's.

Today is worked out before the first paint (`screens.launch`) from one student's
records; on a file of ten years and five children, parsing the other children's
thousands of attempts was most of that work. `tables_for` parses every table but the
attempts and the days in full, and of those two only the documents of the student the
meta table names, found in the compact layout this store writes
(`storage.AtomicJSONStorage`): a document starts at `"12":{` right after the table's
brace or the comma after the one before, and names its student once, as
`"student_id":"…"`. Whenever that cannot be said for sure (another layout, a file
edited by hand, an escape in a student id, a document naming no student or two, an
older schema, a student the meta table names who is not in the file), it answers
None and the caller parses the whole file as always. `texts_for` finds the same
documents but leaves them as text, each running to the next document's number, for
`checks.parse_one_student` to validate straight from it (parsing them into dicts
first cost as much again); when that finds anything amiss, `tables_for` is asked.

Only a store opened read-only reads a file this way, and it never writes: the app
opens the whole file, checked in full, right after the first paint.

Why the patterns cannot be fooled by a valid file: inside a JSON string every quote
is escaped, so `"12":{` or `"student_id":"`, whose quotes follow no backslash, are
always the file's own structure; a valid attempt or day holds no object keyed by
numbers and no object whose last value is an object but its morning, so a
table ends at the first `}}` followed by the next table's name or by the file's end.
A record that is not valid may fool them, but such a file is refused as damaged when
the app opens it, as it would be anyway.
"""

from __future__ import annotations

import json
import re

from reintegrate.store.migrations import CURRENT_VERSION
from reintegrate.store.storage import META_TABLE

# The tables read one student's documents at a time.
ONE_STUDENT_TABLES = ("attempts", "days")

# Compiled when first used (`re` keeps them): a file of one student never needs them.
# A table's end: its last document's brace and its own, then the next table (a name
# that is not a document's number) or the file's end.
_TABLE_END = r'\}\}(?=,"(?![0-9]*")[^"\\]*":|\}\Z)'
# How a document in those tables opens, with its id and its student's, as written here.
_OPENING = r'\{"id":"[^"\\]*","student_id":"[^"\\]*"'
_OPENS = '{"id":"'
_NAMES = '"student_id":"'
_decode = json.JSONDecoder().raw_decode


def tables_for(raw: bytes, meta_key: str) -> tuple[dict, str] | None:
    """The file's tables with only the attempts and days of the student named by the
    meta table's `meta_key`, and that student's id; None when this cannot be sure."""
    return _tables(raw, meta_key, _documents_of)


def texts_for(raw: bytes, meta_key: str) -> tuple[dict, str, dict[str, list[str]]] | None:
    """As `tables_for`, but the attempts and days tables left empty and that student's
    documents given instead as their text, one string each, table by table, to be
    validated straight from the text (`checks.parse_one_student`): parsing them into
    dicts first cost as much again. None when this cannot be sure."""
    found = _tables(raw, meta_key, _texts_of)
    if found is None:
        return None
    tables, student_id = found
    texts = {name: tables[name] for name in ONE_STUDENT_TABLES if name in tables}
    for name in texts:
        tables[name] = {}
    return tables, student_id, texts


def _tables(raw: bytes, meta_key: str, pick) -> tuple[dict, str] | None:
    if not raw.startswith(b'{"' + META_TABLE.encode() + b'":'):
        return None
    try:
        text = raw.decode("utf-8")
        tables, spans = _walk(text)
        if tables is None:
            return None
        meta = tables.get(META_TABLE)
        if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
            return None
        if meta["1"].get("schema_version") != CURRENT_VERSION:
            return None  # migrated from the whole file, as always
        student_id = meta["1"].get(meta_key)
        students = tables.get("students")
        if not isinstance(student_id, str) or not isinstance(students, dict) or not any(isinstance(doc, dict) and doc.get("id") == student_id for doc in students.values()):
            return None
        for name, (start, close) in spans.items():
            docs = pick(text, start, close, student_id)
            if docs is None:
                return None
            tables[name] = docs
    except (UnicodeDecodeError, ValueError, RecursionError, IndexError, AttributeError):
        return None
    return tables, student_id


def _walk(text: str) -> tuple[dict | None, dict[str, tuple[int, int]]]:
    """Every table, parsed, but the one-student tables: their spans (opening brace,
    closing brace). None for a layout other than `{"name":{…},"name":{…}}`."""
    tables: dict = {}
    spans: dict[str, tuple[int, int]] = {}
    pos, last = 1, len(text) - 1
    while True:
        if text[pos] != '"':
            return None, spans
        name, pos = _decode(text, pos)
        if text[pos] != ":" or name in tables:
            return None, spans  # a table given twice: the whole file says which counts
        pos += 1
        if name in ONE_STUDENT_TABLES:
            if text[pos] != "{":
                return None, spans
            if text[pos + 1] == "}":
                close = pos + 1
            else:
                end = re.compile(_TABLE_END).search(text, pos)
                if end is None:
                    return None, spans
                close = end.start() + 1
            spans[name] = (pos, close)
            tables[name] = {}
            pos = close + 1
        else:
            tables[name], pos = _decode(text, pos)
            if name == "students" and (not isinstance(tables[name], dict) or len(tables[name]) < 2):
                return None, spans  # one student: every document is theirs, parsed whole as fast
        if pos == last and text[pos] == "}":
            return tables, spans
        if text[pos] != ",":
            return None, spans
        pos += 1


def _documents_of(text: str, start: int, close: int, student_id: str) -> dict | None:
    """The documents of the table between `start` and `close` that name `student_id`,
    by number; None unless each student named in the table is named plainly, right
    after the id that opens a document (a document naming none is not valid, and the
    app refuses the file when it opens it)."""
    if close == start + 1:
        return {}
    # Every name of a student opens a document, with the document's id just before it.
    named = text.count(_NAMES, start, close)
    if not named or named != len(re.compile(_OPENING).findall(text, start, close)):
        return None
    docs: dict = {}
    mark = f'","student_id":"{student_id}"'
    at = text.find(mark, start, close)
    while at != -1:
        begin = text.rfind(_OPENS, start, at)
        number_at = text.rfind('"', start, begin - 2) + 1
        number = text[number_at:begin - 2]
        if text[number_at - 2] not in "{," or not number.isdigit() or not number.isascii() \
                or number.startswith("0") or text[begin - 2:begin] != '":':
            return None
        doc, end = _decode(text, begin)
        if not (end == close or text.startswith(',"', end)) or doc.get("student_id") != student_id:
            return None
        docs[number] = doc
        at = text.find(mark, end, close)
    return docs


# How a document opens, its student's id captured.
_OPENING_OF = r'\{"id":"[^"\\]*","student_id":"([^"\\]*)"'


def _texts_of(text: str, start: int, close: int, student_id: str) -> list[str] | None:
    """The text of each document of the table between `start` and `close` that names
    `student_id`, in the file's order; None unless each student named in the table is
    named plainly, right after the id that opens a document, and each of those
    documents is followed by the number of the next (`,"12":`) or by the table's end.
    A document's text runs to where the next one's number starts: whether it is one
    JSON object, and nothing more, is for the validator that reads it (it refuses
    anything after the object but spaces), as `_documents_of` asks the JSON decoder."""
    if close == start + 1:
        return []
    opens = [(found.start(), found.group(1)) for found in re.compile(_OPENING_OF).finditer(text, start, close)]
    if not opens or text.count(_NAMES, start, close) != len(opens):
        return None
    texts: list[str] = []
    last = len(opens) - 1
    for at, (begin, named) in enumerate(opens):
        if named != student_id:
            continue
        if _number_before(text, start, begin) == -1:
            return None
        end = close if at == last else _number_before(text, start, opens[at + 1][0])
        if end == -1:
            return None
        texts.append(text[begin:end])
    return texts


def _number_before(text: str, start: int, begin: int) -> int:
    """Where the document number (`"12":`) of the document opening at `begin` starts,
    with the table's brace or the comma before it; -1 unless it is exactly that."""
    number_at = text.rfind('"', start, begin - 2) + 1
    number = text[number_at:begin - 2]
    if (text[number_at - 2] in "{," and number.isdigit() and number.isascii()
            and not number.startswith("0") and text[begin - 2:begin] == '":'):
        return number_at - 2
    return -1
