"""Figures from the contact log, with a case either side of every threshold in policy.yml."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from conftest import contacts_on, issue, new_case

from ucb import calendar, parameters
from ucb.metrics import busiest_window, compute, is_unresolved_or_late

ON = date(2024, 6, 28)
START = date(2024, 3, 4)


def _working_days(count: int, start: date = START) -> list[str]:
    return [calendar.add_working_days(start, i).isoformat() for i in range(count)]


def _met(metrics: dict[str, Any], name: str) -> bool:
    return next(r for r in metrics["indicators"] if r["id"] == name)["is_met"]


def _threshold(policy: dict[str, Any], name: str) -> int:
    return int(parameters.figure(policy, name, ON)["value"])


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
    metrics = compute(new_case(contacts=contacts_on(days)), policy, on=date(2023, 6, 30))
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


def test_departments_and_officers_each_count_once_per_issue_and_councillors_are_shown_beside(
    policy: dict[str, Any],
) -> None:
    contact = {
        "at": "2024-01-03",
        "channel": "email",
        "departments": ["Housing"],
        "officers": ["Ann"],
        "members": ["Cllr B"],
        "issues": ["I1"],
    }
    metrics = compute(new_case(issues=[issue()], contacts=[contact, dict(contact)]), policy, on=ON)
    assert metrics["issues"][0]["recipients"] == 2
    assert metrics["issues"][0]["members"] == 1


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


def test_contact_sent_only_to_councillors_is_shown_beside_the_figures_not_counted_in_them(
    policy: dict[str, Any],
) -> None:
    window = _threshold(policy, "busy_window")
    days = _working_days(window)
    to_members = contacts_on(days * 3, members=["Cllr A"], issues=["I1"])
    metrics = compute(new_case(issues=[issue()], contacts=to_members), policy, on=ON)
    assert metrics["contacts"] == 0 and metrics["members_only_contacts"] == 3 * window
    assert metrics["busiest_window"] is None
    assert not _met(metrics, "contacts_per_working_day") and metrics["behaviours_seen"] == []


def test_a_contact_copied_to_an_officer_as_well_as_a_councillor_is_counted(policy: dict[str, Any]) -> None:
    metrics = compute(
        new_case(contacts=contacts_on(["2024-06-03"], members=["Cllr A"], officers=["Ann"])), policy, on=ON
    )
    assert metrics["contacts"] == 1 and metrics["members_only_contacts"] == 0


@pytest.mark.parametrize(
    ("sentence", "offset", "counted"),
    [
        ("Contact on the assessment date is counted.", 0, 1),
        ("Contact the day after the assessment date is not.", 1, 0),
    ],
)
def test_only_contact_received_by_the_date_is_counted(
    policy: dict[str, Any], sentence: str, offset: int, counted: int
) -> None:
    day = (ON + timedelta(days=offset)).isoformat()
    assert compute(new_case(contacts=contacts_on([day])), policy, on=ON)["contacts"] == counted, sentence


def test_the_busiest_window_never_runs_past_the_date_it_is_worked_out_for(policy: dict[str, Any]) -> None:
    window = _threshold(policy, "busy_window")
    recent = _working_days(5, calendar.add_working_days(ON, -4))
    found = busiest_window([date.fromisoformat(d) for d in recent * 4], window, ON)
    assert date.fromisoformat(found["ends_on"]) <= ON
    assert found == {
        "working_days": window,
        "starts_on": calendar.add_working_days(ON, -(window - 1)).isoformat(),
        "ends_on": ON.isoformat(),
        "contacts": 20,
        "per_working_day": round(20 / window, 2),
    }


@pytest.mark.parametrize(
    ("sentence", "days_before", "is_old"),
    [
        ("Contact just inside the period for current evidence is counted.", 0, False),
        ("Contact a day older than that is old evidence, shown beside the figures.", 1, True),
    ],
)
def test_old_contact_is_left_out_of_the_figures_and_counted_beside_them(
    policy: dict[str, Any], sentence: str, days_before: int, is_old: bool
) -> None:
    period = parameters.period(policy, "evidence_current_for", ON)
    oldest = date(ON.year - int(period["value"]) // 12, ON.month, ON.day) - timedelta(days=days_before)
    metrics = compute(new_case(contacts=contacts_on([oldest.isoformat()])), policy, on=ON)
    assert (metrics["evidence"]["old_contacts"], metrics["contacts"]) == ((1, 0) if is_old else (0, 1)), sentence


def test_contact_from_before_the_policy_came_into_force_is_counted_as_such(policy: dict[str, Any]) -> None:
    metrics = compute(new_case(contacts=contacts_on(["2023-09-29", "2023-10-02"])), policy, on=date(2024, 1, 10))
    assert metrics["evidence"]["before_policy"] == 1 and metrics["contacts"] == 2


def test_a_threshold_says_in_the_policy_data_whether_it_is_met_above_or_at_its_value(policy: dict[str, Any]) -> None:
    metrics = compute(new_case(contacts=contacts_on(_working_days(3))), policy, on=ON)
    for row in metrics["indicators"]:
        assert row["met_when"] == policy["thresholds"][row["id"]]["met_when"]
        assert row["indicates"] == policy["thresholds"][row["id"]].get("indicates")
