"""Bad files a manager might pick, for the browser tool's and the command line's input battery.

Each entry is the file's bytes and a fragment the specific message about it must contain
(lower case; the wizard's and the CLI's wording can differ, so only the telling words are checked).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hostile_text import example

EXAMPLE = "report_june_2023.json"
EXAMPLE_ON = "2023-07-20"


def _case(**changes: Any) -> dict[str, Any]:
    case = example(EXAMPLE)
    for key, value in changes.items():
        if value is None:
            case.pop(key, None)
        else:
            case[key] = value
    return case


def _json(data: Any) -> bytes:
    return json.dumps(data, indent=2).encode("utf-8")


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


# (name, bytes, words the message must contain) for files offered as a saved case.
CASE_FILES: list[tuple[str, bytes, str]] = [
    ("notes.json", b"Dear colleague, here are my notes.", "not json"),
    ("list.json", _json([1, 2, 3]), "not a case"),
    ("empty.json", b"", "empty"),
    ("no-version.json", _json(_case(schema_version=None)), "version"),
    ("future-version.json", _json(_case(schema_version="9.9")), "9.9"),
]

# Files that load as a case but whose content the check page must explain (the validate op's words).
INVALID_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("mistyped-year.json", out_of_calendar_case(), EXAMPLE_ON, "outside the years"),
    ("review-early.json", review_before_decision_case(), "2024-02-01", "before"),
]

CSV_HEADER = "date,channel,departments,issues"


def _csv(*rows: str, header: str = CSV_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# (name, bytes, words a row error or refusal must contain) for contact-log imports.
CSV_FILES: list[tuple[str, bytes, str]] = [
    (
        "bad-date.csv",
        _csv("2023-06-01,email,Housing,", "2023-02-30,email,Housing,", "2023-06-02,phone,Housing,").encode(),
        "row 3",
    ),
    ("extra-column.csv", _csv("2023-06-01,email,Housing,,surplus").encode(), "more cells"),
    ("missing-column.csv", _csv("2023-06-01,Housing", header="date,departments").encode(), "channel"),
    ("utf16.csv", _csv("2023-06-01,email,Housing,").encode("utf-16"), "utf-8"),
    ("latin1.csv", _csv("2023-06-01,email,Caf\u00e9 Services,").encode("latin-1"), "utf-8"),
    ("empty.csv", b"", "empty"),
]
