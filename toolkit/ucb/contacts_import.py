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
problem is reported with its spreadsheet row number (the header is row 1) and left out; the rest are kept.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from typing import Any

from .errors import ErrorRecord
from .validate import contact_errors, json_path

LIST_COLUMNS = ("departments", "officers", "members", "issues", "behaviours")
KNOWN_COLUMNS = frozenset({"at", "date", "time", "channel", "note", *LIST_COLUMNS})
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _vocabulary(policy: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Channel and behaviour names a spreadsheet may use, mapped to their ids."""
    channels = {_key(k): k for k in policy["channels"]} | {_key(v): k for k, v in policy["channels"].items()}
    recorded = {k: v for k, v in policy["behaviours"].items() if v.get("recorded_on_contact")}
    behaviours = {_key(k): k for k in recorded} | {_key(v["title"]): k for k, v in recorded.items()}
    return channels, behaviours


def _date_text(text: str) -> str:
    """A spreadsheet date as ISO text; unrecognised text is returned as it is, for validation to report."""
    text = text.strip()
    match = _UK_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _time_text(text: str) -> str | None:
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    hour, minute, second = match.groups()
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        return None
    return f"{int(hour):02d}:{minute}" + (f":{second}" if second else "")


def _row_to_contact(row: dict[str, str], policy: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """A contact from one CSV row, plus problems only the import can see (column, code, message)."""
    channels, behaviours = _vocabulary(policy)
    problems: list[tuple[str, str, str]] = []
    contact: dict[str, Any] = {}
    if row.get("at", "").strip():
        contact["at"] = row["at"].strip()
    else:
        contact["at"] = _date_text(row.get("date", ""))
        time = row.get("time", "").strip()
        if time:
            clock = _time_text(time)
            if clock is None:
                problems.append(("time", "time_invalid", f"{time!r} is not a time. Write it as 09:30 (24-hour clock)."))
            else:
                contact["at"] += f"T{clock}"
    channel = row.get("channel", "").strip()
    contact["channel"] = channels.get(_key(channel), channel)
    for column in LIST_COLUMNS:
        parts = [p.strip() for p in row.get(column, "").split(";") if p.strip()]
        if column == "behaviours":
            parts = [behaviours.get(_key(p), p) for p in parts]
        parts = list(dict.fromkeys(parts))  # a repeated name in one cell means the same recipient
        if parts:
            contact[column] = parts
    note = row.get("note", "").strip()
    if note:
        contact["note"] = note
    return contact, problems


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def from_csv(text: str, policy: dict[str, Any]) -> tuple[list[dict[str, Any]], list[ErrorRecord]]:
    """Contacts from CSV text, and an error for each row left out (with its row number)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [
            ErrorRecord(
                "file_empty",
                "The file is empty. Export the contact log with a header row and one row per contact.",
                "$",
                1,
            )
        ]
    reader = csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(text))
    header = [_key(h) for h in next(reader)]
    has_date = "date" in header or "at" in header
    missing = [c for c in ("date", "channel") if c not in header and not (c == "date" and has_date)]
    if missing:
        return [], [
            ErrorRecord(
                "column_missing",
                f"The header row has no {' or '.join(repr(m) for m in missing)} column. Name the columns as the guide lists them.",
                "$",
                1,
            )
        ]
    unknown = [h for h in header if h and h not in KNOWN_COLUMNS]
    errors = [
        ErrorRecord("column_ignored", f"Column {h!r} is not one the tool reads; it was ignored.", "$", 1)
        for h in unknown
    ]
    contacts: list[dict[str, Any]] = []
    for offset, cells in enumerate(reader):
        row_number = offset + 2
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            errors.append(
                ErrorRecord(
                    "row_too_long",
                    f"Row {row_number} has more cells than the header row. Check for a comma inside a cell that is not in quotes.",
                    json_path(("contacts", len(contacts))),
                    row_number,
                )
            )
            continue
        row = dict(zip(header, cells, strict=False))
        contact, problems = _row_to_contact(row, policy)
        path = ("contacts", len(contacts))
        found = [
            ErrorRecord(code, f"Row {row_number}: {message}", json_path((*path, column)), row_number)
            for column, code, message in problems
        ]
        found += [
            ErrorRecord(e.code, f"Row {row_number}: {e.message}", e.path, row_number)
            for e in contact_errors(contact, path)
        ]
        if found:
            errors.extend(found)
        else:
            contacts.append(contact)
    return contacts, errors


def from_json(text: str) -> tuple[list[dict[str, Any]], list[ErrorRecord]]:
    """Contacts from JSON text: a list of contacts, or an object with a `contacts` list (a case file)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [
            ErrorRecord(
                "json_invalid",
                f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).",
                "$",
                None,
            )
        ]
    items = data.get("contacts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], [
            ErrorRecord(
                "json_not_a_list",
                "The JSON must be a list of contacts, or an object with a 'contacts' list.",
                "$",
                None,
            )
        ]
    contacts: list[dict[str, Any]] = []
    errors: list[ErrorRecord] = []
    for index, item in enumerate(items):
        found = list(contact_errors(item, ("contacts", index)))
        if found:
            errors.extend(ErrorRecord(e.code, f"Contact {index + 1}: {e.message}", e.path, index + 1) for e in found)
        else:
            contacts.append(item)
    return contacts, errors


def import_contacts(text: str, fmt: str, policy: dict[str, Any]) -> tuple[list[dict[str, Any]], list[ErrorRecord]]:
    """Contacts from `csv` or `json` text, with an error record for everything left out."""
    if fmt == "csv":
        return from_csv(text, policy)
    if fmt == "json":
        return from_json(text)
    return [], [
        ErrorRecord("format_unknown", f"{fmt!r} is not a format the import reads. Use 'csv' or 'json'.", "$", None)
    ]


__all__ = ["from_csv", "from_json", "import_contacts"]
