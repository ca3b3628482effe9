"""Figures from the contact log, with a case either side of every threshold in policy.yml."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from conftest import contacts_on, issue, new_case

from ucb import calendar
from ucb.metrics import compute, is_unresolved_or_late

ON = date(2024, 6, 28)
START = date(2024, 3, 4)


def _working_days(count: int, start: date = START) -> list[str]:
    return [calendar.add_working_days(start, i).isoformat() for i in range(count)]


def _met(metrics: dict[str, Any], name: str) -> bool:
    return next(r for r in metrics["indicators"] if r["id"] == name)["is_met"]


def _threshold(policy: dict[str, Any], name: str) -> int:
    return int(policy["thresholds"][name]["value"])


def _volume_case(policy: dict[str, Any], extra: int) -> dict[str, Any]:
    window = _threshold(policy, "busy_window")
    per_day = _threshold(policy, "contacts_per_working_day")
    days = _working_days(window)
    contacts = contacts_on(days * per_day) + contacts_on(days[:extra])
    return new_case(contacts=contacts)


@pytest.mark.parametrize(
    ("sentence", "extra", "is_met"),
    [
        ("Exactly the policy's rate over the busiest window is not above it.", 0, False),
        ("One contact more than the policy's rate over the window is above it.", 1, True),
    ],
)
def test_volume_threshold(policy: dict[str, Any], sentence: str, extra: int, is_met: bool) -> None:
    metrics = compute(_volume_case(policy, extra), policy, on=ON)
    assert _met(metrics, "contacts_per_working_day") is is_met, sentence
    assert ("high_volume" in metrics["behaviours_seen"]) is is_met


def test_the_busiest_window_is_counted_in_working_days_across_a_bank_holiday(policy: dict[str, Any]) -> None:
    window = _threshold(policy, "busy_window")
    days = _working_days(window, date(2023, 4, 24))  # runs over the May Day and coronation holidays
    metrics = compute(new_case(contacts=contacts_on(days)), policy, on=ON)
    assert metrics["busiest_window"]["contacts"] == window
    assert metrics["busiest_window"]["starts_on"] == days[0]
    assert metrics["busiest_window"]["ends_on"] == days[-1]
    assert metrics["working_days"] == window


def test_a_contact_one_working_day_outside_the_window_is_not_in_it(policy: dict[str, Any]) -> None:
    window = _threshold(policy, "busy_window")
    days = _working_days(window + 1)
    metrics = compute(new_case(contacts=contacts_on([days[0], days[-1]])), policy, on=ON)
    assert metrics["busiest_window"]["contacts"] == 1


def _spread_case(recipients: int) -> dict[str, Any]:
    departments = [f"Department {n}" for n in range(recipients)]
    return new_case(
        issues=[issue()],
        contacts=[{"at": "2024-01-03", "channel": "email", "departments": [d], "issues": ["I1"]} for d in departments],
    )


@pytest.mark.parametrize(
    ("sentence", "below", "is_met"),
    [
        ("One recipient fewer than the policy's figure is not scattergun.", 1, False),
        ("Exactly the policy's number of recipients about one issue meets the figure.", 0, True),
    ],
)
def test_scattergun_threshold(policy: dict[str, Any], sentence: str, below: int, is_met: bool) -> None:
    metrics = compute(_spread_case(_threshold(policy, "recipients_per_issue") - below), policy, on=ON)
    assert _met(metrics, "recipients_per_issue") is is_met, sentence


def test_departments_officers_and_councillors_each_count_once_per_issue(policy: dict[str, Any]) -> None:
    contact = {
        "at": "2024-01-03",
        "channel": "email",
        "departments": ["Housing"],
        "officers": ["Ann"],
        "members": ["Cllr B"],
        "issues": ["I1"],
    }
    metrics = compute(new_case(issues=[issue()], contacts=[contact, dict(contact)]), policy, on=ON)
    assert metrics["issues"][0]["recipients"] == 3


@pytest.mark.parametrize(
    ("sentence", "below", "is_met"),
    [
        ("One repeat fewer than the policy's figure after an answer is not repetitive.", 1, False),
        ("Exactly the policy's number of repeats after an answer meets the figure.", 0, True),
    ],
)
def test_repeats_threshold(policy: dict[str, Any], sentence: str, below: int, is_met: bool) -> None:
    count = _threshold(policy, "repeats_of_answered_issue") - below
    answered = issue(responded_on="2024-02-01")
    after = [(date(2024, 2, 2) + timedelta(days=n)).isoformat() for n in range(count)]
    case = new_case(issues=[answered], contacts=contacts_on(["2024-02-01", *after], issues=["I1"]))
    metrics = compute(case, policy, on=ON)
    assert metrics["issues"][0]["repeats_after_answer"] == count, "a contact on the day of the answer is not a repeat"
    assert _met(metrics, "repeats_of_answered_issue") is is_met, sentence


@pytest.mark.parametrize(
    ("sentence", "below", "is_met"),
    [
        ("Just under the policy's share of contact about open or late issues does not meet it.", 1, False),
        ("Exactly the policy's share of contact about open or late issues meets it.", 0, True),
    ],
)
def test_share_explained_by_council_delay(policy: dict[str, Any], sentence: str, below: int, is_met: bool) -> None:
    about_open = _threshold(policy, "explained_by_council_delay") - below
    issues = [issue("OPEN", status="open"), issue("DONE", responded_on="2024-01-05")]
    contacts = contacts_on(["2024-02-01"] * about_open, issues=["OPEN"]) + contacts_on(
        ["2024-02-01"] * (100 - about_open), issues=["DONE"]
    )
    metrics = compute(new_case(issues=issues, contacts=contacts), policy, on=ON)
    assert metrics["explained_by_council_delay"]["percent"] == about_open
    assert _met(metrics, "explained_by_council_delay") is is_met, sentence


@pytest.mark.parametrize(
    ("sentence", "record", "is_late"),
    [
        ("An open issue is unresolved.", issue(status="open"), True),
        ("An answer on its due date is on time.", issue(due_on="2024-01-10", responded_on="2024-01-10"), False),
        ("An answer the day after its due date is late.", issue(due_on="2024-01-10", responded_on="2024-01-11"), True),
        (
            "A recorded missed deadline wins over the dates.",
            issue(due_on="2024-01-10", responded_on="2024-01-09", deadline_met=False),
            True,
        ),
        ("An answer with no due date is not late.", issue(responded_on="2024-03-01"), False),
    ],
)
def test_unresolved_or_late(sentence: str, record: dict[str, Any], is_late: bool) -> None:
    assert is_unresolved_or_late(record, ON) is is_late, sentence


def test_behaviour_recorded_on_contacts_is_counted_for_every_category(policy: dict[str, Any]) -> None:
    case = new_case(contacts=contacts_on(["2024-01-03", "2024-01-04"], behaviours=["abusive"]))
    metrics = compute(case, policy, on=ON)
    recorded = [b for b, spec in policy["behaviours"].items() if spec["recorded_on_contact"]]
    assert list(metrics["behaviours"]) == recorded
    assert metrics["behaviours"]["abusive"] == 2 and metrics["behaviours_seen"] == ["abusive"]


def test_an_empty_log_meets_no_threshold(policy: dict[str, Any]) -> None:
    metrics = compute(new_case(), policy, on=ON)
    assert metrics["busiest_window"] is None and metrics["contacts"] == 0
    assert not any(r["is_met"] for r in metrics["indicators"])
