"""Importing a contact log: documented CSV columns and JSON; a bad row is reported by number, the rest kept."""

from __future__ import annotations

from typing import Any

import pytest

from ucb.contacts_import import from_csv, from_json, import_contacts

GOOD_AND_BAD = """Date,Time,Channel,Departments,Officers,Members,Issues,Behaviours,Note
14/06/2023,09:30,Email,Housing Services; Parking Services,,,RR-1041,Copied to many recipients,Sent to everyone again
31/02/2023,,Email,,,,,,
2023-06-15,10:00,Fax,,,,,,
2023-06-16,,Face to face,Customer Services,Reception,Cllr A Jones,,abusive;repeated,
2023-06-19,25:00,phone,,,,,,
"""


def test_good_rows_are_kept_and_bad_rows_reported_by_spreadsheet_row(policy: dict[str, Any]) -> None:
    contacts, errors = from_csv(GOOD_AND_BAD, policy)
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
    assert [(e.row, e.code) for e in errors] == [(3, "date_invalid"), (4, "value_not_allowed"), (6, "time_invalid")]
    assert all(e.message.startswith(f"Row {e.row}:") for e in errors)


@pytest.mark.parametrize(
    ("sentence", "text", "code"),
    [
        ("An empty file is reported.", "", "file_empty"),
        ("A file with no channel column is reported.", "date,note\n2023-06-01,x\n", "column_missing"),
        ("A file with no date column is reported.", "channel\nemail\n", "column_missing"),
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
    ],
)
def test_file_problems(policy: dict[str, Any], sentence: str, text: str, code: str) -> None:
    _, errors = from_csv(text, policy)
    assert code in [e.code for e in errors], sentence


def test_semicolon_separated_files_and_a_byte_order_mark_are_read(policy: dict[str, Any]) -> None:
    contacts, errors = from_csv("\ufeffdate;channel;issues\n2023-06-01;Phone;A, B\n", policy)
    assert errors == [] and contacts == [{"at": "2023-06-01", "channel": "phone", "issues": ["A, B"]}]


def test_an_at_column_with_full_date_times_is_read(policy: dict[str, Any]) -> None:
    contacts, errors = from_csv("at,channel\n2023-06-01T08:15:00,online\n", policy)
    assert errors == [] and contacts == [{"at": "2023-06-01T08:15:00", "channel": "online"}]


def test_blank_rows_are_skipped(policy: dict[str, Any]) -> None:
    contacts, errors = from_csv("date,channel\n\n2023-06-01,letter\n,\n", policy)
    assert errors == [] and len(contacts) == 1


def test_json_contacts_are_checked_one_by_one() -> None:
    contacts, errors = from_json('{"contacts": [{"at": "2023-06-01", "channel": "email"}, {"at": "2023-06-02"}]}')
    assert contacts == [{"at": "2023-06-01", "channel": "email"}]
    assert [(e.row, e.code, e.path) for e in errors] == [(2, "required_field_missing", "$.contacts[1].channel")]


@pytest.mark.parametrize(("text", "code"), [("{not json", "json_invalid"), ('{"a": 1}', "json_not_a_list")])
def test_json_file_problems(text: str, code: str) -> None:
    assert [e.code for e in from_json(text)[1]] == [code]


def test_an_unknown_format_is_reported(policy: dict[str, Any]) -> None:
    assert [e.code for e in import_contacts("x", "xlsx", policy)[1]] == ["format_unknown"]


def test_the_example_contact_log_imports_cleanly(policy: dict[str, Any]) -> None:
    from conftest import EXAMPLES

    contacts, errors = from_csv((EXAMPLES / "contact_log.csv").read_text(), policy)
    assert errors == [] and len(contacts) == 4
    assert contacts[3]["issues"] == ["RR-1041", "PK-2207"] and contacts[3]["behaviours"] == [
        "copied_to_many",
        "repeated",
    ]
