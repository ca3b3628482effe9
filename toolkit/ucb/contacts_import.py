"""Read a contact log exported from a spreadsheet or case system (CSV) or saved as JSON.

CSV columns (header row required; names are not case-sensitive; only `date` and `channel` are needed):

| column        | what goes in it                                                                  |
|---------------|----------------------------------------------------------------------------------|
| `date`        | `2023-06-14` or `14/06/2023` (day first, as UK spreadsheets write it)             |
| `time`        | optional, `09:30` or `09:30:15`                                                   |
| `channel`     | phone, email, letter, online, face_to_face, social_media (or the policy's wording, e.g. "Face to face") |
| `departments` | departments contacted, separated by semicolons                                    |
| `officers`    | officers contacted, separated by semicolons                                       |
| `members`     | councillors or MPs contacted, separated by semicolons                             |
| `issues`      | issue IDs the contact was about, separated by semicolons                          |
| `behaviours`  | behaviour recorded, by id or title, separated by semicolons (e.g. `abusive; repeated`) |
| `note`        | a short factual note                                                              |

A column named `at` holding a full date-time may be used instead of `date` and `time`. A row with a
problem is reported by its spreadsheet row number (the header is row 1) and column, and left out; the
rest are kept. Lines may end as Windows, Unix or old Macs end them.

Every row is checked here, column by column, against the contact schema's own rules, so that a file of
a few hundred thousand bad rows is explained in seconds; the schema check that follows (validate)
then only confirms the rows that passed. JSON contacts are explained by the schema check itself, the
first MAX_EXPLAINED of those with problems in full; past that, a contact the fast test cannot vouch for
is left out and counted (the fast test is never more lenient than the schema).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, NamedTuple

from ._resources import load_schema
from .errors import ErrorRecord
from .reading import MAX_FILE_BYTES, FileRefused, load_json
from .validate import contact_errors, is_plainly_valid_contact, json_path

LIST_COLUMNS = ("departments", "officers", "members", "issues", "behaviours")
KNOWN_COLUMNS = frozenset({"at", "date", "time", "channel", "note", *LIST_COLUMNS})
DATE_FORMS = "year-month-day (2023-06-14) or day/month/year (14/06/2023)"
TIME_FORMS = "on the 24-hour clock, as 09:30 or 09:30:15"
AT_FORMS = "a date (2023-06-14) or a date and time (2023-06-14T09:30)"
MAX_EXPLAINED = 200
"""Rows or contacts with problems explained one by one; any more are counted."""
QUOTED = 40
"""Characters of a cell quoted in a message (a 100,000-character cell is shown by its start)."""
NAMED_COLUMNS = 5
"""Unknown columns named in the message that says they were ignored."""

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_AT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?")
_LINE_END = re.compile(r"\r\n?|\n")
# Codes of notes about the file as a whole that leave every row in.
FILE_NOTES = frozenset({"column_ignored"})


class Imported(NamedTuple):
    """What an import found: the contacts kept, every problem, and how many rows or contacts were left out."""

    contacts: list[dict[str, Any]]
    errors: list[ErrorRecord]
    left_out: int


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    return _NOT_WORD.sub("_", text.strip().lower()).strip("_")


def quoted(text: str) -> str:
    """A cell for a message: its start if it is long, with control characters written out (repr)."""
    return repr(text if len(text) <= QUOTED else text[:QUOTED] + "…")


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 row', '3 rows', '1,200 rows'."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


class _Words(NamedTuple):
    """What a spreadsheet may write in the channel and behaviour columns, and how to list it back."""

    channels: dict[str, str]
    behaviours: dict[str, str]
    channel_wording: str
    behaviour_titles: str


def _words(policy: dict[str, Any]) -> _Words:
    """Channel and behaviour names a spreadsheet may use (ids or the policy's wording), mapped to their ids."""
    channels = {_key(k): k for k in policy["channels"]} | {_key(v): k for k, v in policy["channels"].items()}
    recorded = {k: v for k, v in policy["behaviours"].items() if v.get("recorded_on_contact")}
    behaviours = {_key(k): k for k in recorded} | {_key(v["title"]): k for k, v in recorded.items()}
    titles = ", ".join(v["title"] for v in recorded.values())
    return _Words(channels, behaviours, ", ".join(policy["channels"].values()), titles)


@functools.cache
def _limits() -> dict[str, tuple[int, int]]:
    """(shortest, longest) for the note and for one name in each list column, from the contact schema."""
    props = load_schema("case")["$defs"]["contact"]["properties"]
    limits = {
        name: (p["items"].get("minLength", 0), p["items"].get("maxLength", MAX_FILE_BYTES))
        for name, p in props.items()
        if p.get("type") == "array"
    }
    limits["note"] = (props["note"].get("minLength", 0), props["note"].get("maxLength", MAX_FILE_BYTES))
    return limits


class _Row:
    """One CSV row being turned into a contact. A problem is kept as (column, code, template, cell) and
    written out only for rows that are explained: past MAX_EXPLAINED, rows with problems are counted."""

    __slots__ = ("cells", "problems")

    def __init__(self, cells: dict[str, str]) -> None:
        self.cells = cells
        self.problems: list[tuple[str, str, str, str]] = []

    def cell(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def problem(self, column: str, code: str, template: str, cell: str = "") -> None:
        self.problems.append((column, code, template, cell))


def _explained(row: _Row, number: int, names: dict[str, str]) -> list[ErrorRecord]:
    """The row's problems as messages that name the row, the column (as the file's header writes it) and the cell."""
    records = []
    for column, code, template, cell in row.problems:
        name = names.get(column, column)
        where = f"Row {number}: the '{name}' cell" if not cell else f"Row {number}, column '{name}':"
        detail = template.format(cell=quoted(cell), length=len(cell))
        field = "at" if column in ("date", "time") else column
        records.append(ErrorRecord(code, f"{where} {detail}", json_path(("contacts", number - 2, field)), number))
    return records


_DATE_TEMPLATES = {
    "missing": f"is empty. Write the date as {DATE_FORMS}.",
    "shape": f"{{cell}} is not a date. Write it as {DATE_FORMS}.",
    "real": f"{{cell}} is not a real date: check the day and the month. Write it as {DATE_FORMS}.",
}


def _day(row: _Row) -> str | None:
    text = row.cell("date")
    if not text:
        row.problem("date", "date_missing", _DATE_TEMPLATES["missing"])
        return None
    uk = _UK_DATE.fullmatch(text)
    iso = None if uk else _ISO_DATE.fullmatch(text)
    if uk:
        day, month, year = uk.groups()
    elif iso:
        year, month, day = iso.groups()
    else:
        row.problem("date", "date_invalid", _DATE_TEMPLATES["shape"], text)
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        row.problem("date", "date_invalid", _DATE_TEMPLATES["real"], text)
        return None


def _clock(row: _Row) -> str | None:
    text = row.cell("time")
    match = _TIME.fullmatch(text)
    if match:
        hour, minute, second = match.groups()
        if int(hour) <= 23 and int(minute) <= 59 and int(second or 0) <= 59:
            return f"{int(hour):02d}:{minute}" + (f":{second}" if second else "")
    row.problem("time", "time_invalid", f"{{cell}} is not a time. Write it {TIME_FORMS}.", text)
    return None


def _at(row: _Row) -> str | None:
    text = row.cell("at")
    try:
        if not _AT.fullmatch(text):
            raise ValueError(text)
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        row.problem("at", "date_invalid", f"{{cell}} is not a date and time. Write it as {AT_FORMS}.", text)
        return None
    return text


def _row_to_contact(row: _Row, words: _Words) -> dict[str, Any]:
    """A contact from one CSV row; what is wrong with it goes to `row.problems`."""
    channels, behaviours, cells = words.channels, words.behaviours, row.cells
    contact: dict[str, Any] = {}
    if cells.get("at", "").strip():
        at = _at(row)
    else:
        at = _day(row)
        if cells.get("time", "").strip():
            clock = _clock(row)
            at = f"{at}T{clock}" if at and clock else None
    if at:
        contact["at"] = at
    channel = cells.get("channel", "").strip()
    if not channel:
        row.problem("channel", "channel_missing", f"is empty. Use one of: {words.channel_wording}.")
    elif (known := channels.get(_key(channel))) is None:
        template = f"{{cell}} is not one of the policy's channels. Use one of: {words.channel_wording}."
        row.problem("channel", "value_not_allowed", template, channel)
    else:
        contact["channel"] = known
    for column in LIST_COLUMNS:
        raw = cells.get(column)
        if not raw or not raw.strip():
            continue
        names = list(dict.fromkeys(p.strip() for p in raw.split(";") if p.strip()))
        if column == "behaviours":
            unknown = [n for n in names if _key(n) not in behaviours]
            if unknown:
                template = f"{{cell}} is not a behaviour the policy lists. Use one of: {words.behaviour_titles}."
                row.problem(column, "value_not_allowed", template, unknown[0])
            names = list(dict.fromkeys(behaviours.get(_key(n), n) for n in names))
        longest = _limits()[column][1]
        too_long = [n for n in names if len(n) > longest]
        if too_long:
            row.problem(
                column, "text_too_long", f"{{cell}} is longer than {longest:,} characters. Shorten it.", too_long[0]
            )
        if names:
            contact[column] = names
    note = cells.get("note", "").strip()
    if note:
        longest = _limits()["note"][1]
        if len(note) > longest:
            row.problem(
                "note", "text_too_long", f"the note is {{length:,}} characters long; keep it to {longest:,}.", note
            )
        else:
            contact["note"] = note
    return contact


def _sniff_delimiter(text: str) -> str:
    header = _LINE_END.split(text, 1)[0]
    return max((",", ";", "\t"), key=header.count)


@contextmanager
def _cells_up_to_file_size() -> Iterator[None]:
    """Let a cell be as long as a file may be (csv's own limit, 128 KiB, raises on a longer one)."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, MAX_FILE_BYTES))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _header_problems(header: list[str]) -> list[ErrorRecord]:
    """Why a header row cannot be used (empty when it can)."""
    keys = [_key(h) for h in header]
    repeated = sorted({k for k in keys if k in KNOWN_COLUMNS and keys.count(k) > 1})
    if repeated:
        return [
            ErrorRecord(
                "column_repeated",
                f"The header row names the {quoted(repeated[0])} column more than once. Keep one and import the file again.",
                "$",
                1,
            )
        ]
    missing = [c for c in ("date", "channel") if c not in keys and not (c == "date" and "at" in keys)]
    if missing:
        return [
            ErrorRecord(
                "column_missing",
                f"The header row has no {' or '.join(repr(m) for m in missing)} column. Name the columns as the guide lists "
                "them, in the first row of the file.",
                "$",
                1,
            )
        ]
    return []


def _ignored(header: list[str]) -> list[ErrorRecord]:
    unknown = [h.strip() for h in header if h.strip() and _key(h) not in KNOWN_COLUMNS]
    if not unknown:
        return []
    named = ", ".join(quoted(h) for h in unknown[:NAMED_COLUMNS])
    more = f" and {len(unknown) - NAMED_COLUMNS:,} more" if len(unknown) > NAMED_COLUMNS else ""
    verb = "is not a column" if len(unknown) == 1 else "are not columns"
    return [ErrorRecord("column_ignored", f"{named}{more} {verb} the tool reads; ignored.", "$", 1)]


def from_csv(text: str, policy: dict[str, Any]) -> Imported:
    """Contacts from CSV text, and an error for each problem in a row left out (with its row number)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        message = "The file is empty. Export the contact log with a header row and one row per contact."
        return Imported([], [ErrorRecord("file_empty", message, "$", 1)], 0)
    contacts: list[dict[str, Any]] = []
    errors: list[ErrorRecord] = []
    left_out = 0
    words = _words(policy)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    with _cells_up_to_file_size():
        try:
            header = next(reader)
            refused = _header_problems(header)
            if refused:
                return Imported([], refused, 0)
            errors += _ignored(header)
            keys = [_key(h) for h in header]
            names = {k: h.strip() for k, h in zip(keys, header, strict=True)}
            for offset, cells in enumerate(reader):
                number = offset + 2
                if not any(c.strip() for c in cells):
                    continue
                explain = left_out < MAX_EXPLAINED
                if len(cells) > len(header):
                    left_out += 1
                    if explain:
                        message = (
                            f"Row {number} has more cells than the header row. Check for a comma inside a cell "
                            "that is not in quotes."
                        )
                        errors.append(ErrorRecord("row_too_long", message, json_path(("contacts", number - 2)), number))
                    continue
                row = _Row(dict(zip(keys, cells, strict=False)))
                contact = _row_to_contact(row, words)
                # The schema has the last word: a rule this module does not check still keeps a row out.
                schema = [] if row.problems else list(contact_errors(contact, ()))
                if not row.problems and not schema:
                    contacts.append(contact)
                    continue
                left_out += 1
                if not explain:
                    continue
                path = json_path(("contacts", number - 2))
                errors += _explained(row, number, names) or [
                    ErrorRecord(e.code, f"Row {number}: {e.message}", path, number) for e in schema
                ]
        except csv.Error as error:
            raise FileRefused(
                "csv_unreadable", f"The file could not be read as CSV ({error}). Export it again as CSV."
            ) from None
    if left_out > MAX_EXPLAINED:
        errors.append(_not_explained(left_out - MAX_EXPLAINED, "row"))
    if not contacts and not left_out:
        message = "The file has a header row but no contacts below it. Export the log again with one row per contact."
        errors.append(ErrorRecord("file_has_no_rows", message, "$", None))
    return Imported(contacts, errors, left_out)


def _not_explained(number: int, noun: str) -> ErrorRecord:
    message = (
        f"{count(number, 'more ' + noun)} could not be imported either. Correct the ones listed and import the file "
        "again to see what is wrong with the rest."
    )
    return ErrorRecord(f"{noun}s_not_explained", message, "$", None)


def from_json(text: str) -> Imported:
    """Contacts from JSON text: a list of contacts, or an object with a `contacts` list (a case file)."""
    try:
        data = load_json(text)
    except FileRefused as refused:
        return Imported([], [ErrorRecord(refused.code, str(refused), "$", None)], 0)
    items = data.get("contacts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        message = "The JSON must be a list of contacts, or an object with a 'contacts' list."
        return Imported([], [ErrorRecord("json_not_a_list", message, "$", None)], 0)
    contacts: list[dict[str, Any]] = []
    errors: list[ErrorRecord] = []
    left_out = unexplained = 0
    for index, item in enumerate(items):
        if is_plainly_valid_contact(item):
            contacts.append(item)
            continue
        if left_out >= MAX_EXPLAINED:
            left_out += 1
            unexplained += 1
            continue
        found = [ErrorRecord(e.code, e.message, e.path, index + 1) for e in contact_errors(item, ("contacts", index))]
        if found:
            left_out += 1
            errors += found
        else:
            contacts.append(item)
    if unexplained:
        errors.append(_not_explained(unexplained, "contact"))
    return Imported(contacts, errors, left_out)


def import_contacts(text: str, fmt: str, policy: dict[str, Any]) -> Imported:
    """Contacts from `csv` or `json` text, with an error record for everything left out."""
    if fmt == "csv":
        try:
            return from_csv(text, policy)
        except FileRefused as refused:
            return Imported([], [ErrorRecord(refused.code, str(refused), "$", None)], 0)
    if fmt == "json":
        return from_json(text)
    message = f"{fmt!r} is not a format the import reads. Use 'csv' or 'json'."
    return Imported([], [ErrorRecord("format_unknown", message, "$", None)], 0)


__all__ = ["Imported", "from_csv", "from_json", "import_contacts"]
