"""Benchmark: assessing a 10,000-contact case (target 0.3 s in CPython). A benchmark, not a timed
assertion: `pytest --benchmark-skip` leaves it out, `make bench` runs it."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import load_example

from ucb import assess, to_json

CONTACTS = 10_000


@pytest.fixture(scope="module")
def large_case() -> tuple[dict[str, Any], date]:
    """The restrictions example with its log stretched to 10,000 contacts over eighteen months."""
    case, on, _ = load_example("restrictions_in_place.json")
    case = copy.deepcopy(case)
    pattern = case["contacts"]
    first = date(2022, 1, 4)
    contacts = []
    for n in range(CONTACTS):
        contact = dict(pattern[n % len(pattern)])
        day = first + timedelta(days=n * 540 // CONTACTS)
        contact["at"] = f"{day.isoformat()}T{8 + n % 9:02d}:{n % 60:02d}"
        contacts.append(contact)
    case["contacts"] = contacts
    for issue in case["issues"]:
        issue.update(raised_on="2021-12-01", due_on="2021-12-20", responded_on="2021-12-15")
    return case, on


def test_assess_a_10000_contact_case(benchmark: Any, large_case: tuple[dict[str, Any], date]) -> None:
    case, on = large_case
    result = benchmark(assess, case, on=on)
    assert every_contact_read(result["metrics"])
    assert result["outcome"]["id"] == "restrictions_in_place"


def test_assess_and_serialise_a_10000_contact_case(benchmark: Any, large_case: tuple[dict[str, Any], date]) -> None:
    case, on = large_case
    text = benchmark(lambda: to_json(assess(case, on=on)))
    assert every_contact_read(json.loads(text)["metrics"])


def every_contact_read(metrics: dict[str, Any]) -> bool:
    """Each of the log's contacts is counted, or shown beside the count: sent only to members, or older than
    the evidence the policy counts (the log runs eighteen months; twelve are current)."""
    old = metrics["evidence"]["old_contacts"]
    return old > 0 and metrics["contacts"] + metrics["members_only_contacts"] + old == CONTACTS
