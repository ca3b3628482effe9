"""The hostile-file corpus: files a manager might pick by mistake, or someone might make to break the tool.

Each entry is a case file (opened on the tool's first page, `ucb validate`) or a contact log (imported
on the contact log page, `ucb contacts import`), with what must happen: refused with a code and words
the message holds, or read with a known result. The command-line tests (tests/toolkit) and the
browser tests (tests/browser) run every entry, so the same file gets the same answer in both. Large
files are generated when a test asks for them; nothing here is committed as a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hostile_text import example

EXAMPLE = "report_june_2023.json"
EXAMPLE_ON = "2023-07-20"
LIMIT = 5 * 1024 * 1024  # ucb.reading.MAX_FILE_BYTES and FILE_LIMIT_BYTES in the page (tests hold them equal)
RLO = "\u202e"


@dataclass(frozen=True)
class HostileFile:
    """One file and what the tool must make of it.

    `code`: the refusal's code, or None if the file is read. For a contact log that is read,
    `imported` and `left_out` count the contacts kept and the rows (or JSON contacts) left out, and
    `code`, if given, is a code among the row problems. `words` (lower case) are in the message."""

    name: str
    kind: str  # "case" or "log"
    make: Callable[[], bytes]
    code: str | None
    words: str = ""
    imported: int | None = None
    left_out: int | None = None

    @property
    def data(self) -> bytes:
        return self.make()

    @property
    def refused(self) -> bool:
        """Refused as a whole: nothing in the file is used."""
        return self.code is not None and self.imported is None


def _case(**changes: Any) -> dict[str, Any]:
    case = example(EXAMPLE)
    for key, value in changes.items():
        if value is None:
            case.pop(key, None)
        else:
            case[key] = value
    return case


def _json(data: Any, **dump: Any) -> Callable[[], bytes]:
    return lambda: json.dumps(data, **dump).encode("utf-8")


def _fill(head: bytes, row: bytes, tail: bytes = b"", size: int = LIMIT) -> bytes:
    """`head`, then `row` as many times as fit within `size` bytes with `tail`."""
    return head + row * ((size - len(head) - len(tail)) // len(row)) + tail


def _rows_that_fill(row: bytes) -> int:
    return (LIMIT - len(b"date,channel\n")) // len(row)


def out_of_calendar_case() -> dict[str, Any]:
    """A case with a contact in a year the working-day calendar does not cover (a mistyped year)."""
    case = _case()
    case["contacts"][-1]["at"] = "2013-06-30"
    return case


def review_before_decision_case() -> dict[str, Any]:
    case = example("lifted_at_review.json")
    decided = date.fromisoformat(case["decision"]["decided_on"])
    case["reviews"][0]["reviewed_on"] = (decided - timedelta(days=3)).isoformat()
    return case


def _nested(depth: int) -> Any:
    node: Any = "bottom"
    for _ in range(depth):
        node = [node]
    return node


CASE_FILES: list[HostileFile] = [
    HostileFile("notes.json", "case", lambda: b"Dear colleague, here are my notes.", "json_invalid", "not valid json"),
    HostileFile("list.json", "case", _json([1, 2, 3], indent=2), "not_a_case", "a json list"),
    HostileFile("empty.json", "case", lambda: b"", "file_empty", "empty"),
    HostileFile("blank.json", "case", lambda: b" \n\t\n", "file_empty", "empty"),
    HostileFile("empty-object.json", "case", lambda: b"{}", "not_a_case", "an empty json object"),
    HostileFile(
        "package.json",
        "case",
        _json({"name": "intranet-widgets", "version": "2.1.0", "dependencies": {"left-pad": "1.3.0"}}),
        "not_a_case",
        "no 'schema_version'",
    ),
    HostileFile("contacts-only.json", "case", _json({"contacts": _case()["contacts"]}), "not_a_case", "contact log"),
    HostileFile("no-version.json", "case", _json(_case(schema_version=None)), "not_a_case", "schema_version"),
    HostileFile("future-version.json", "case", _json(_case(schema_version="9.9")), "schema_version_unsupported", "9.9"),
    HostileFile(
        "latin1-case.json",
        "case",
        lambda: json.dumps(_case(reference="Zo\u00eb Bront\u00eb"), ensure_ascii=False).encode("latin-1"),
        "encoding_not_utf8",
        "utf-8",
    ),
    HostileFile("utf16-case.json", "case", lambda: json.dumps(_case()).encode("utf-16"), "encoding_not_utf8", "utf-16"),
    HostileFile(
        "nested-2m.json", "case", lambda: b"[" * 2_000_000 + b"]" * 2_000_000, "json_too_deep", "more than 64 deep"
    ),
    HostileFile(
        "nested-in-a-case.json",
        "case",
        lambda: json.dumps({**_case(), "notes": _nested(100)}).encode(),
        "json_too_deep",
        "nested",
    ),
    HostileFile("brackets-20mb.json", "case", lambda: b"[" * (20 * 1024 * 1024), "file_too_large", "5 mb"),
    HostileFile(
        "long-number.json",
        "case",
        lambda: b'{"schema_version": "1.0", "reference": "X", "count": ' + b"9" * 5000 + b"}",
        "json_invalid",
        "number",
    ),
    HostileFile("nan.json", "case", lambda: b'{"schema_version": "1.0", "reference": NaN}', "json_invalid", "number"),
    HostileFile(
        "half-a-letter.json",
        "case",
        lambda: b'{"schema_version": "1.0", "reference": "\\ud800"}',
        "json_invalid",
        "broken character",
    ),
    # Read: a byte-order mark, a long reference, fields the case does not have by the hundred thousand.
    HostileFile("bom-case.json", "case", lambda: "\ufeff".encode() + json.dumps(_case()).encode(), None),
    HostileFile(
        "reference-4m.json", "case", _json(_case(reference="R" * 4_000_000)), "json_text_too_long", "over 10,000"
    ),
    HostileFile("reference-3000.json", "case", _json(_case(reference="R" * 3000)), None, "too long"),
    HostileFile(
        "fields-200k.json",
        "case",
        _json({**_case(), **{f"field_{n}": n for n in range(200_000)}}),
        "json_too_many_fields",
        "more than 1,000 named fields",
    ),
    HostileFile(
        "unknown-fields.json",
        "case",
        _json({**_case(), **{f"field_{n}": n for n in range(300)}}),
        None,
        "is not a field the case record has",
    ),
    HostileFile(
        "right-to-left.json", "case", _json(_case(reference=f"REF{RLO}-1", customer={"name": f"Jo {RLO}Smith"})), None
    ),
]


def _csv(*rows: str, header: str = "date,channel,departments,issues") -> Callable[[], bytes]:
    return lambda: ("\n".join([header, *rows]) + "\n").encode()


INVALID_ROW = b"31/02/2024,faxes\n"
MIXED = [
    "2023-06-01,email,Housing,",
    "31/02/2024,email,Housing,",  # row 3
    "2023-06-02,phone,Housing,",
    "2023-06-03,fax,Housing,",  # row 5
    "2023-06-04,letter,Housing,",
    ",email,Housing,",  # row 7
]

LOG_FILES: list[HostileFile] = [
    HostileFile(
        "invalid-rows-5mb.csv",
        "log",
        lambda: _fill(b"date,channel\n", INVALID_ROW),
        "date_invalid",
        "row 2, column 'date': '31/02/2024' is not a real date",
        imported=0,
        left_out=_rows_that_fill(INVALID_ROW),
    ),
    HostileFile(
        "mixed-rows.csv",
        "log",
        _csv(*MIXED),
        "value_not_allowed",
        "row 5, column 'channel': 'fax'",
        imported=3,
        left_out=3,
    ),
    HostileFile(
        "impossible-date-and-time.csv",
        "log",
        _csv("31/02/2024,10:00,email", header="date,time,channel"),
        "date_invalid",
        "year-month-day (2023-06-14) or day/month/year (14/06/2023)",
        imported=0,
        left_out=1,
    ),
    HostileFile(
        "columns-200k.csv",
        "log",
        lambda: (
            ",".join(["date", "channel", *(f"extra{n}" for n in range(200_000))])
            + "\n"
            + "2023-06-01,email\n2023-06-02,phone\n"
        ).encode(),
        "column_ignored",
        "and 199,995 more are not columns the tool reads",
        imported=2,
        left_out=0,
    ),
    HostileFile(
        "cell-200kb.csv",
        "log",
        lambda: b"date,channel,note\n2023-06-01,email," + b"x" * 200_000 + b"\n2023-06-02,phone,short\n",
        "text_too_long",
        "200,000 characters long",
        imported=1,
        left_out=1,
    ),
    HostileFile(
        "old-mac-lines.csv",
        "log",
        lambda: b'date,channel,note\r2023-06-01,email,first\r2023-06-02,phone,"two\rlines"\r',
        None,
        imported=2,
        left_out=0,
    ),
    HostileFile(
        "semicolons.csv", "log", lambda: b"Date;Channel\n01/06/2023;Face to face\n", None, imported=1, left_out=0
    ),
    HostileFile(
        "extra-column.csv",
        "log",
        _csv("2023-06-01,email,Housing,,surplus"),
        "row_too_long",
        "more cells",
        imported=0,
        left_out=1,
    ),
    HostileFile(
        "missing-column.csv", "log", _csv("2023-06-01,Housing", header="date,departments"), "column_missing", "channel"
    ),
    HostileFile(
        "repeated-column.csv",
        "log",
        _csv("2023-06-01,2023-06-02,email", header="date,Date,channel"),
        "column_repeated",
        "more than once",
    ),
    HostileFile("header-only.csv", "log", lambda: b"date,channel\n", "file_has_no_rows", "no contacts below it"),
    HostileFile("one-long-line.csv", "log", lambda: b"a" * (LIMIT - 10), "column_missing", "no 'date' or 'channel'"),
    HostileFile(
        "utf16.csv", "log", lambda: "date,channel\n2023-06-01,email\n".encode("utf-16"), "encoding_not_utf8", "utf-8"
    ),
    HostileFile(
        "latin1.csv",
        "log",
        lambda: "date,channel,departments\n2023-06-01,email,Caf\u00e9 Services\n".encode("latin-1"),
        "encoding_not_utf8",
        "utf-8",
    ),
    HostileFile("nul-bytes.csv", "log", lambda: b"date,channel\n2023-06-01,em\x00ail\n", "encoding_not_utf8", "utf-8"),
    HostileFile("empty.csv", "log", lambda: b"", "file_empty", "empty"),
    HostileFile(
        "log-20mb.csv", "log", lambda: b"date,channel\n" + b"2023-06-01,email\n" * 1_250_000, "file_too_large", "5 mb"
    ),
    HostileFile(
        "nested-log.json", "log", lambda: b"[" * 1_000_000 + b"]" * 1_000_000, "json_too_deep", "more than 64 deep"
    ),
    HostileFile(
        "empty-contacts.json",
        "log",
        lambda: _fill(b"[", b"{}, ", b"{}]"),
        "required_field_missing",
        "contact 1",
        imported=0,
        left_out=(LIMIT - 4) // 4 + 1,
    ),
    HostileFile("case-as-log.json", "log", _json(_case()), None, imported=len(_case()["contacts"]), left_out=0),
]

CORPUS = CASE_FILES + LOG_FILES

# Files that load as a case but whose content the check page must explain (the validate op's words).
INVALID_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("mistyped-year.json", out_of_calendar_case(), EXAMPLE_ON, "outside the years"),
    ("review-early.json", review_before_decision_case(), "2024-02-01", "before"),
]
