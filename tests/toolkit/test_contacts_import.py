"""Importing a contact log: documented CSV columns and JSON; a bad row is reported by its row and column, the rest kept."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ucb.contacts_import import MAX_EXPLAINED, QUOTED, from_csv, from_json, import_contacts

GOOD_AND_BAD = """Date,Time,Channel,Departments,Officers,Members,Issues,Behaviours,Note
14/06/2023,09:30,Email,Housing Services; Parking Services,,,RR-1041,Copied to many recipients,Sent to everyone again
31/02/2023,,Email,,,,,,
2023-06-15,10:00,Fax,,,,,,
2023-06-16,,Face to face,Customer Services,Reception,Cllr A Jones,,abusive;repeated,
2023-06-19,25:00,phone,,,,,,
"""


def test_good_rows_are_kept_and_bad_rows_reported_by_spreadsheet_row_and_column(policy: dict[str, Any]) -> None:
    contacts, errors, left_out = from_csv(GOOD_AND_BAD, policy)
    assert contacts == [
        {
            "at": "2023-06-14T09:30",
            "channel": "email",
            "departments": ["Housing Services", "Parking Services"],
            "issues": ["RR-1041"],
            "behaviours": ["copied_to_many"],
            "note": "Sent to everyone again",
        },
        {
            "at": "2023-06-16",
            "channel": "face_to_face",
            "departments": ["Customer Services"],
            "officers": ["Reception"],
            "members": ["Cllr A Jones"],
            "behaviours": ["abusive", "repeated"],
        },
    ]
    assert left_out == 3
    assert [(e.row, e.code, e.message.split(":")[0]) for e in errors] == [
        (3, "date_invalid", "Row 3, column 'Date'"),
        (4, "value_not_allowed", "Row 4, column 'Channel'"),
        (6, "time_invalid", "Row 6, column 'Time'"),
    ]


@pytest.mark.parametrize(
    ("sentence", "row", "message"),
    [
        (
            "An impossible date says so, and which forms are read.",
            "31/02/2024,10:00,email",
            "Row 2, column 'date': '31/02/2024' is not a real date: check the day and the month. Write it as "
            "year-month-day (2023-06-14) or day/month/year (14/06/2023).",
        ),
        (
            "A date in another form is not glued to its time.",
            "2024.02.01,10:00,email",
            "Row 2, column 'date': '2024.02.01' is not a date. Write it as year-month-day (2023-06-14) or "
            "day/month/year (14/06/2023).",
        ),
        (
            "A time past midnight is refused on its own column.",
            "2024-02-01,24:10,email",
            "Row 2, column 'time': '24:10' is not a time. Write it on the 24-hour clock, as 09:30 or 09:30:15.",
        ),
        (
            "An empty channel lists the channels.",
            "2024-02-01,,",
            "Row 2: the 'channel' cell is empty. Use one of: Phone, Email, Letter, Online form, Face to face, "
            "Social media.",
        ),
    ],
)
def test_a_row_problem_says_the_row_the_column_and_what_is_accepted(
    policy: dict[str, Any], sentence: str, row: str, message: str
) -> None:
    _, errors, _ = from_csv(f"date,time,channel\n{row}\n", policy)
    assert [e.message for e in errors] == [message], sentence


@pytest.mark.parametrize(
    ("sentence", "text", "code"),
    [
        ("An empty file is reported.", "", "file_empty"),
        ("A file with no channel column is reported.", "date,note\n2023-06-01,x\n", "column_missing"),
        ("A file with no date column is reported.", "channel\nemail\n", "column_missing"),
        ("A column named twice is reported.", "date,channel,Channel\n2023-06-01,email,phone\n", "column_repeated"),
        (
            "A column the tool does not read is reported as ignored.",
            "date,channel,colour\n2023-06-01,email,red\n",
            "column_ignored",
        ),
        (
            "A row with more cells than the header is reported.",
            "date,channel\n2023-06-01,email,extra\n",
            "row_too_long",
        ),
        ("A header with no rows below it is reported.", "date,channel\n\n", "file_has_no_rows"),
    ],
)
def test_file_problems(policy: dict[str, Any], sentence: str, text: str, code: str) -> None:
    assert code in [e.code for e in from_csv(text, policy).errors], sentence


def test_ignored_columns_are_named_in_one_message_however_many_there_are(policy: dict[str, Any]) -> None:
    header = ",".join(["date", "channel", *(f"c{n}" for n in range(1000))])
    contacts, errors, _ = from_csv(f"{header}\n2023-06-01,email\n", policy)
    assert len(contacts) == 1 and [e.message for e in errors] == [
        "'c0', 'c1', 'c2', 'c3', 'c4' and 995 more are not columns the tool reads; ignored."
    ]


def test_a_long_cell_is_quoted_by_its_start_and_read_whatever_its_length(policy: dict[str, Any]) -> None:
    text = "date,channel,departments\n2023-06-01,email," + "D" * 300_000 + "\n"
    _, errors, left_out = from_csv(text, policy)
    assert left_out == 1 and errors[0].code == "text_too_long"
    assert f"'{'D' * QUOTED}…'" in errors[0].message and len(errors[0].message) < 200


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_every_kind_of_line_ending_is_read(policy: dict[str, Any], ending: str) -> None:
    text = ending.join(["date,channel,note", "2023-06-01,email,one", '2023-06-02,phone,"two', 'lines"', ""])
    contacts, errors, _ = from_csv(text, policy)
    assert errors == [] and [c["note"] for c in contacts] == ["one", f"two{ending}lines"]


def test_past_the_first_rows_with_problems_the_rest_are_counted(policy: dict[str, Any]) -> None:
    text = "date,channel\n" + "2023-06-01,fax\n" * (MAX_EXPLAINED + 25) + "2023-06-01,email\n"
    contacts, errors, left_out = from_csv(text, policy)
    assert len(contacts) == 1 and left_out == MAX_EXPLAINED + 25
    assert [e.row for e in errors[:-1]] == list(range(2, MAX_EXPLAINED + 2))
    assert errors[-1].code == "rows_not_explained" and errors[-1].message.startswith(
        "25 more rows could not be imported"
    )


def test_semicolon_separated_files_and_a_byte_order_mark_are_read(policy: dict[str, Any]) -> None:
    contacts, errors, _ = from_csv("\ufeffdate;channel;issues\n2023-06-01;Phone;A, B\n", policy)
    assert errors == [] and contacts == [{"at": "2023-06-01", "channel": "phone", "issues": ["A, B"]}]


def test_an_at_column_with_full_date_times_is_read(policy: dict[str, Any]) -> None:
    contacts, errors, _ = from_csv("at,channel\n2023-06-01T08:15:00,online\n", policy)
    assert errors == [] and contacts == [{"at": "2023-06-01T08:15:00", "channel": "online"}]


def test_blank_rows_are_skipped(policy: dict[str, Any]) -> None:
    contacts, errors, _ = from_csv("date,channel\n\n2023-06-01,letter\n,\n", policy)
    assert errors == [] and len(contacts) == 1


def test_json_contacts_are_checked_one_by_one() -> None:
    text = '{"contacts": [{"at": "2023-06-01", "channel": "email"}, {"at": "2023-06-02"}]}'
    contacts, errors, left_out = from_json(text)
    assert contacts == [{"at": "2023-06-01", "channel": "email"}] and left_out == 1
    assert [(e.row, e.code, e.path) for e in errors] == [(2, "required_field_missing", "$.contacts[1].channel")]
    assert errors[0].message.count("Contact 2") == 1


def test_past_the_first_json_contacts_with_problems_the_rest_are_counted() -> None:
    contacts, errors, left_out = from_json(json.dumps([{}] * (MAX_EXPLAINED + 7)))
    assert contacts == [] and left_out == MAX_EXPLAINED + 7
    assert errors[-1].code == "contacts_not_explained" and errors[-1].message.startswith("7 more contacts")


@pytest.mark.parametrize(
    ("text", "code"),
    [("{not json", "json_invalid"), ('{"a": 1}', "json_not_a_list"), ("[" * 5000 + "]" * 5000, "json_too_deep")],
)
def test_json_file_problems(text: str, code: str) -> None:
    assert [e.code for e in from_json(text).errors] == [code]


def test_an_unknown_format_is_reported(policy: dict[str, Any]) -> None:
    assert [e.code for e in import_contacts("x", "xlsx", policy).errors] == ["format_unknown"]


def test_the_example_contact_log_imports_cleanly(policy: dict[str, Any]) -> None:
    from conftest import EXAMPLES

    contacts, errors, _ = from_csv((EXAMPLES / "contact_log.csv").read_text(), policy)
    assert errors == [] and len(contacts) == 4
    assert contacts[3]["issues"] == ["RR-1041", "PK-2207"] and contacts[3]["behaviours"] == [
        "copied_to_many",
        "repeated",
    ]
